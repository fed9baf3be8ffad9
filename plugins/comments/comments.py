"""comments: a moderated comment form under each post, and the approved comments.

The form posts, as plain HTML, to Staticman v3 (staticman.yml) or our reference
endpoint, which redirect back to the post with a fragment naming one of its
status blocks; approved comments come back as files under
content/comments/<translation-key>/ (approved.py reads them) and are rendered
at build time, threaded, under both language versions of the post.
"""

import os

import pelican_compat as compat
from babel.numbers import format_decimal
from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator

from . import approved
from .settings import read_settings

# Why a comment was not sent, as our reference endpoint appends it to the
# redirectError fragment (#comment-not-sent-too-long). Staticman gives no reason:
# the post then shows the general "not sent" block.
REASONS = ("missing-fields", "too-long", "too-many", "rejected", "unavailable")
# Each post's comments are those of its Translation-Key, which bilingual sets as it is read.
AFTER = ("bilingual",)


def start(pelican):
    """Check the COMMENTS_* settings once, before any generator runs."""
    # Receivers stay connected for the whole process: act only for builds that list this plugin.
    if "comments" in pelican.settings.get("PLUGINS", []):
        if problem := compat.order_problem(pelican.settings, "comments", AFTER):
            raise ValueError(f"comments: {problem}")
        pelican.settings["COMMENTS"] = read_settings(pelican.settings)


def report(settings, path, field_name, message):
    """A comment file the build cannot use is a content error, naming the file and field."""
    state = settings.get("BILINGUAL_BUILD")
    if state is None:
        raise ValueError(f"comments: {path}: {field_name}: {message}")
    state.problems.error(path, field_name, message)


def post_keys(state, articles):
    """Every published post's Translation-Key, in either language: a site holds only
    its own language's posts, and a post in one language still takes comments."""
    keys = {article.translation_key for article in articles}
    if state:
        keys |= {key for (kind, key, *_rest), _source in state.claims.items() if kind == "article"}
    return keys


def attach_comments(generators):
    """Give each post its comments and its open/closed state."""
    articles_gen = next(g for g in generators if isinstance(g, ArticlesGenerator))
    pages_gen = next(g for g in generators if isinstance(g, PagesGenerator))
    settings = articles_gen.settings
    config = settings.get("COMMENTS")
    if config is None or not config.enabled:
        return
    state = settings.get("BILINGUAL_BUILD")
    languages = state.languages if state else (settings["DEFAULT_LANG"],)
    threads = approved.load_threads(
        os.path.join(settings["PATH"], config.path),
        languages,
        post_keys(state, articles_gen.articles),
        settings.get("TIMEZONE") or "UTC",
        lambda path, field_name, message: report(settings, path, field_name, message),
    )
    for article in articles_gen.articles:
        article.comments = threads.get(article.translation_key, [])
        article.comment_count = approved.count(article.comments)
        article.comments_open = comments_open(article, settings)
    rules = [p for p in pages_gen.pages if p.translation_key == config.rules_key]
    articles_gen.context["comments_rules_url"] = rules[0].url if rules else None
    articles_gen.context["COMMENT_NOT_SENT_REASONS"] = REASONS


def comments_open(article, settings):
    value = str(article.metadata.get("comments", "open")).strip().lower()
    if value not in ("open", "closed"):
        report(settings, article.source_path, "Comments", f"{value!r} must be 'open' or 'closed'")
    return value != "closed"


def install_number_filter(generator):
    """`{{ n|number(lang) }}`: 2,000 in English, 2 000 in French (CLDR, via Babel)."""
    state = generator.settings.get("BILINGUAL_BUILD")
    described = state.described if state else {}
    generator.env.filters["number"] = lambda value, lang: format_decimal(
        value, locale=described[lang].locale if lang in described else lang
    )


def register():
    # Settings are checked before anything is read, so a bad endpoint fails fast.
    signals.initialized.connect(start)
    signals.generator_init.connect(install_number_filter)
    # After bilingual records the site (PLUGINS order): comments need the posts' keys.
    signals.all_generators_finalized.connect(attach_comments)
