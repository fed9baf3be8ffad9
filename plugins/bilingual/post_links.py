"""Where a post leads: the previous and next post in its language, up to three
related posts, and its reading time.

Worked out once per language site, when its posts are final
(article_generator_finalized), from that site's own published posts only: the
other language's posts are in the other site, and a draft is no one's
neighbour. Each post gets `post_links` (for the theme) and `page_inputs`, the
plain values its page shows of other posts, so that a build that keeps
unchanged pages (fastbuild) renders a post again when a neighbour's title,
URL or date changes.
"""

import heapq
import html
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

import pelican_compat as compat

from .typography import MARKUP

RELATED_POSTS = 3
# A word as a reader counts one: letters or digits, with the apostrophes and
# hyphens inside it ("l’équipe", "well-known"); numbers and punctuation alone are not.
WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


@dataclass(frozen=True)
class PostLinks:
    previous: object  # the post published just before, in the same language, or None
    next: object  # the post published just after, or None
    related: tuple  # up to RELATED_POSTS posts sharing tags, most shared first, then newest
    reading_minutes: int


def link_posts(generator):
    """Give each published post of this language site its PostLinks."""
    settings = generator.settings
    state = settings.get("BILINGUAL_BUILD")
    language = state.described.get(settings["DEFAULT_LANG"]) if state else None
    if language is None:
        return
    posts = [post for post in generator.articles if post.lang == language.code]
    # By date, then slug: two posts of the same moment keep one order in every build.
    by_date = sorted(posts, key=lambda post: (post.date, post.slug))
    related = related_posts(by_date)
    for index, post in enumerate(by_date):
        links = PostLinks(
            previous=by_date[index - 1] if index > 0 else None,
            next=by_date[index + 1] if index + 1 < len(by_date) else None,
            related=related[id(post)],
            reading_minutes=reading_minutes(post, language.words_per_minute),
        )
        post.post_links = links
        post.page_inputs = shown(links)


def related_posts(by_date):
    """{id(post): the posts sharing most of its tags, the newest first among equals}."""
    with_tag = defaultdict(list)
    for post in by_date:
        for slug in {tag.slug for tag in getattr(post, "tags", [])}:
            with_tag[slug].append(post)
    rank = {id(post): number for number, post in enumerate(by_date)}  # higher is newer
    related = {}
    for post in by_date:
        shared = Counter()
        for slug in {tag.slug for tag in getattr(post, "tags", [])}:
            shared.update(id(other) for other in with_tag[slug])
        shared.pop(id(post), None)
        best = heapq.nsmallest(RELATED_POSTS, shared, key=lambda other: (-shared[other], -rank[other]))
        related[id(post)] = tuple(by_date[rank[other]] for other in best)
    return related


def reading_minutes(post, words_per_minute):
    """Whole minutes, rounded, at least one; from the body as converted (its links
    need not be resolved to be counted)."""
    # A tag is a word boundary: "</li><li>" parts two words.
    words = len(WORD.findall(html.unescape(MARKUP.sub(" ", compat.body(post) or ""))))
    return max(1, (words + words_per_minute // 2) // words_per_minute)


def shown(links):
    """What a post's page shows of other posts, as plain values."""
    others = [("previous", links.previous), ("next", links.next), *(("related", post) for post in links.related)]
    return [(role, post.url, post.title, post.date.isoformat()) for role, post in others if post is not None]
