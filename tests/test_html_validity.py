"""Every built page passes the Nu HTML Checker (vnu.jar from npm, run on the machine's Java)."""

import json
import subprocess

from conftest import ROOT

VNU = ROOT / "node_modules/vnu-jar/build/dist/vnu.jar"


def vnu_errors(folder):
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--skip-non-html", "--errors-only", "--format", "json", str(folder)],
        capture_output=True, text=True, timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [f"{m.get('url', '')}:{m.get('lastLine', '')}: {m['message']}" for m in messages]


def test_every_built_page_is_valid_html(site, published_site):
    assert vnu_errors(site) == []
    assert vnu_errors(published_site) == []


def test_the_checker_reports_invalid_html(tmp_path):
    (tmp_path / "bad.html").write_text("<!DOCTYPE html><html lang=en><title>x</title><p><div></span>", encoding="utf-8")
    assert vnu_errors(tmp_path)
