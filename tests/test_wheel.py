"""Installable: the wheel `pip install .` builds carries every data file Crosswalk reads (queries, stored
examples, ontology, pom.xml, default seeds), and the installed package answers a query against the real Neo4j."""

import json
import os
import subprocess
import sys
import sysconfig
import zipfile

import pytest

from crosswalk import PROJECT_ROOT

pytestmark = [pytest.mark.neo4j, pytest.mark.wheel]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(PROJECT_ROOT)],
                           capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    [path] = out.glob("crosswalk-*.whl")
    return path


def test_the_wheel_holds_every_data_file(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    queries = {str(p.relative_to(PROJECT_ROOT)) for p in (PROJECT_ROOT / "queries").rglob("*") if p.suffix in (".cypher", ".graphql")}
    assert queries and {f"crosswalk/{q}" for q in queries} <= names
    assert {f"ontology/{p.name}" for p in (PROJECT_ROOT / "ontology").glob("*.ttl")} <= names
    assert "graph/local/pom.xml" in names
    seeds = {str(p.relative_to(PROJECT_ROOT)) for p in (PROJECT_ROOT / "seeds").rglob("*") if p.is_file()}
    assert seeds and {f"crosswalk/{s}" for s in seeds} <= names


def test_the_installed_package_runs_a_query(wheel, tmp_path, settings, fixture_graph):
    target = tmp_path / "site"
    install = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-index", "-q", "--target",
                              str(target), str(wheel)], capture_output=True, text=True, timeout=300)
    assert install.returncode == 0, install.stderr
    # -S: no site-packages processing, so the checkout's editable install cannot shadow the wheel;
    # the dependencies come from this environment's site-packages, after the installed wheel.
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(target), sysconfig.get_paths()["purelib"]]),
           "NEO4J_URI": settings.bolt_uri, "CROSSWALK_HOME": str(tmp_path / "home")}
    env.pop("NEO4J_PASSWORD", None) if settings.neo4j_password is None else env.update(NEO4J_PASSWORD=settings.neo4j_password)
    run = subprocess.run([sys.executable, "-S", "-c", "import crosswalk.cli, sys; print(crosswalk.__file__, file=sys.stderr);"
                          " sys.argv = ['crosswalk', 'query', '{ frameworks { id } }']; crosswalk.cli.main()"],
                         capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env)
    assert run.returncode == 0, run.stdout + run.stderr
    assert str(target) in run.stderr  # the wheel's copy ran, not the checkout
    assert {f["id"] for f in json.loads(run.stdout)["data"]["frameworks"]} == {"std-a", "law-b", "guide-c"}
    validate = subprocess.run([sys.executable, "-S", "-c", "import crosswalk.cli, sys; sys.argv = ['crosswalk', 'validate'];"
                               " crosswalk.cli.main()"], capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env)
    assert validate.returncode == 0 and "valid" in validate.stdout, validate.stdout + validate.stderr
