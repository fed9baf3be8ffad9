"""Compile the theme's gettext catalogues (.po) at build time.

The compiled .mo files go to a build folder (I18N_GETTEXT_LOCALEDIR), where
pelican-i18n-subsites installs them into Jinja; they are never committed or
edited by hand.
"""

import os
import tempfile
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from .problems import ContentError

DOMAIN = "messages"


def compile_catalogs(source_dir, target_dir):
    """Compile every <lang>/LC_MESSAGES/messages.po; return {lang: Translations}."""
    compiled = {}
    for po_path in sorted(Path(source_dir).glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        lang = po_path.parent.parent.name
        with po_path.open("rb") as po_file:
            catalog = read_po(po_file, locale=lang)
        problems = [
            f"{po_path}: msgid {message.id!r}: {error}"
            for message, errors in catalog.check()
            for error in errors
        ]
        if problems:
            raise ContentError("bilingual: broken translation catalogue:\n" + "\n".join(problems))
        mo_path = Path(target_dir) / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
        mo_path.parent.mkdir(parents=True, exist_ok=True)
        # Write then rename, so that parallel builds never read half a file.
        with tempfile.NamedTemporaryFile(dir=mo_path.parent, delete=False) as tmp:
            write_mo(tmp, catalog)
        os.replace(tmp.name, mo_path)
        with mo_path.open("rb") as mo_file:
            compiled[lang] = Translations(mo_file, domain=DOMAIN)
    return compiled


def translator(catalogs, lang):
    """A gettext callable for one language; the source language needs none."""
    return catalogs.get(lang, NullTranslations()).ugettext
