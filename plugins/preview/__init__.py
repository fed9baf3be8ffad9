"""preview: the local preview server (`make devserver`); a tool, not a Pelican plugin."""
