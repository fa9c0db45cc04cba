"""The explorer in a real headless browser (Debian's chromium via its chromedriver), as a person would use it.

One uvicorn server on a free loopback port and one browser for the module. Chrome's performance
log records every request the pages make; the offline check fails if one leaves 127.0.0.1.
"""

import json
import shutil
import threading
import time
from urllib.parse import urlparse

import pytest
import uvicorn
from openpyxl import load_workbook

from server.app import create_app
from tests.conftest import free_port

pytestmark = pytest.mark.neo4j
CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")


@pytest.fixture(scope="module")
def base_url(settings, real_graph):
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def downloads(tmp_path_factory):
    return tmp_path_factory.mktemp("downloads")


@pytest.fixture(scope="module")
def browser(downloads, monkeypatch_module):
    if not (CHROMIUM and CHROMEDRIVER):
        pytest.fail("chromium and chromedriver are needed: `./dev test` installs them (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    monkeypatch_module.setenv("SE_OFFLINE", "true")  # never let Selenium Manager fetch a driver
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-default-apps"]:
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    options.add_experimental_option("prefs", {"download.default_directory": str(downloads),
                                              "download.prompt_for_download": False})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def requested_urls(driver) -> list[str]:
    """Every URL the browser asked for since the last call (from Chrome's performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def assert_local(urls: list[str], base_url: str) -> None:
    outside = [u for u in urls if not u.startswith(("data:", "blob:", "about:"))
               and urlparse(u).hostname != urlparse(base_url).hostname]
    assert not outside, f"requests left 127.0.0.1: {outside}"


def test_find_a_control_see_why_it_maps_open_the_gap_report_and_download_it(browser, base_url, downloads):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(base_url + "/")
    assert "Frameworks" in browser.find_element(By.TAG_NAME, "h1").text
    box = browser.find_element(By.CSS_SELECTOR, "header input[name=q]")
    box.send_keys("A.6.2.8")
    box.submit()
    browser.find_element(By.CSS_SELECTOR, 'ol.hits a[href="/requirements/iso42001:A.6.2.8"]').click()
    assert "iso42001:A.6.2.8" in browser.find_element(By.TAG_NAME, "h1").text
    rows = browser.find_elements(By.CSS_SELECTOR, "tr.mapping")
    assert len(rows) >= 5
    first = rows[0].text
    assert any(rel in first for rel in ("EQUAL", "SUBSET_OF", "SUPERSET_OF", "INTERSECTS_WITH"))
    assert len(rows[0].find_element(By.CSS_SELECTOR, "td.just").text) > 40  # the why, in words

    browser.get(base_url + "/")
    browser.find_element(By.PARTIAL_LINK_TEXT, "ISO/IEC 42001 covered by ISO/IEC 27001").click()
    assert "Coverage and gaps" in browser.find_element(By.TAG_NAME, "h1").text
    total = int(browser.find_element(By.CSS_SELECTOR, ".kpis .big").text)
    shown = browser.find_elements(By.CSS_SELECTOR, "table.coverage tbody tr")
    assert total == len(shown) > 30
    # the filter box (progressive enhancement) narrows the table as one types
    browser.find_element(By.CSS_SELECTOR, "input.table-filter").send_keys("A.6.2.8")
    visible = [r for r in shown if r.is_displayed()]
    assert 1 <= len(visible) < total and all("A.6.2.8" in r.text for r in visible)
    browser.find_element(By.LINK_TEXT, "XLSX").click()
    target = None
    for _ in range(100):
        found = [p for p in downloads.glob("*.xlsx")]
        if found:
            target = found[0]
            break
        time.sleep(0.1)
    assert target is not None and target.name == "crosswalk-coverage-iso42001-from-iso27001.xlsx"
    book = load_workbook(target)
    assert book["Requirements"].max_row - 1 == total
    assert_local(requested_urls(browser), base_url)

    browser.get(base_url + "/matrix")
    browser.find_element(By.CSS_SELECTOR, 'a[href="/matrix/iso42001/iso27001"]').click()
    WebDriverWait(browser, 10).until(ec.presence_of_element_located((By.CSS_SELECTOR, "table.grid td.cell")))
    assert_local(requested_urls(browser), base_url)


def test_graphiql_runs_offline(browser, base_url):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    requested_urls(browser)
    browser.get(base_url + "/graphql")
    WebDriverWait(browser, 20).until(ec.presence_of_element_located((By.CSS_SELECTOR, ".graphiql-editors")))
    assert "Loading" not in browser.find_element(By.ID, "graphiql").text[:20]
    browser.find_element(By.CSS_SELECTOR, ".graphiql-execute-button").click()
    WebDriverWait(browser, 20).until(lambda d: '"requirement"' in d.find_element(By.CSS_SELECTOR, ".result-window").text)
    urls = requested_urls(browser)
    assert any(u.endswith("/static/vendor/graphiql/graphiql.min.js") for u in urls)
    assert_local(urls, base_url)
