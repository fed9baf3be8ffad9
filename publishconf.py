"""Production settings: `make publish`. Only what differs from pelicanconf.py."""

import os
import sys

sys.path.append(os.path.dirname(__file__))
from pelicanconf import *  # noqa: E402, F403

SITEURL = os.environ.get("SITEURL", "https://blog.example.gc.ca").rstrip("/")
RELATIVE_URLS = False
DELETE_OUTPUT_DIRECTORY = True
