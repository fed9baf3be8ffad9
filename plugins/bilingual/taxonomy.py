"""Category and tag names in both languages, from one file authors maintain.

Each term is written once with its English and French names, so a French post
may use either name and is always listed under the French one, and the category
or tag page in one language can link to its equivalent in the other.
"""

from dataclasses import dataclass
from pathlib import Path

import yaml

from .problems import ContentError

KINDS = {"categories": "category", "tags": "tag"}


@dataclass(frozen=True)
class Taxonomy:
    """Maps (kind, any-language name) to the term's names in every language."""

    terms: dict

    def names(self, kind, name):
        """{lang: name} for the term called `name` in any language, or None."""
        return self.terms.get((kind, name.casefold()))

    def term_id(self, kind, name):
        """A language-independent identity: the term's names, sorted by language."""
        names = self.names(kind, name)
        return tuple(sorted(names.items())) if names else None


def load_taxonomy(path, languages):
    """Read the taxonomy file; a malformed one stops the build with its location."""
    path = Path(path)
    if not path.exists():
        return Taxonomy({})
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise ContentError(f"{path}: not valid YAML: {error}") from error
    terms = {}
    for section, kind in KINDS.items():
        for number, entry in enumerate(data.get(section) or [], start=1):
            if not isinstance(entry, dict) or not set(languages) <= set(entry):
                raise ContentError(
                    f"{path}: {section} entry {number}: expected the keys "
                    f"{sorted(languages)} (one name per language), got {entry!r}"
                )
            names = {lang: str(entry[lang]) for lang in languages}
            for name in names.values():
                terms[(kind, name.casefold())] = names
    return Taxonomy(terms)
