"""The GC Design System's own parts reach the output from node_modules (plugins/gcds_assets)."""

import json
import re
import runpy

import pytest
from conftest import ROOT, build_site, soup
from fastbuild import toolchain
from gcds_assets.gcds_assets import GcdsAssetsError

MODULES = ROOT / "node_modules"
GCDS = "theme/gcds"
SIGNATURE_ASSETS = MODULES / "@gcds-core/components/dist/collection/components/gcds-signature/assets"
CONF = runpy.run_path(str(ROOT / "pelicanconf.py"))


def pinned():
    return {name: version for name, version in json.loads((ROOT / "package.json").read_text())["dependencies"].items()
            if name.startswith("@gcds-core/")}


def test_package_json_pins_the_design_system_packages_exactly():
    versions = pinned()
    assert set(versions) == {"@gcds-core/tokens", "@gcds-core/fonts", "@gcds-core/components"}
    assert all(re.fullmatch(r"\d+\.\d+\.\d+", v) for v in versions.values()), versions


def test_the_fonts_the_theme_uses_are_the_packages_own_files(site):
    fonts = sorted((site / GCDS / "fonts").glob("*.woff2"))
    assert [f.name for f in fonts] == [
        "gcds-lato.woff2", "gcds-noto-sans-bold.woff2", "gcds-noto-sans-regular-italic.woff2", "gcds-noto-sans-regular.woff2",
    ]
    for font in fonts:
        family = "lato" if "lato" in font.name else "noto-sans"
        assert font.read_bytes() == (MODULES / "@gcds-core/fonts/fonts" / family / font.name).read_bytes()
    assert {p.name for p in (site / GCDS / "fonts").glob("LICENSE-*.txt")} == {"LICENSE-lato.txt", "LICENSE-noto-sans.txt"}


@pytest.mark.parametrize("name", ["sig-blk-en.svg", "sig-blk-fr.svg", "wmms-spl-en.svg", "wmms-spl-fr.svg"])
def test_signature_and_wordmark_are_the_official_svgs_coloured_as_gcds_signature_does(site, name):
    written = (site / GCDS / name).read_text(encoding="utf-8")
    official = (SIGNATURE_ASSETS / name).read_text(encoding="utf-8")
    assert "<style>.fip_flag{fill:#eb2d37}.fip_text{fill:#000000}</style>" in written
    assert written.replace("<style>.fip_flag{fill:#eb2d37}.fip_text{fill:#000000}</style>", "") == official


def test_every_token_site_css_uses_is_defined_in_gcds_css(site):
    site_css = (site / "theme/css/site.css").read_text(encoding="utf-8")
    gcds_css = (site / GCDS / "gcds.css").read_text(encoding="utf-8")
    used = set(re.findall(r"var\((--gcds-[\w-]+)", site_css))
    defined = set(re.findall(r"(--gcds-[\w-]+):", gcds_css))
    assert len(used) > 40
    assert used <= defined, used - defined
    # Only what is used (and what that refers to): not the whole 55 KB tokens file.
    assert len(gcds_css) < 8000
    for font in re.findall(r'url\("([^"]+)"\)', gcds_css):
        assert (site / GCDS / font).is_file(), font


def test_every_page_links_the_favicon_and_both_stylesheets_that_exist(site):
    for page in [site / "index.html", site / "404.html", site / "en/index.html", site / "fr/blogue/index.html"]:
        doc = soup(page)
        hrefs = [link["href"] for link in doc.select('link[rel="stylesheet"], link[rel="icon"]')]
        assert hrefs == [f"/{GCDS}/gcds.css", "/theme/css/site.css", f"/{GCDS}/favicon.svg"], page
        assert all((site / href.lstrip("/")).is_file() for href in hrefs)


def test_the_favicon_is_the_signature_flag_in_red(site):
    favicon = (site / GCDS / "favicon.svg").read_text(encoding="utf-8")
    assert favicon.startswith("<svg") and 'fill="#eb2d37"' in favicon
    assert favicon.count("<path") == 1


def test_the_installed_versions_are_a_setting_and_key_the_fastbuild_caches(tmp_path):
    from pelican import Pelican
    from pelican.settings import read_settings

    settings = read_settings(str(ROOT / "pelicanconf.py"), override={
        "CACHE_CONTENT": False, "CACHE_PATH": str(tmp_path / "cache"), "OUTPUT_PATH": str(tmp_path / "output"),
    })
    Pelican(settings)
    assert settings["GCDS_ASSETS_VERSIONS"] == pinned()
    old = toolchain.fingerprint(settings)
    new = toolchain.fingerprint({**settings, "GCDS_ASSETS_VERSIONS": {**pinned(), "@gcds-core/fonts": "9.9.9"}})
    assert toolchain.differences(old, new) == ["GC Design System changed (@gcds-core/fonts)"]


def test_missing_node_modules_stops_the_build_saying_to_run_npm_ci(tmp_path):
    with pytest.raises(GcdsAssetsError, match=r"not installed in .*empty.*Run `npm ci`.*make html"):
        build_site(tmp_path / "output", GCDS_NODE_MODULES=str(tmp_path / "empty"))


def test_an_unknown_signature_file_stops_the_build_naming_the_setting(tmp_path):
    table = json.loads(json.dumps(CONF["LANGUAGES"]))
    table["fr"]["SIGNATURE_IMAGE"] = "sig-blk-xx.svg"
    with pytest.raises(GcdsAssetsError, match=r"LANGUAGES names 'sig-blk-xx.svg'.*sig-blk-en.svg"):
        build_site(tmp_path / "output", **CONF["language_settings"](table))
