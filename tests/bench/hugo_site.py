"""The bench corpus as a Hugo site, for `hugo server`'s figure beside the preview's.

    python tests/bench/hugo_site.py CORPUS SITE

Same posts, French translations, authors, categories, tags and pages, in two
languages (one content folder each, linked by translationKey), with a small
theme of the same page kinds: each post's page with its translation's link,
paginated home and term lists (10 per page), term indexes, Atom-like RSS
feeds and a sitemap. It is not our theme: the figure compares the two tools'
rebuilds of one corpus, not their pages.
"""

import argparse
import json
import re
import shutil
from pathlib import Path

HEADER = re.compile(r"\A((?:[A-Za-z-]+:[^\n]*\n)+)\n", re.M)
CONFIG = """baseURL = "http://127.0.0.1/"
title = "Digital Government Blog"
defaultContentLanguage = "en"
defaultContentLanguageInSubdir = true
paginate = 10
enableRobotsTXT = false

[taxonomies]
tag = "tags"
category = "categories"
author = "authors"

[languages.en]
contentDir = "content/en"
languageName = "English"
weight = 1

[languages.fr]
contentDir = "content/fr"
languageName = "Français"
weight = 2
title = "Blogue du gouvernement numérique"
"""
LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="{{ .Site.Language.Lang }}">
<head><meta charset="utf-8"><title>{{ .Title }} - {{ .Site.Title }}</title></head>
<body>
<header><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>
{{ range .Translations }}<a href="{{ .RelPermalink }}" hreflang="{{ .Lang }}">{{ .Language.LanguageName }}</a>{{ end }}
</header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ .Site.Title }}</footer>
</body>
</html>
""",
    "_default/single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p>{{ .Date.Format "2006-01-02" }} {{ range .Params.authors }}{{ . }} {{ end }}</p>
{{ .Content }}
<p>{{ range .GetTerms "tags" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ end }}</p>
</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ range .Paginator.Pages }}<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p>{{ .Summary }}</p></article>{{ end }}
{{ template "_internal/pagination.html" . }}{{ end }}
""",
    "_default/terms.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}
<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}</ul>{{ end }}
""",
    "index.html": """{{ define "main" }}{{ range (.Paginate (where .Site.RegularPages "Section" "posts")).Pages }}
<article><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2><p>{{ .Summary }}</p></article>{{ end }}
{{ template "_internal/pagination.html" . }}{{ end }}
""",
}


def front_matter(header):
    """Our `Key: value` header as Hugo's JSON front matter."""
    fields = {}
    for line in header.splitlines():
        name, _, value = line.partition(":")
        fields[name.strip().lower()] = value.strip()
    matter = {"title": fields["title"]}
    if "date" in fields:
        matter["date"] = fields["date"].replace(" ", "T") + ":00"
    if "modified" in fields:
        matter["lastmod"] = fields["modified"].replace(" ", "T") + ":00"
    if "translation-key" in fields:
        matter["translationKey"] = fields["translation-key"]
    for ours, hugo in (("author", "authors"), ("category", "categories"), ("tags", "tags")):
        if ours in fields:
            matter[hugo] = [value.strip() for value in fields[ours].split(",")]
    if "summary" in fields:
        matter["summary"] = fields["summary"]
    return json.dumps(matter, ensure_ascii=False, indent=1)


def convert_file(source, target):
    text = source.read_text(encoding="utf-8")
    match = HEADER.match(text)
    header, body = (match.group(1), text[match.end():]) if match else ("", text)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(f"{front_matter(header)}\n\n{body}", encoding="utf-8")


def hugo_path(site, source):
    """Where a corpus file goes: content/<lang>/<section>/<name>.md."""
    lang = source.name.rsplit(".", 2)[1]
    return site / "content" / lang / source.parent.name / source.name.replace(f".{lang}.md", ".md")


def write_site(corpus, site):
    """Write the Hugo site of `corpus` into `site` (replacing it); return {corpus file: Hugo file}."""
    corpus, site = Path(corpus), Path(site)
    shutil.rmtree(site, ignore_errors=True)
    (site / "hugo.toml").parent.mkdir(parents=True)
    (site / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    for name, text in LAYOUTS.items():
        (site / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (site / "layouts" / name).write_text(text, encoding="utf-8")
    files = {}
    for source in sorted(corpus.glob("*/*.md")):
        files[source] = hugo_path(site, source)
        convert_file(source, files[source])
    return files


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("site", type=Path)
    args = parser.parse_args(argv)
    print(len(write_site(args.corpus, args.site)))  # noqa: T201


if __name__ == "__main__":
    main()
