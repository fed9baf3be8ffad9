"""comments: a moderated comment form under each post, and the approved comments.

The form posts, as plain HTML, to an external Staticman-compatible endpoint;
approved comments come back as files under content/comments/<translation-key>/
and are rendered at build time under both language versions of the post.
"""

import os

import pelican_compat as compat
from pelican import signals
from pelican.generators import ArticlesGenerator, Generator, PagesGenerator

from . import approved
from .settings import read_settings

STATUSES = ("received", "error")
# Each post's comments are those of its Translation-Key, which bilingual sets as it is read.
AFTER = ("bilingual",)


def start(pelican):
    """Check the COMMENTS_* settings once, before any generator runs."""
    # Receivers stay connected for the whole process: act only for builds that list this plugin.
    if "comments" in pelican.settings.get("PLUGINS", []):
        if problem := compat.order_problem(pelican.settings, "comments", AFTER):
            raise ValueError(f"comments: {problem}")
        pelican.settings["COMMENTS"] = read_settings(pelican.settings)


def report(settings, path, message):
    """A malformed comment file is a content error of the build, naming the file."""
    state = settings.get("BILINGUAL_BUILD")
    if state is None:
        raise ValueError(f"comments: {path}: {message}")
    state.problems.error(path, "comment", message)


def attach_comments(generators):
    """Give each post its comments, open/closed state and status-page URLs."""
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
        lambda path, message: report(settings, path, message),
    )
    lang = settings["DEFAULT_LANG"]
    for article in articles_gen.articles:
        key = article.translation_key
        article.comments = threads.get(key, [])
        article.comment_count = approved.count(article.comments)
        article.comments_open = comments_open(article, settings)
        article.comment_status_urls = {
            status: f"{article.url}{getattr(config, f'{status}_slug')}/" for status in STATUSES
        }
        if state:
            for status, url in article.comment_status_urls.items():
                state.sites[lang][(f"comment-{status}", key)] = url
    rules = [p for p in pages_gen.pages if p.translation_key == config.rules_key]
    articles_gen.context["comments_rules_url"] = rules[0].url if rules else None


def comments_open(article, settings):
    value = str(article.metadata.get("comments", "open")).strip().lower()
    if value not in ("open", "closed"):
        report(settings, article.source_path, f"Comments: {value!r} must be 'open' or 'closed'")
    return value != "closed"


class CommentStatusPagesGenerator(Generator):
    """Writes, per post, the 'comment received' and 'comment not sent' pages the form redirects to."""

    def generate_output(self, writer):
        config = self.settings["COMMENTS"]
        if not config.enabled:
            return
        template = self.get_template("comment_status")
        for article in self.context["articles"]:
            for status, url in article.comment_status_urls.items():
                writer.write_file(
                    f"{url}index.html",
                    template,
                    self.context,
                    article=article,
                    comment_status=status,
                    url=url,
                )


def get_generators(pelican):
    return CommentStatusPagesGenerator if "COMMENTS" in pelican.settings else None


def register():
    # Settings are checked before anything is read, so a bad endpoint fails fast.
    signals.initialized.connect(start)
    signals.get_generators.connect(get_generators)
    # After bilingual records the site (PLUGINS order): comments need the posts' keys.
    signals.all_generators_finalized.connect(attach_comments)
