"""What made a cache: the toolchain, the settings files and the plugin code.

Every cache fastbuild keeps (conversions, content objects, page keys,
compiled templates) depends on more than the sources: the Python, Pelican,
pelican-i18n-subsites, Python-Markdown, Jinja2, Babel and PyYAML that made it,
the settings files, the plugins' code (French typography is a Markdown
extension there), the source of callable settings such as ARTICLE_ORDER_BY
and the GC Design System packages' versions (GCDS_ASSETS_VERSIONS).
As Sphinx does with its pickled environment, the cache folder records all of
that (toolchain.json), and a build whose toolchain differs in any part sets
the whole cache aside and builds cold, saying why, once.
"""

import hashlib
import inspect
import json
import logging
import shutil
import sys
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

logger = logging.getLogger(__name__)

LIBRARIES = ("pelican", "pelican-i18n-subsites", "Markdown", "Jinja2", "babel", "PyYAML")
MANIFEST = "toolchain.json"


def file_digest(path):
    return hashlib.blake2b(Path(path).read_bytes(), digest_size=16).hexdigest()


def library_version(name):
    try:
        return version(name)
    except PackageNotFoundError:
        return None


@cache
def code_digests(folders):
    """{file: digest} of the Python code under the plugin folders, as this process
    loaded it: taken once, when the plugins are imported (a file edited while a
    dev server runs is not the code that server runs)."""
    digests = {}
    for folder in folders:
        root = Path(folder)
        for path in sorted(root.rglob("*.py")):
            if "__pycache__" not in path.parts:
                digests[path.relative_to(root).as_posix()] = file_digest(path)
    return digests


def callable_sources(settings):
    """{setting: source} of the settings that are functions or classes: their
    code, which a change to them must reach (their repr holds only an address)."""
    sources = {}
    for name, value in sorted(settings.items()):
        if name.isupper() and (inspect.isfunction(value) or inspect.isclass(value) or inspect.ismethod(value)):
            try:
                sources[name] = inspect.getsource(value)
            except (OSError, TypeError):
                sources[name] = f"{value.__module__}.{value.__qualname__} (no source)"
    return sources


def fingerprint(settings):
    """Everything but the sources and plain settings that a cache depends on."""
    return {
        "Python": sys.version,
        **{name: library_version(name) for name in LIBRARIES},
        "settings files": {
            Path(path).name: file_digest(path) for path in settings.get("FASTBUILD_SETTINGS_FILES", [])
        },
        "plugin code": code_digests(tuple(settings.get("PLUGIN_PATHS", []))),
        "callable settings": callable_sources(settings),
        # The GC Design System packages the theme's assets come from (plugins/gcds_assets).
        "GC Design System": settings.get("GCDS_ASSETS_VERSIONS"),
    }


def differences(old, new):
    """What changed between two fingerprints, in words: 'Markdown 3.11.3 -> 3.10.2'."""
    changes = []
    for part in new:
        before, after = old.get(part), new[part]
        if before == after:
            continue
        if isinstance(after, dict) and isinstance(before, dict):
            names = sorted(name for name in {*before, *after} if before.get(name) != after.get(name))
            changes.append(f"{part} changed ({', '.join(names)})")
        else:
            changes.append(f"{part} {before} -> {after}")
    return changes


def claim(folder, settings):
    """Make `folder` a cache of this toolchain: keep it if it was made by the same
    one, else empty it, and say why once. Return the reasons (empty if kept)."""
    folder = Path(folder)
    manifest = folder / MANIFEST
    current = fingerprint(settings)
    try:
        recorded = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        recorded = None
    if recorded == current:
        return []
    reasons = differences(recorded, current) if isinstance(recorded, dict) else []
    if folder.exists():
        if not reasons:
            reasons = ["it records no toolchain"]
        logger.warning("fastbuild: cache %s set aside, building cold: %s", folder, "; ".join(reasons))
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    manifest.write_text(json.dumps(current, indent=1, sort_keys=True), encoding="utf-8")
    return reasons
