"""The README's reference sections stay in step with the code."""

import re

from click import Group

from crosswalk import PROJECT_ROOT
from crosswalk.cli import cli
from crosswalk.settings import Settings, env_name

README = (PROJECT_ROOT / "README.md").read_text()


def commands(group: Group, prefix: str = "crosswalk") -> dict[str, str]:
    found = {}
    for name, command in group.commands.items():
        if isinstance(command, Group):
            found.update(commands(command, f"{prefix} {name}"))
        else:
            found[f"{prefix} {name}"] = command.help.split("\n")[0].strip()
    return found


def test_every_command_is_in_the_cli_reference_with_its_help():
    rows = dict(re.findall(r"^\| `(crosswalk [a-z0-9 -]+?)(?: \[.*?\]| [A-Z]+.*?| --.*?)?` \| (.+?) \|$", README, re.MULTILINE))
    assert rows == commands(cli)


def test_every_setting_is_documented():
    documented = set(re.findall(r"^\| `([A-Z0-9_]+)` \|", README, re.MULTILINE))
    variables = {env_name(name) for name in Settings.model_fields}
    assert documented == variables


def test_readme_opens_with_the_two_commands_ci_runs():
    first_block = README.split("```sh\n", 1)[1].split("```", 1)[0]
    assert [line.split("#")[0].strip() for line in first_block.strip().splitlines()] == ["./dev up", "./dev test"]
    ci = (PROJECT_ROOT / ".ci" / "run").read_text()
    assert ci.strip().splitlines()[-1] == "./dev test"


def test_a_bad_setting_names_its_variable(monkeypatch):
    from click.testing import CliRunner

    monkeypatch.setenv("CROSSWALK_PORT", "eighty")
    result = CliRunner().invoke(cli, ["validate"])
    assert result.exit_code == 1
    assert "CROSSWALK_PORT='eighty'" in result.output
