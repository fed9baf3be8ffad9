"""docs/architecture.md names every receiver the plugins connect, and the plugin
order it describes is checked by the plugins themselves."""

import logging
import re
import weakref

import pytest
from bilingual.problems import ContentError
from conftest import ROOT, build_site
from pelican.plugins import signals

PLUGIN_PACKAGES = ("bilingual", "comments", "gcds_assets", "fastbuild", "search", "cms")
DOC = (ROOT / "docs/architecture.md").read_text(encoding="utf-8")


def connected_receivers():
    """{'module.function'} of every receiver of every Pelican signal that this project's plugins connected."""
    names = set()
    for signal in vars(signals).values():
        for receiver in getattr(signal, "receivers", {}).values():
            function = receiver() if isinstance(receiver, weakref.ref) else receiver
            module = getattr(function, "__module__", None) or ""
            if module.split(".")[0] in PLUGIN_PACKAGES:
                names.add(f"{module.split('.')[-1]}.{function.__name__}")
    return names


def test_the_architecture_page_names_every_connected_receiver(site):
    receivers = connected_receivers()
    assert len(receivers) >= 20
    named = set(re.findall(r"`(\w+\.\w+)`", DOC))
    assert receivers - named == set()


def test_every_receiver_the_architecture_page_names_exists(site):
    receivers = connected_receivers()
    modules = {name.split(".")[0] for name in receivers}
    named = {name for name in re.findall(r"`(\w+\.\w+)`", DOC) if name.split(".")[0] in modules}
    assert len(named) >= 20
    assert named - receivers == set()


def test_fastbuild_listed_before_bilingual_builds_without_it_and_says_why(tmp_path, caplog):
    with caplog.at_level(logging.WARNING):
        build_site(tmp_path / "out", PLUGINS=["i18n_subsites", "fastbuild", "bilingual", "comments", "gcds_assets"])
    [warning] = [r.getMessage() for r in caplog.records if r.getMessage().startswith("fastbuild: off")]
    assert "PLUGINS lists 'fastbuild' before 'bilingual', 'comments'" in warning
    assert (tmp_path / "out/fr/index.html").is_file()


def test_bilingual_listed_before_the_stock_plugin_stops_the_build(tmp_path):
    with pytest.raises(ContentError, match="bilingual: PLUGINS lists 'bilingual' before 'i18n_subsites'"):
        build_site(tmp_path / "out", PLUGINS=["bilingual", "i18n_subsites", "comments", "gcds_assets", "fastbuild"])
