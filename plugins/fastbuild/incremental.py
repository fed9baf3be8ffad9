"""What a rebuild may skip: the whole build when no input changed, else the
pages whose inputs did not change (writer.py keys each page).

An input is any file the build reads (content, theme, translations) or any
plain setting; what else shapes the output (library versions, settings files,
plugin code, callable settings) keys the whole cache folder (toolchain.py).
A post's page depends on its own file, its translation's file (the language
toggle), the site-wide inputs (theme, settings, pages, bios, taxonomy,
comments), and what it shows of other posts (the post's `page_inputs`: the
titles, URLs and dates of its neighbours and related posts).
"""

import hashlib
import json
import os
from pathlib import Path

from .conversions import files_under, stamp


def file_stamps(folder):
    return sorted((path, stamp(path)) for path in files_under(folder))


def plain_settings(settings):
    """The settings that can be written as JSON; objects (state, functions) are left out."""

    def plain(value):
        if isinstance(value, (str, int, float, bool, type(None))):
            return value
        if isinstance(value, (list, tuple)):
            items = [plain(v) for v in value]
            return None if any(i is _SKIP for i in items) else items
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items() if plain(v) is not _SKIP}
        return _SKIP

    return {key: plain(value) for key, value in sorted(settings.items()) if key.isupper() and plain(value) is not _SKIP}


_SKIP = object()


def digest(*parts):
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def post_folders(settings):
    return [Path(settings["PATH"]) / folder for folder in settings["ARTICLE_PATHS"]]


def settings_digest(settings):
    """The plain settings' digest, to be taken once per Pelican, before its first
    run: a run changes some (Pelican's Markdown reader adds its extensions to
    MARKDOWN), and a long-lived Pelican (`make devserver`) must not take its
    second run for a new site, nor disagree with what a fresh `make html` finds."""
    return digest(plain_settings(settings))


def site_digest(settings, settings_part):
    """Every input but the posts themselves (`settings_part`: settings_digest)."""
    posts = {str(folder) for folder in post_folders(settings)}
    content = [
        stamp for stamp in file_stamps(settings["PATH"]) if not any(stamp[0].startswith(p + os.sep) for p in posts)
    ]
    return digest(settings_part, content, [file_stamps(folder) for folder in site_folders(settings)])


def site_folders(settings):
    """The folders besides the content whose files every page depends on: the
    theme, and the interface translations (I18N_GETTEXT_SOURCE, which may lie
    outside the theme)."""
    return [folder for folder in (settings["THEME"], settings.get("I18N_GETTEXT_SOURCE")) if folder]


def build_digest(settings, site):
    """Every input of the build: the site-wide inputs and every post."""
    return digest(site, [file_stamps(folder) for folder in post_folders(settings)], settings["OUTPUT_PATH"])


def post_page_key(site, article, source_stamps):
    """A post's page changes when the site-wide inputs, or its or its translation's
    file, change, or what it shows of other posts (`page_inputs`: plain values a
    plugin sets, such as the titles and URLs of its neighbours).

    `source_stamps` are (path, stamp) as the files were when this build read them.
    """
    return digest(site, sorted(source_stamps), article.save_as, getattr(article, "page_inputs", None))
