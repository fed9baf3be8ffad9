"""Pelican's Markdown reader, reading conversions from the shared store."""

from markdown import Markdown
from pelican.readers import MarkdownReader

from .conversions import convert, markdown_options


class StoredMarkdownReader(MarkdownReader):
    def read(self, source_path):
        conversions = self.settings["FASTBUILD_CONVERSIONS"]
        options = markdown_options(self.settings)
        stored = conversions.get(source_path)
        if stored is None:
            stored = convert(source_path, options)
            conversions.put(source_path, *stored)
        html, meta = stored
        self._source_path = source_path
        # Only formatted fields (the summary) need a Markdown instance here.
        self._md = Markdown(**options)
        metadata = self._parse_metadata({name: list(values) for name, values in meta.items()}) if meta else {}
        return html, metadata
