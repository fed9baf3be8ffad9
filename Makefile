# Quickstart target names (help html clean regenerate serve devserver publish),
# plus test. Every target creates the virtual environment it needs by itself.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PELICAN := $(BIN)/pelican
# The content folder every target reads: `make html CONTENT_PATH=../other`, or
# CONTENT_PATH in the environment (INPUTDIR=... is the older name, still honoured).
CONTENT_PATH ?= content
INPUTDIR ?= $(CONTENT_PATH)
# Exported as the folder the targets pass: pelicanconf.py and the helper commands
# (translation-status) read it from the environment, and must agree with Pelican's argument.
override CONTENT_PATH := $(INPUTDIR)
export CONTENT_PATH
OUTPUTDIR := output
# Extra options for every pelican command, e.g. PELICANOPTS="--cache-path /tmp/c -D".
PELICANOPTS ?=
CONFFILE := pelicanconf.py
PUBLISHCONF := publishconf.py
PORT ?= 8000
# SITEURL and the other settings read from the environment pass straight through:
#   SITEURL=https://example.gc.ca make publish
export SITEURL

.PHONY: help html clean regenerate serve devserver cms publish test lint test-tools budget screenshots bench translations comments-endpoint moderate translation-status \
	newpost newpage translation-done

help:
	@echo 'make html        build the site for local preview into $(OUTPUTDIR)/'
	@echo '                 every target reads $(INPUTDIR)/; another folder: make html CONTENT_PATH=path/to/content'
	@echo 'make serve       build, then serve it on http://127.0.0.1:$(PORT)/'
	@echo 'make devserver   serve, rebuild on every change and reload the open browser tab'
	@echo 'make regenerate  rebuild on every change, without serving'
	@echo 'make cms         the devserver plus the browser editor (Decap CMS) at http://127.0.0.1:$(PORT)/admin/'
	@echo 'make publish     production build (publishconf.py); replaces $(OUTPUTDIR)/ only on success'
	@echo 'make test        run the test suite (installs Chromium, Java and npm tools if missing)'
	@echo 'make lint        check the Python code with ruff (rules in ruff.toml)'
	@echo 'make bench [N=500] [REPEAT=3]  time cold and incremental builds of a synthetic corpus'
	@echo 'make budget      weigh every article page of $(OUTPUTDIR)/ in Chromium (HTML+CSS 50 KB, first view 160 KB)'
	@echo '                 and rate the English post and French home with Lighthouse (100 each)'
	@echo 'make screenshots  every page kind, both languages, 320 and 1280 px, into docs/screenshots/'
	@echo 'make clean       remove $(OUTPUTDIR)/ and build caches'
	@echo 'make translations  re-extract interface text into theme/translations/*.po'
	@echo 'make newpost TITLE="..." [AUTHOR=...] [CATEGORY=...] [TAGS="a, b"] [KEY=...] [SOURCE=fr]'
	@echo '                 start a post: both language files, the translation marked pending'
	@echo 'make newpage TITLE="..." [KEY=...] [SOURCE=fr]  the same for a page'
	@echo 'make translation-status  each translation: up to date, outdated (what changed), pending or missing'
	@echo '                 (exit 1 if any is missing, outdated or pending)'
	@echo 'make translation-done FILE=content/posts/....fr.md  mark a reviewed translation as up to date'
	@echo 'make comments-endpoint  run the reference comment endpoint on 127.0.0.1:8081'
	@echo 'make moderate ARGS="list|show ID|approve ID|reject ID"  moderate queued comments'

$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

html: $(BIN)/.installed node_modules/.installed
	$(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(PELICANOPTS)

clean:
	rm -rf $(OUTPUTDIR) $(OUTPUTDIR).next .cache

regenerate: $(BIN)/.installed node_modules/.installed
	$(PELICAN) -r $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) $(PELICANOPTS)

serve: html
	$(PELICAN) -l $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) -b 127.0.0.1 -p $(PORT) $(PELICANOPTS)

# Rebuilds in one process on every change and reloads the open tabs (preview/server.py).
devserver: $(BIN)/.installed node_modules/.installed
	PYTHONPATH=plugins $(BIN)/python -m preview.server $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) -b 127.0.0.1 -p $(PORT)

# The devserver, plus decap-server (the browser editor's local back end, in its
# file-system mode: git mode would commit the whole working tree) writing into
# the content folder. The editor at /admin/ reaches it through the devserver,
# on the page's own origin; decap-server stops with it.
CMS_PORT ?= 8082
cms: $(BIN)/.installed node_modules/.installed
	@echo 'The editor: http://127.0.0.1:$(PORT)/admin/ (it writes into $(INPUTDIR)/; commit from there)'
	MODE=fs BIND_HOST=127.0.0.1 PORT=$(CMS_PORT) GIT_REPO_DIRECTORY="$(abspath $(INPUTDIR))" \
		node node_modules/decap-server/dist/index.js & decap=$$!; trap 'kill $$decap' EXIT INT TERM; \
	PYTHONPATH=plugins $(BIN)/python -m preview.server $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) -b 127.0.0.1 -p $(PORT) \
		--cms-api http://127.0.0.1:$(CMS_PORT)/api/v1

# Build beside the live output and swap only when the build succeeded, so a
# failed publish leaves the previous site exactly as it was.
publish: $(BIN)/.installed node_modules/.installed
	rm -rf $(OUTPUTDIR).next
	$(PELICAN) $(INPUTDIR) -o $(OUTPUTDIR).next -s $(PUBLISHCONF) $(PELICANOPTS) || { rm -rf $(OUTPUTDIR).next; exit 1; }
	rm -rf $(OUTPUTDIR).prev
	if [ -d $(OUTPUTDIR) ]; then mv $(OUTPUTDIR) $(OUTPUTDIR).prev; fi
	mv $(OUTPUTDIR).next $(OUTPUTDIR)
	rm -rf $(OUTPUTDIR).prev

# The tests drive Debian's Chromium (never a downloaded browser), run the Nu HTML
# Checker on Java, and inject axe-core from npm; each is installed if missing.
# The test that builds with another Python-Markdown installs it from this wheel,
# fetched here so that the tests themselves reach no registry.
OTHER_MARKDOWN := 3.10.2
WHEELS := .cache/wheels
$(WHEELS)/markdown-$(OTHER_MARKDOWN)-py3-none-any.whl: | $(BIN)/.installed
	$(BIN)/pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
		--dest $(WHEELS) Markdown==$(OTHER_MARKDOWN)

test-tools: node_modules/.installed $(WHEELS)/markdown-$(OTHER_MARKDOWN)-py3-none-any.whl
	@missing=""; \
	test -x /usr/bin/chromium || missing="$$missing chromium"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	command -v openssl >/dev/null || missing="$$missing openssl"; \
	if [ -n "$$missing" ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	fi

# The theme's GC Design System parts (plugins/gcds_assets) and the test tools.
node_modules/.installed: package.json package-lock.json
	command -v npm >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm)
	npm ci --no-audit --no-fund --ignore-scripts
	touch $@

test: $(BIN)/.installed test-tools
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

lint: $(BIN)/.installed
	$(BIN)/ruff check .

N ?= 500
REPEAT ?= 3
bench: $(BIN)/.installed test-tools
	$(BIN)/python tests/bench/run.py --posts $(N) --repeat $(REPEAT)

budget: $(BIN)/.installed test-tools
	$(BIN)/python tests/page_budget.py $(OUTPUTDIR) --lighthouse

screenshots: html test-tools
	$(BIN)/python tests/screenshots.py $(OUTPUTDIR) docs/screenshots

# After changing interface text in a template: refresh the catalogue, then
# translate the new or "fuzzy" entries in theme/translations/fr/LC_MESSAGES/messages.po.
translations: $(BIN)/.installed
	$(BIN)/pybabel extract -F theme/translations/babel.cfg -k gettext_in:2 --no-location \
		--omit-header --sort-output -o theme/translations/messages.pot theme plugins/cms
	$(BIN)/pybabel update -i theme/translations/messages.pot -d theme/translations \
		-l fr --no-fuzzy-matching --width 100

# Reads approved comments (replies) from the content and post titles and links
# (moderator notices) from the built site; ARGS adds flags, e.g. ARGS="--trusted-proxy
# 127.0.0.1 --smtp-host mail.example --mail-from a@b --mail-to c@d" (see --help).
comments-endpoint: $(BIN)/.installed
	PYTHONPATH=plugins $(BIN)/python -m comments.endpoint --port 8081 --queue comments-queue \
		--allow-origin http://127.0.0.1:$(PORT) --allow-origin http://localhost:$(PORT) \
		--content $(INPUTDIR) --site $(OUTPUTDIR) $(ARGS)

moderate: $(BIN)/.installed
	PYTHONPATH=plugins $(BIN)/python -m comments.moderate --queue comments-queue --content $(INPUTDIR) $(ARGS)

translation-status: $(BIN)/.installed
	PYTHONPATH=plugins $(BIN)/python -m bilingual.translation_status $(CONFFILE)

# The values reach the command through the environment, as typed: a title may
# hold quotes, apostrophes or "$" ($(value ...) keeps make from expanding it).
newpost newpage: export SCAFFOLD_TITLE := $(value TITLE)
newpost newpage: export SCAFFOLD_AUTHOR := $(value AUTHOR)
newpost newpage: export SCAFFOLD_CATEGORY := $(value CATEGORY)
newpost newpage: export SCAFFOLD_TAGS := $(value TAGS)
newpost: $(BIN)/.installed
	PYTHONPATH=plugins $(BIN)/python -m bilingual.scaffold post --settings $(CONFFILE) --title "$$SCAFFOLD_TITLE" \
		--author "$$SCAFFOLD_AUTHOR" --category "$$SCAFFOLD_CATEGORY" --tags "$$SCAFFOLD_TAGS" --key "$(KEY)" --source "$(SOURCE)"

newpage: $(BIN)/.installed
	PYTHONPATH=plugins $(BIN)/python -m bilingual.scaffold page --settings $(CONFFILE) --title "$$SCAFFOLD_TITLE" \
		--key "$(KEY)" --source "$(SOURCE)"

translation-done: $(BIN)/.installed
	PYTHONPATH=plugins $(BIN)/python -m bilingual.translation_done --settings $(CONFFILE) "$(FILE)"
