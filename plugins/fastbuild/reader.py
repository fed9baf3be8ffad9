"""Pelican's Markdown reader, reading conversions from the shared store."""

import logging

from pelican.readers import DUPLICATES_DEFINITIONS_ALLOWED, MarkdownReader

from .conversions import convert, markdown_options

logger = logging.getLogger(__name__)


class StoredMarkdownReader(MarkdownReader):
    def read(self, source_path):
        conversions = self.settings["FASTBUILD_STORE"].conversions
        stored = conversions.get(source_path)
        if stored is None:
            fields = tuple(self.settings["FORMATTED_FIELDS"])
            stamped = convert(source_path, markdown_options(self.settings), fields)
            conversions.put(source_path, stamped)
            stored = stamped[1]
        html, meta, formatted = stored
        self._source_path = source_path
        return html, self._metadata(meta, formatted)

    def _metadata(self, meta, formatted):
        """Pelican's _parse_metadata, with formatted fields already converted."""
        output = {}
        for name, value in meta.items():
            if name in formatted:
                output[name] = self.process_metadata(name, formatted[name])
            elif not DUPLICATES_DEFINITIONS_ALLOWED.get(name, True) or len(value) == 1:
                if len(value) > 1:
                    logger.warning("Duplicate definition of `%s` for %s. Using first one.", name, self._source_path)
                output[name] = self.process_metadata(name, value[0])
            else:
                output[name] = self.process_metadata(name, value)
        return output
