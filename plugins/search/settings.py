"""SEARCH_* settings: defaults in one place, checked once per build."""

import re
from dataclasses import dataclass
from pathlib import PurePosixPath

DEFAULTS = {
    # Index each language's pages with Pagefind once the site is written; False
    # builds the search pages without an index (their script then says so).
    "SEARCH_PAGEFIND": True,
    # The index's folder inside each language's folder: /en/pagefind/, /fr/pagefind/.
    "SEARCH_BUNDLE": "pagefind",
    # Index after the build returns, in a thread at low priority: the preview
    # (make devserver) sets it, so an edit shows without waiting for Pagefind.
    "SEARCH_IN_BACKGROUND": False,
}


class SearchSettingError(ValueError):
    exitcode = 1
    # A setting to fix, not a bug: Pelican's log shows the message without a traceback.
    is_content_error = True


@dataclass(frozen=True)
class SearchSettings:
    enabled: bool
    bundle: str
    background: bool
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
        background=bool(values["SEARCH_IN_BACKGROUND"]),
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


# The items an index covers: posts and pages. Pelican also writes drafts and
# hidden pages at these places; their templates leave them unmarked for the index.
ITEM_SAVE_AS = ("ARTICLE_SAVE_AS", "PAGE_SAVE_AS")
PLACEHOLDER = re.compile(r"\{[^}]*\}")


def item_globs(site_settings, folder):
    """Where a language's posts and pages are written, as globs relative to its
    folder ('blog/*/index.html'): Pagefind reads only those files, not the
    thousands of list, term and comment pages around them."""
    globs = []
    for name in ITEM_SAVE_AS:
        save_as = site_settings[name]
        if not save_as.startswith(f"{folder}/"):
            raise SearchSettingError(
                f"search: {name} of {site_settings['DEFAULT_LANG']!r} must be inside the language's "
                f"folder {folder + '/'!r} for its search index to find them, got {save_as!r}"
            )
        globs.append(PLACEHOLDER.sub("*", save_as[len(folder) + 1 :]))
    return sorted(set(globs))
