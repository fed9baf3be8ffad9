"""The browser editor (Decap CMS at /admin/, plugins/cms): in previews only, in
our file format both ways, and driven end to end in Chromium against
decap-server's local file-system back end on 127.0.0.1."""

import http.client
import json
import os
import queue
import socket
import subprocess
import threading
from urllib.parse import urlsplit

import pytest
from bilingual import source_text
from cms import cms
from conftest import ROOT, build_site, copy_content, soup
from preview import server as preview_server

FORMAT = ROOT / "plugins/cms/pelican-cms.js"
DECAP_SERVER = ROOT / "node_modules/decap-server/dist/index.js"
WAIT_MS = 30_000


def embedded(page):
    """The JSON the editor's page carries: {"site": ..., "config": ...}."""
    return json.loads(soup(page).select_one("script#gcb-cms").string.replace("<\\/", "</"))


def run_format(site, script):
    """Run `script` in Node with `format` made from the editor's site data; its stdout as JSON."""
    program = f"const format = require({json.dumps(str(FORMAT))}).makeFormat({json.dumps(site)});\n{script}"
    done = subprocess.run(["node", "-e", program], capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout)


def test_the_editor_is_in_preview_builds_and_never_in_publish_output(site, published_site):
    for lang in ("en", "fr"):
        assert (site / "admin" / lang / "index.html").is_file()
    assert (site / "admin/decap-cms.js").stat().st_size > 1_000_000
    assert (site / "admin/pelican-cms.js").is_file()
    assert not (published_site / "admin").exists()
    assert not list(published_site.rglob("*decap*"))
    assert not [p for p in published_site.rglob("*.html") if "gcb-cms" in p.read_text(encoding="utf-8")]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_each_editor_page_speaks_its_language_and_decap_does_too(site, lang):
    page = site / "admin" / lang / "index.html"
    assert soup(page).html["lang"] == lang
    config = embedded(page)["config"]
    assert config["locale"] == lang
    assert config["i18n"] == {"structure": "multiple_files", "locales": ["en", "fr"], "default_locale": "en"}
    posts = config["collections"][0]
    assert posts["label"] == {"en": "Posts", "fr": "Articles"}[lang]
    labels = {field["name"]: field["label"] for field in posts["fields"]}
    assert labels["title"] == {"en": "Title", "fr": "Titre"}[lang]
    # The backend is the page's own origin (the preview server forwards it), never git.
    assert config["backend"] == {"name": "proxy", "proxy_url": preview_server.CMS_API_PATH, "branch": "main"}
    assert cms.CMS_API_PATH == preview_server.CMS_API_PATH


def test_choices_come_from_the_content_authors_and_taxonomy(site):
    fields = {f["name"]: f for f in embedded(site / "admin/fr/index.html")["config"]["collections"][0]["fields"]}
    assert fields["author"]["options"] == ["Mark Levene"]
    assert fields["category"]["options"] == [{"label": "Gouvernement numérique", "value": "Digital government"}]
    assert {"label": "Écologisation du gouvernement", "value": "Greening government"} in fields["tags"]["options"]
    assert len(fields["tags"]["options"]) == 3
    # newpost's file name: the post's own date, then its key (Decap's {{year}} would be today's).
    assert embedded(site / "admin/fr/index.html")["config"]["collections"][0]["slug"] == (
        "{{fields.date | date('YYYY-MM-DD')}}-{{fields.translation_key}}"
    )


def test_the_format_writes_every_content_file_back_byte_for_byte(site):
    files = sorted(str(p) for p in (ROOT / "content").rglob("*.md"))
    assert len(files) >= 6
    results = run_format(embedded(site / "admin/en/index.html")["site"], f"""
        const fs = require("fs");
        const out = {{}};
        for (const file of {json.dumps(files)}) {{
          const text = fs.readFileSync(file, "utf8");
          out[file] = format.toFile(JSON.parse(JSON.stringify(format.fromFile(text)))) === text;
        }}
        process.stdout.write(JSON.stringify(out));
    """)
    assert results == dict.fromkeys(files, True)


def test_an_untouched_translation_is_written_pending_with_the_source_title(site):
    source = {"title": "Greening IT", "date": "2026-12-03 10:00", "author": "Mark Levene", "lang": "en",
              "translation_key": "greening-it", "category": "Digital government",
              "tags": ["Greening government"], "body": "Servers use power.\n"}
    # What Decap hands the format for the French file nobody filled in: the duplicated fields only.
    stub = {key: source[key] for key in ("date", "author", "translation_key", "category", "tags")}
    texts = run_format(embedded(site / "admin/en/index.html")["site"], f"""
        process.stdout.write(JSON.stringify([format.toFile({json.dumps(source)}), format.toFile({json.dumps(stub)})]));
    """)
    assert texts[1] == (
        "Title: Greening IT\nDate: 2026-12-03 10:00\nAuthor: Mark Levene\nLang: fr\n"
        "Translation-Key: greening-it\nTranslation-Status: pending\nCategory: Gouvernement numérique\n"
        "Tags: Écologisation du gouvernement\n\nLa traduction de 2026-12-03-greening-it.en.md.\n"
    )
    assert source_text.parse(texts[0]).get("translation-key") == "greening-it"


def test_make_cms_runs_decap_server_in_file_system_mode_beside_the_devserver():
    dry = subprocess.run(["make", "-n", "--no-print-directory", "cms", "PORT=8123"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    assert "MODE=fs " in dry
    assert "MODE=git" not in dry
    assert "node_modules/decap-server/dist/index.js" in dry
    assert "-m preview.server" in dry
    assert "--cms-api http://127.0.0.1:8082/api/v1" in dry


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def decap_server(tmp_path):
    """decap-server's local back end (file-system mode) on a copy of the content."""
    content = copy_content(tmp_path / "content")
    port = free_port()
    env = {**os.environ, "MODE": "fs", "BIND_HOST": "127.0.0.1", "PORT": str(port), "GIT_REPO_DIRECTORY": str(content)}
    process = subprocess.Popen(["node", str(DECAP_SERVER)], env=env, cwd=tmp_path, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in process.stdout], daemon=True).start()
    try:
        while "listening" not in lines.get(timeout=30):
            pass
        yield content, f"http://127.0.0.1:{port}/api/v1"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def editor(tmp_path, decap_server):
    """The preview of that content served by the preview server, which forwards the editor's API."""
    content, api = decap_server
    output = build_site(tmp_path / "output", content=content, SEARCH_PAGEFIND=False)
    served = preview_server.serve(output, "127.0.0.1", 0, preview_server.Builds(), cms_api=api)
    yield content, f"http://127.0.0.1:{served.server_address[1]}"
    served.shutdown()
    served.server_close()


def field(page, name, pane=0):
    """A field of the editor: Decap numbers its ids as it renders (title-field-1, -10, ...),
    the English pane on the left (0), the French on the right (1)."""
    return page.locator(f"[id^='{name}-field-']").nth(pane)


def choose(page, name, typed):
    field(page, name).click()
    page.keyboard.type(typed)
    page.keyboard.press("Enter")


def write_text(page, text, pane=0):
    page.locator("[data-slate-editor]").nth(pane).click()
    page.keyboard.type(text)


def publish(page):
    page.get_by_role("button", name="Publish").click()
    page.get_by_text("Publish now").click()
    page.get_by_text("Entry saved").wait_for()


@pytest.fixture
def logged_in(browser, editor):
    """A tab in the English editor, logged in to the local back end; the URLs it requested."""
    content, base = editor
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(WAIT_MS)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{base}/admin/en/")
    page.get_by_role("button", name="Login").click()
    page.get_by_text("Posts").first.wait_for()
    yield page, content, base, requested
    context.close()


def test_decap_speaks_french_in_the_french_editor(browser, editor):
    _content, base = editor
    page = browser.new_page()
    page.goto(f"{base}/admin/fr/")
    page.get_by_role("button", name="Se connecter").wait_for(timeout=WAIT_MS)  # Decap's own words
    page.close()


def test_a_post_written_in_decap_in_both_languages_builds_as_a_linked_pair(logged_in, tmp_path):
    page, content, base, requested = logged_in
    page.goto(f"{base}/admin/en/#/collections/posts/new")
    field(page, "title").fill("Greening government IT")
    field(page, "translation_key").fill("greening-government-it")
    choose(page, "category", "Digital")
    choose(page, "tags", "Greening")
    write_text(page, "Servers use power.")
    field(page, "title", 1).fill("Écologiser la TI du gouvernement")
    write_text(page, "Les serveurs consomment de l’énergie.", 1)
    publish(page)

    # Every request went to the page's own origin: no CDN, no API on another port.
    assert len(requested) > 10
    assert {urlsplit(url)._replace(path="", query="", fragment="").geturl() for url in requested
            if not url.startswith("data:")} == {base}

    files = sorted((content / "posts").glob("*-greening-government-it.*.md"))
    assert [f.name[10:] for f in files] == ["-greening-government-it.en.md", "-greening-government-it.fr.md"]
    texts = {f.name.rsplit(".", 2)[1]: source_text.parse(f.read_text(encoding="utf-8")) for f in files}
    assert {lang: text.get("translation-key") for lang, text in texts.items()} == {
        "en": "greening-government-it", "fr": "greening-government-it"}
    assert {lang: text.get("lang") for lang, text in texts.items()} == {"en": "en", "fr": "fr"}
    assert texts["fr"].get("category") == "Gouvernement numérique"
    assert texts["fr"].get("translation-status") == "pending"
    # The file name's date is the post's Date.
    assert files[0].name[:10] == texts["en"].get("date")[:10]

    site = build_site(tmp_path / "built", content=content, SEARCH_PAGEFIND=False)
    en = site / "en/blog/greening-government-it/index.html"
    fr = site / "fr/blogue/ecologiser-la-ti-du-gouvernement/index.html"
    assert soup(en).h1.get_text(strip=True) == "Greening government IT"
    assert soup(fr).h1.get_text(strip=True) == "Écologiser la TI du gouvernement"
    toggle = {path: soup(path).select_one("section.gcb-lang a[hreflang]")["href"] for path in (en, fr)}
    assert toggle == {en: "/fr/blogue/ecologiser-la-ti-du-gouvernement/", fr: "/en/blog/greening-government-it/"}
    # Marked pending as newpost marks it: previewed with its notice until `make translation-done`.
    assert "Traduction à venir" in soup(fr).get_text()


def test_an_english_only_post_gets_a_pending_french_file(logged_in):
    page, content, base, _requested = logged_in
    page.goto(f"{base}/admin/en/#/collections/posts/new")
    field(page, "title").fill("English only")
    field(page, "translation_key").fill("english-only")
    choose(page, "category", "Digital")
    write_text(page, "Just English.")
    publish(page)
    [french] = (content / "posts").glob("*-english-only.fr.md")
    text = french.read_text(encoding="utf-8")
    assert source_text.parse(text).get("translation-status") == "pending"
    assert source_text.parse(text).get("title") == "English only"
    assert text.endswith(f"\n\nLa traduction de {french.name[:-6]}.en.md.\n")


def test_an_existing_post_edited_in_decap_changes_only_the_edited_line(logged_in):
    page, content, base, _requested = logged_in
    files = sorted((content / "posts").glob("2020-10-27-digital-nations-summit.*.md"))
    assert len(files) == 2
    before = [f.read_text(encoding="utf-8") for f in files]
    page.goto(f"{base}/admin/en/#/collections/posts/entries/2020-10-27-digital-nations-summit")
    field(page, "summary").fill("A new summary.")
    publish(page)
    after = [f.read_text(encoding="utf-8") for f in files]
    assert after[1] == before[1]
    changed = [(old, new) for old, new in zip(before[0].split("\n"), after[0].split("\n"), strict=True) if old != new]
    assert [new for _old, new in changed] == ["Summary: A new summary."]


def test_the_preview_server_never_reloads_the_editor_and_takes_posts_only_for_it(site):
    served = preview_server.serve(site, "127.0.0.1", 0, preview_server.Builds())
    port = served.server_address[1]
    try:
        pages = {}
        for path in ("/admin/en/", "/en/"):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            connection.request("GET", path)
            pages[path] = connection.getresponse().read().decode("utf-8")
        # The editor's unsaved text would be lost to a reload; every other page reloads.
        assert "EventSource" not in pages["/admin/en/"]
        assert "EventSource" in pages["/en/"]
        # Without --cms-api (make devserver, not make cms) there is no API to forward to.
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.request("POST", preview_server.CMS_API_PATH, body=b'{"action":"info"}')
        assert connection.getresponse().status == 404
    finally:
        served.shutdown()
        served.server_close()


@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({"Content-Type": "application/json"}, 200),
        # A form on another site, sent as a simple request (no CORS preflight).
        ({"Content-Type": "text/plain"}, 403),
        ({"Content-Type": "application/json", "Origin": "http://evil.example"}, 403),
        # A site whose name was re-pointed at this machine (DNS rebinding): same origin, foreign name.
        ({"Content-Type": "application/json", "Host": "evil.example:8000", "Origin": "http://evil.example:8000"}, 403),
    ],
)
def test_the_editor_api_takes_json_from_the_editors_own_page_only(decap_server, tmp_path, headers, status):
    _content, api = decap_server
    output = tmp_path / "empty-output"
    served = preview_server.serve(output, "127.0.0.1", 0, preview_server.Builds(), cms_api=api)
    try:
        connection = http.client.HTTPConnection("127.0.0.1", served.server_address[1], timeout=30)
        connection.request("POST", preview_server.CMS_API_PATH, body=b'{"action":"info"}', headers=headers)
        response = connection.getresponse()
        assert response.status == status
        if status == 200:
            assert json.loads(response.read())["type"] == "local_fs"
    finally:
        served.shutdown()
        served.server_close()


def test_make_publish_writes_no_editor(tmp_path):
    content = copy_content(tmp_path / "content")
    output = tmp_path / "output"
    done = subprocess.run(
        ["make", "--no-print-directory", "publish", f"INPUTDIR={content}", f"OUTPUTDIR={output}"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={"PATH": "/usr/bin:/bin", "SITEURL": "https://blog.example.gc.ca", "SEARCH_PAGEFIND": "no",
             "COMMENTS_ENDPOINT": "https://c.example.gc.ca/e"},
    )
    assert done.returncode == 0, done.stderr
    assert (output / "en/index.html").is_file()
    assert not (output / "admin").exists()
    assert not [path for path in output.rglob("*") if "decap" in path.name or "pelican-cms" in path.name]


def test_admin_asks_for_the_editors_language_in_both(site):
    page = soup(site / "admin/index.html")
    assert [(span["lang"], span.get_text()) for span in page.h1.select("span[lang]")] == [
        ("en", "Edit the blog"), ("fr", "Modifier le blogue")]
    links = [(a["href"], a["hreflang"], a.get_text()) for a in page.select("main a")]
    assert links == [("en/", "en", "English"), ("fr/", "fr", "Français")]
    for href, _lang, _name in links:
        assert (site / "admin" / href / "index.html").is_file()


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("en", "This preview cannot save: start the editor with `make cms`, then reload this page."),
        ("fr", "Cet aperçu ne peut pas enregistrer\u00a0: lancez l’éditeur avec `make cms`, puis rechargez cette page."),
    ],
)
def test_without_make_cms_the_editor_says_how_to_start_it(browser, site, lang, message):
    served = preview_server.serve(site, "127.0.0.1", 0, preview_server.Builds())  # make devserver: no --cms-api
    page = browser.new_page()
    try:
        page.goto(f"http://127.0.0.1:{served.server_address[1]}/admin/{lang}/")
        alert = page.get_by_role("alert")
        alert.wait_for(timeout=WAIT_MS)
        assert alert.inner_text() == message
        assert page.get_by_role("button").count() == 0  # Decap did not start
    finally:
        page.close()
        served.shutdown()
        served.server_close()
