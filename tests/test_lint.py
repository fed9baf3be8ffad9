"""The code stays clean under the committed ruff configuration (`make lint`)."""

import subprocess
import sys

from conftest import ROOT


def ruff(*args, source=None):
    return subprocess.run(
        [sys.executable, "-m", "ruff", *args], cwd=ROOT, input=source, capture_output=True, text=True, timeout=120,
    )


def test_ruff_check_is_clean():
    result = ruff("check", "--no-cache", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_committed_rules_are_in_force():
    """A print in a plugin, and a `noqa` that suppresses nothing, are reported."""
    source = 'def f():\n    print("x")\n    return 1  # noqa: E501\n'
    result = ruff("check", "--no-cache", "--output-format", "concise", "--stdin-filename", "plugins/bilingual/example.py", "-",
                  source=source)
    assert result.returncode == 1
    codes = {line.split(": ", 1)[1].split()[0] for line in result.stdout.splitlines() if "example.py:" in line}
    assert codes == {"T201", "RUF100"}, result.stdout
