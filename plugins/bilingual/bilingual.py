"""bilingual: one site, two official languages, built by pelican-i18n-subsites.

This plugin owns what the stock plugin leaves out or gets wrong: the symmetric
/en/ and /fr/ layout, checks of every item's language, equivalent pages for the
language toggle and hreflang, CLDR dates and compiled gettext catalogues.
"""

import os
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pelican_compat as compat
from babel.support import NullTranslations
from pelican import signals
from pelican.contents import Article, Page
from pelican.generators import ArticlesGenerator, PagesGenerator
from pelican.plugins import i18n_subsites

from . import (
    authors,
    catalogs,
    content_checks,
    counterparts,
    dates,
    feeds,
    output_checks,
    pelican_log,
    plain_text,
    post_links,
    sitemaps,
    structured_data,
    translation_checks,
    typography,
)
from .languages import read_languages, site_languages
from .problems import ContentError, ContentProblems, display_path
from .taxonomy import Taxonomy, load_taxonomy

# Settings each language site shares with the main one: one output tree and one
# SITEURL, theme files copied once (by the main site), the root pages once.
SHARED_WITH_SUBSITES = ("SITEURL", "OUTPUT_PATH", "THEME_STATIC_DIR", "STATIC_PATHS")
TYPESET = (Article, Page, authors.AuthorBio)
TYPOGRAPHY_EXTENSION = "bilingual.typography"
# Its get_writer receiver runs once the stock plugin has built the subsite, and
# its pretaxonomy one once the stock plugin has taken out the other language.
AFTER = ("i18n_subsites",)
MAIN_SITE_ONLY = {"THEME_STATIC_PATHS": [], "TEMPLATE_PAGES": {}, "DELETE_OUTPUT_DIRECTORY": False}


@dataclass
class BuildState:
    """What both language sites of one build share; lives in the settings of each."""

    languages: tuple
    # {code: languages.Language}: locales, ISO codes and names, from LANGUAGES.
    described: dict
    taxonomy: Taxonomy
    taxonomy_file: str
    catalogs: dict
    problems: ContentProblems = field(default_factory=ContentProblems)
    sites: dict = field(default_factory=dict)
    # (kind, key, lang) and ("output", save_as) -> the source file that claimed it
    claims: dict = field(default_factory=dict)
    single_language: set = field(default_factory=set)
    # Every generator with templates, in both sites: their catalogues are reinstalled.
    template_generators: list = field(default_factory=list)
    # The output files this process's writers wrote this run (Pelican's
    # content_written signal): the pages whose links this run checks.
    written: set = field(default_factory=set)
    # Called once every site is written, before the whole-build checks: another
    # plugin (fastbuild) waits here for a site written by another process.
    before_checks: list = field(default_factory=list)
    links: output_checks.LinkCheck = None
    # Every file this run wrote or kept, when a plugin (fastbuild) knows them:
    # then the link check need not list the whole output.
    output_files: set = None


def is_subsite(settings):
    return settings["DEFAULT_LANG"] in settings.get("I18N_SUBSITES", {})


def configure_subsites(pelican):
    """Give the language subsites the main site's output tree and SITEURL, and
    have French Markdown typeset as it is converted."""
    settings = pelican.settings
    # Receivers stay connected for the whole process: act only for builds that list this plugin.
    if is_subsite(settings) or "bilingual" not in settings.get("PLUGINS", []):
        return
    languages = site_languages(settings)
    if len(languages) > 2:
        raise ContentError(
            f"bilingual: I18N_SUBSITES may add one language to "
            f"DEFAULT_LANG {settings['DEFAULT_LANG']!r}, got {languages!r}"
        )
    if problem := compat.order_problem(settings, "bilingual", AFTER):
        raise ContentError(f"bilingual: {problem}")
    # French typography and the link checks read and set Pelican's content attributes.
    if problem := compat.content_problem():
        raise ContentError(f"bilingual: {problem}; pelican_compat.py must be updated for this Pelican")
    # Checked here, before anything is read: a mistake in LANGUAGES stops the build at once.
    described = read_languages(settings)
    for overrides in settings["I18N_SUBSITES"].values():
        overrides.update({name: settings[name] for name in SHARED_WITH_SUBSITES})
        overrides.update(MAIN_SITE_ONLY)
    use_typography_extension(settings, [code for code, language in described.items() if language.french])


def use_typography_extension(settings, french):
    """French Markdown bodies are typeset as they are converted (typography.py);
    the extension is told which language codes are French."""
    options = settings["MARKDOWN"]
    extensions = list(options.get("extensions", []))
    if TYPOGRAPHY_EXTENSION not in extensions:
        extensions.append(TYPOGRAPHY_EXTENSION)
    configs = {**options.get("extension_configs", {}), TYPOGRAPHY_EXTENSION: {"languages": french}}
    settings["MARKDOWN"] = {**options, "extensions": extensions, "extension_configs": configs}


def start_run(pelican):
    """Fresh shared state for each run, so the dev server's rebuilds forget fixed errors."""
    settings = pelican.settings
    if is_subsite(settings) or "bilingual" not in settings.get("PLUGINS", []):
        return
    languages = site_languages(settings)
    # The stock plugin keeps module globals that a failed earlier build in the
    # same process (tests, the dev server) can leave half-set; start afresh.
    i18n_subsites.initialize_dbs(settings)
    taxonomy_file = os.path.join(settings["PATH"], settings["TAXONOMY_FILE"])
    settings["BILINGUAL_BUILD"] = BuildState(
        languages=languages,
        described=read_languages(settings),
        taxonomy=load_taxonomy(taxonomy_file, languages),
        taxonomy_file=display_path(taxonomy_file),
        catalogs=catalogs.compile_catalogs(
            settings["I18N_GETTEXT_SOURCE"], settings["I18N_GETTEXT_LOCALEDIR"]
        ),
        problems=ContentProblems(strict=settings.get("BILINGUAL_STRICT", False)),
        links=output_checks.LinkCheck(settings["OUTPUT_PATH"], settings["SITEURL"]),
    )
    pelican_log.attach(settings["BILINGUAL_BUILD"].problems, settings["PATH"])


def state_of(settings):
    """This build's shared state; None in a Pelican run without this plugin.

    Signal receivers stay connected for the whole process, so a later build in
    the same process that does not use the plugin reaches them too.
    """
    return settings.get("BILINGUAL_BUILD")


def check_item(item):
    """Each post, page and bio as it is read: checks, then French typography."""
    if state := state_of(item.settings):
        content_checks.check_item(item, state)
        translation_checks.check_pending(item, state)
        # Only the item's own language site renders it; elsewhere it is a link.
        own_site = item.lang == item.settings["DEFAULT_LANG"]
        language = state.described.get(item.lang)
        if own_site and isinstance(item, TYPESET) and language and language.french:
            typography.apply_to_item(item)


# The lists of items a site writes but does not list.
UNLISTED = {ArticlesGenerator: ("drafts", "hidden_articles"), PagesGenerator: ("draft_pages", "hidden_pages")}


def drop_other_language_unlisted(generator):
    """pelican-i18n-subsites takes the other language's published items out of a
    site, but leaves its drafts and hidden items in, which the site would then
    write again under its own prefix and in its own language's page furniture
    (an English draft at /fr/drafts/...). Each is written by its own site only."""
    state = state_of(generator.settings)
    if state is None:
        return
    lang = generator.settings["DEFAULT_LANG"]
    for kind, names in UNLISTED.items():
        if isinstance(generator, kind):
            for name in names:
                items = getattr(generator, name)
                items[:] = [item for item in items if item.lang == lang or item.lang not in state.languages]


def install_template_helpers(generator):
    """Filters and functions the theme uses, for every template of every site."""
    state = state_of(generator.settings)
    if state is None:
        return
    # The context Pelican hands its writers (and their signals) was copied from
    # the settings before this run's state existed.
    generator.context["BILINGUAL_BUILD"] = state
    # Each page tells the link check its links as it is rendered.
    generator.env.template_class = output_checks.LinkRecordingTemplate
    described = state.described
    # Templates name a language by its code; dates are formatted in its locale.
    generator.env.filters["long_date"] = lambda value, lang: dates.long_date(
        value, described[lang].locale if lang in described else lang
    )
    generator.env.filters["iso_date"] = dates.iso_date
    generator.env.filters["last_modified"] = dates.last_modified
    generator.env.filters["first_issued"] = dates.first_issued
    # dcterms.language uses ISO 639-2/T codes; Open Graph a locale.
    generator.env.filters["iso639_2"] = lambda lang: described[lang].iso639_2
    generator.env.filters["babel_locale"] = lambda lang: described[lang].locale
    generator.env.filters["language_name"] = lambda lang: described[lang].name
    generator.env.filters["html_text"] = plain_text.html_text
    generator.env.globals["site_setting"] = partial(site_setting, generator.settings)
    lang = generator.settings["DEFAULT_LANG"]
    install_catalog(generator, state)
    state.template_generators.append(generator)
    generator.env.globals["language_versions"] = partial(counterparts.language_versions, state)
    generator.env.globals["language_toggle"] = partial(counterparts.language_toggle, state, lang)
    generator.env.globals["blog_posting"] = partial(structured_data.blog_posting, described)
    generator.env.globals["hreflang_links"] = partial(counterparts.hreflang_links, state)
    generator.env.globals["gettext_in"] = lambda lang, message: catalogs.translator(
        state.catalogs, lang
    )(message)


def site_setting(settings, lang, name):
    """A setting of the given language's site, e.g. its SITENAME, from the main site."""
    if lang == settings["DEFAULT_LANG"]:
        return settings[name]
    return settings["I18N_SUBSITES"].get(lang, {}).get(name, settings[name])


def install_catalog(generator, state):
    """This build's compiled catalogue for the generator's language, into its Jinja."""
    lang = generator.settings["DEFAULT_LANG"]
    generator.env.install_gettext_translations(state.catalogs.get(lang, NullTranslations()), newstyle=True)


def finish_site(generators):
    state = state_of(generators[0].settings)
    if state is None:
        return
    counterparts.record_site(generators, state)
    authors.check_bios(generators, state)
    # List pages are dated by the site's posts: worked out once, not per page.
    articles = generators[0].context["articles"]
    generators[0].context["site_dates"] = (dates.first_issued(articles), dates.last_modified(articles))


def stop_before_writing(pelican):
    """Once every language site is read, and before any writes, fail on any error."""
    state = state_of(pelican.settings)
    if state is None:
        return
    if set(state.sites) == set(state.languages):
        content_checks.check_translations(state)
        # Reading every translated pair costs a build at N=2000 a quarter of a
        # second; a preview leaves it to `make translation-status`.
        if pelican.settings.get("BILINGUAL_STRICT", False):
            translation_checks.check_currency(state, pelican.settings)
        state.problems.raise_if_any()
        # pelican-i18n-subsites has just installed catalogues it loaded through
        # gettext, which caches them per process: the dev server would keep
        # showing the first build's translations. Put this build's back.
        for generator in state.template_generators:
            install_catalog(generator, state)
    return  # any writer will do


def record_written(path, context=None, **_signal):
    """Each file a writer wrote this run (content_written), as an output-relative name."""
    state = (context or {}).get("BILINGUAL_BUILD")
    if state is not None:
        name = Path(path).relative_to(context["OUTPUT_PATH"]).as_posix()
        state.written.add(name)
        state.links.written(name, context)


def finish_build(pelican):
    """After both sites are written: sitemaps, then the link check, then the summary."""
    state = state_of(pelican.settings)
    if state is None or is_subsite(pelican.settings):
        return
    for step in state.before_checks:
        step()
    settings = pelican.settings
    sitemaps.write_sitemaps(settings, state)
    if state.output_files is None:  # one process wrote every page of this run
        files, written = output_checks.scan(settings["OUTPUT_PATH"]), state.written
    else:
        files = written = state.output_files
    fresh = [name for name in written if name.endswith(".html") and name not in state.links.checked]
    state.links.check(fresh, files, workers=os.cpu_count() or 1)
    for problem in state.links.problems(files):
        state.problems.error(*problem)
    state.problems.summary()
    state.problems.raise_if_any(written_to=settings["OUTPUT_PATH"])


def register():
    pelican_log.hide_content_error_tracebacks()
    # Before the stock plugin reads I18N_SUBSITES (at get_generators).
    signals.initialized.connect(configure_subsites)
    # Once per run (the dev server reruns the same instance), before generators exist.
    signals.get_generators.connect(start_run)
    # Every post and page, as it is read, before translations are grouped.
    signals.content_object_init.connect(check_item)
    signals.get_generators.connect(authors.get_generators)
    signals.generator_init.connect(install_template_helpers)
    # After i18n_subsites (PLUGINS order) has taken out the other language's published items.
    signals.article_generator_pretaxonomy.connect(drop_other_language_unlisted)
    signals.page_generator_finalized.connect(drop_other_language_unlisted)
    # Each site's published posts are final and sorted here: neighbours, related posts, reading time.
    signals.article_generator_finalized.connect(post_links.link_posts)
    # Each site's lists are final here; record them for the other language.
    signals.all_generators_finalized.connect(finish_site)
    # Connected after i18n_subsites (PLUGINS order), which builds the subsite here.
    signals.get_writer.connect(stop_before_writing)
    # Each feed, once its entries are in and before it is written.
    signals.feed_generated.connect(feeds.declare_language)
    # What this run wrote: the pages whose links it checks.
    signals.content_written.connect(record_written)
    # The main site writes last, so its `finalized` sees the whole output tree.
    signals.finalized.connect(finish_build)
