"""Pelican's Markdown reader, reading conversions from the shared store."""

import logging
import re

from pelican.readers import (
    DUPLICATES_DEFINITIONS_ALLOWED,
    METADATA_PROCESSORS,
    MarkdownReader,
)
from pelican.utils import SafeDatetime

from .conversions import markdown_options

logger = logging.getLogger(__name__)
# Dates as authors write them; anything else goes to Pelican's (slower) dateutil parser.
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?")
# Pelican's own date processors; a plugin that replaces one keeps its own behaviour.
STOCK_DATE_PROCESSORS = {name: METADATA_PROCESSORS[name] for name in ("date", "modified")}


class StoredMarkdownReader(MarkdownReader):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Worked out once per reader, not once per file.
        self.options = markdown_options(self.settings)
        self.fields = tuple(self.settings["FORMATTED_FIELDS"])

    def read(self, source_path):
        store = self.settings["FASTBUILD_STORE"]
        conversions = store.conversions
        options, fields = self.options, self.fields
        stored = conversions.get(source_path)
        if stored is None:
            partner = store.partner
            if partner is not None and not partner.owns(conversions.language(source_path, options)):
                # The other process's language: its site converts the body.
                stored = conversions.header(source_path, options)
            else:
                conversions.convert([source_path], options, fields)
                stored = conversions.get(source_path) or conversions.entries[source_path][1:]
        store.read_stamps[source_path] = conversions.read_stamp(source_path)
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

    def process_metadata(self, name, value):
        """Pelican's, with a fast path for plain ISO dates, which dateutil parses
        to the same naive date and time (it is a tenth of the reading time)."""
        if name in STOCK_DATE_PROCESSORS and METADATA_PROCESSORS.get(name) is STOCK_DATE_PROCESSORS[name]:
            text = re.sub(" +", " ", value.replace("_", " ") if name == "date" else value)
            if ISO_DATE.fullmatch(text):
                try:
                    return SafeDatetime.fromisoformat(text)
                except ValueError:
                    pass  # e.g. 2010-02-30: Pelican's parser reports it
        return super().process_metadata(name, value)
