"""Production settings: `make publish`. Only what differs from pelicanconf.py."""

import os
import sys

sys.path.append(os.path.dirname(__file__))
from pelicanconf import *  # noqa: F403

SITEURL = os.environ.get("SITEURL", "https://blog.example.gc.ca").rstrip("/")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
FASTBUILD_SETTINGS_FILES = [*FASTBUILD_SETTINGS_FILES, __file__]  # noqa: F405
# A published site is built cold, in a cache folder of its own that the build
# deletes: nothing a preview build (or another toolchain) left can reach it.
FASTBUILD_KEEP_CACHE = False
# The browser editor (Decap CMS, plugins/cms) is for previews: never published.
CMS_ADMIN = False
# Gaps in the bilingual content (a post with no translation, an author with no
# bio) are errors here and warnings in previews.
BILINGUAL_STRICT = True
# A published site must name its real endpoint; only https, or a loopback host
# for a local rehearsal, is accepted.
COMMENTS_ENDPOINT = os.environ.get("COMMENTS_ENDPOINT", "")
COMMENTS_REQUIRE_HTTPS = True
