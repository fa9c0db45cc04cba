"""Binary garbage or a non-UTF-8 seed file is a named problem from `crosswalk validate` and `load`, not a traceback;
a bad value is named in the message."""

import os
import shutil

import pytest
from click.testing import CliRunner

from crosswalk.cli import cli
from tests.conftest import FIXTURE_SEEDS


@pytest.fixture
def seeds(tmp_path):
    target = tmp_path / "seeds"
    shutil.copytree(FIXTURE_SEEDS, target)
    return target


@pytest.mark.parametrize("name, content, expected", [
    ("frameworks/std-a.yaml", os.urandom(64) + b"\xff\xfe", "not UTF-8 text: byte 0x"),
    ("frameworks/std-a.yaml", "id: std-a\nname: Norme é\n".encode("latin-1"), "not UTF-8 text: byte 0xe9"),
    ("frameworks/law-b.yaml", b"id: law-b\x00\x00\x00", "a NUL byte at offset 9"),
    ("mappings/std-a-law-b.sssom.tsv", b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8 text: byte 0x89"),
    ("mappings/std-a-law-b.sssom.tsv", b"# mapping_set_id: std-a-law-b\n\x00\x00\tx", "a NUL byte"),
])
def test_garbage_is_a_named_problem(seeds, name, content, expected):
    (seeds / name).write_bytes(content)
    for command in (["validate"], ["load"]):
        result = CliRunner().invoke(cli, command + ["--seeds", str(seeds)])
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
        assert expected in result.output and name.split("/")[-1] in result.output, result.output


def test_validate_names_the_bad_value(seeds):
    path = seeds / "mappings" / "std-a-law-b.sssom.tsv"
    text = path.read_text(encoding="utf-8")
    relation = next(r for r in ("SUPERSET_OF", "SUBSET_OF", "INTERSECTS_WITH", "EQUAL") if f"\t{r}\t" in text)
    path.write_text(text.replace(f"\t{relation}\t", "\tOVERLAPS_SOMEWHAT\t", 1), encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", "--seeds", str(seeds)])
    assert result.exit_code == 1 and "'OVERLAPS_SOMEWHAT'" in result.output, result.output


@pytest.mark.parametrize("major, accepted", [(11, False), (17, True), (19, False), (21, True), (22, False)])
def test_dev_accepts_the_java_versions_the_python_side_accepts(tmp_path, major, accepted):
    import subprocess

    from crosswalk import PROJECT_ROOT
    from graph.local_neo4j import find_java

    fake = tmp_path / "bin" / "java"
    fake.parent.mkdir()
    fake.write_text(f'#!/bin/sh\necho \'openjdk version "{major}.0.1" 2024-01-01\' >&2\n')
    fake.chmod(0o755)
    env = {"PATH": f"{fake.parent}:/usr/bin:/bin", "HOME": str(tmp_path)}
    dev = subprocess.run([str(PROJECT_ROOT / "dev"), "java"], capture_output=True, text=True, env=env, timeout=30)
    assert (dev.returncode == 0) == accepted, dev.stderr
    old = dict(os.environ)
    try:
        os.environ.clear()
        os.environ.update(env)
        python_accepts = find_java() == str(fake)
    except Exception:
        python_accepts = False
    finally:
        os.environ.clear()
        os.environ.update(old)
    assert python_accepts == accepted
