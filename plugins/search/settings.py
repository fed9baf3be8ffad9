"""SEARCH_* settings: defaults in one place, checked once per build."""

from dataclasses import dataclass
from pathlib import PurePosixPath

DEFAULTS = {
    # Index each language's pages with Pagefind once the site is written; False
    # builds the search pages without an index (their script then says so).
    "SEARCH_PAGEFIND": True,
    # The index's folder inside each language's folder: /en/pagefind/, /fr/pagefind/.
    "SEARCH_BUNDLE": "pagefind",
}


class SearchSettingError(ValueError):
    exitcode = 1
    # A setting to fix, not a bug: Pelican's log shows the message without a traceback.
    is_content_error = True


@dataclass(frozen=True)
class SearchSettings:
    enabled: bool
    bundle: str
    # Whether the record of what each index was built from may be kept in
    # CACHE_PATH: not by a build that keeps nothing (`make publish`).
    keep_record: bool


def read_settings(settings):
    values = {name: settings.get(name, default) for name, default in DEFAULTS.items()}
    bundle = values["SEARCH_BUNDLE"]
    path = PurePosixPath(bundle) if isinstance(bundle, str) else None
    if path is None or not bundle or path.is_absolute() or len(path.parts) != 1 or bundle in (".", ".."):
        raise SearchSettingError(
            f"search: SEARCH_BUNDLE must be one folder name (the index's folder inside each "
            f"language's folder, such as 'pagefind'), got {bundle!r}"
        )
    return SearchSettings(
        enabled=bool(values["SEARCH_PAGEFIND"]),
        bundle=bundle,
        keep_record=settings.get("FASTBUILD_KEEP_CACHE", True) is not False,
    )


def language_folder(site_settings):
    """The output folder holding one language's pages (the home's folder: 'en'),
    which its index covers; a language at the output root would index the other's pages."""
    folder = PurePosixPath(site_settings["INDEX_SAVE_AS"]).parent
    if str(folder) in ("", "."):
        raise SearchSettingError(
            f"search: each language's pages must be in a folder of their own for its search "
            f"index; INDEX_SAVE_AS of {site_settings['DEFAULT_LANG']!r} is "
            f"{site_settings['INDEX_SAVE_AS']!r} (expected e.g. 'en/index.html')"
        )
    return folder.as_posix()
