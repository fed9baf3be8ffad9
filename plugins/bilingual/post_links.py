"""Where a post leads: the previous and next post in its language, up to three
related posts, and its reading time.

Worked out once per language site, when its posts are final
(article_generator_finalized), from that site's own published posts only: the
other language's posts are in the other site, and a draft or hidden post is no
one's neighbour (it still shows its reading time). Each post gets `post_links`
(for the theme) and `page_inputs`, the plain values its page shows of other
posts, so that a build that keeps unchanged pages (fastbuild) renders a post
again when a neighbour's or related post's title, URL or date changes.

This runs on every build, a one-post edit's too: related posts come from set
intersections and a lazy merge of each tag's posts by date rather than from
scoring every other post (a fifth of the time at 2,000 posts), and the
reading time is counted only for a page that is rendered.
"""

import heapq
import re
from collections import Counter
from functools import cached_property
from itertools import chain, combinations
from operator import itemgetter

import pelican_compat as compat

RELATED_POSTS = 3
TAG = re.compile(r"<[^>]*>")
# French typography binds « », : and the like to their word with no-break
# spaces: joined, they count as part of it rather than as words of their own.
NO_BREAK_SPACES = str.maketrans("", "", "\u00a0\u202f")


class PostLinks:
    """What a post's page shows beyond the post: its neighbours in its language
    (`previous` published just before it, `next` just after; None at either
    end), its `related` posts, and its `reading_minutes`."""

    def __init__(self, post, words_per_minute, previous=None, next=None, related=()):  # noqa: A002
        self.post, self.words_per_minute = post, words_per_minute
        self.previous, self.next, self.related = previous, next, related

    @cached_property
    def reading_minutes(self):
        """Whole minutes, rounded, at least one; words as a reader sees them
        (text between tags, split at spaces), in the body as converted."""
        words = len(TAG.sub(" ", compat.body(self.post) or "").translate(NO_BREAK_SPACES).split())
        return max(1, (words + self.words_per_minute // 2) // self.words_per_minute)

    def for_post(self, post):
        """The same links for `post` as edited (the preview's early page, when
        only its body changed): its reading time is counted from its body."""
        return PostLinks(post, self.words_per_minute, self.previous, self.next, self.related)

    def shown(self):
        """What the page shows of other posts, as plain values."""
        others = [("previous", self.previous), ("next", self.next), *(("related", post) for post in self.related)]
        return [(role, post.url, post.title, post.date.isoformat()) for role, post in others if post is not None]


def link_posts(generator):
    """Give each post of this language site its PostLinks."""
    settings = generator.settings
    state = settings.get("BILINGUAL_BUILD")
    language = state.described.get(settings["DEFAULT_LANG"]) if state else None
    if language is None:
        return
    speed = language.words_per_minute
    # By date, then slug: two posts of the same moment keep one order in every build.
    by_date = sorted((post for post in generator.articles if post.lang == language.code), key=date_order)
    related = related_posts(by_date)
    for rank, post in enumerate(by_date):
        previous = by_date[rank - 1] if rank > 0 else None
        following = by_date[rank + 1] if rank + 1 < len(by_date) else None
        post.post_links = PostLinks(post, speed, previous, following, related[rank])
        post.page_inputs = post.post_links.shown()
    for post in (*generator.drafts, *generator.hidden_articles):
        if post.lang == language.code:
            post.post_links = PostLinks(post, speed)
            post.page_inputs = []


def date_order(post):
    return (post.date, post.slug)


def tag_slugs(post):
    return sorted({tag.slug for tag in getattr(post, "tags", None) or []})


def related_posts(by_date):
    """[the related posts of each post of `by_date`]: those sharing most of its
    tags, the newest first among equals, at most RELATED_POSTS."""
    slugs_of = [tag_slugs(post) for post in by_date]  # a tag's slug is worked out on each use
    ranks = {}  # tag -> the ranks (places in by_date) of its posts, oldest first
    for rank, slugs in enumerate(slugs_of):
        for slug in slugs:
            ranks.setdefault(slug, []).append(rank)
    sets = {slug: set(found) for slug, found in ranks.items()}
    related = []
    for rank, slugs in enumerate(slugs_of):
        own = [sets[slug] for slug in slugs]
        # Posts sharing two tags or more are few. One sharing n tags is in
        # n(n-1)/2 of the pairwise intersections: that count ranks them as n does.
        pairs = Counter(chain.from_iterable(one & other for one, other in combinations(own, 2)))
        pairs.pop(rank, None)
        # The most shared tags first, then the newest: sorted(..., reverse=True)[:3], without sorting them all.
        best = [other for other, _count in heapq.nlargest(RELATED_POSTS, pairs.items(), key=itemgetter(1, 0))]
        # The rest share one tag: the newest of them, from each tag's list read newest first.
        taken = {rank, *pairs}
        newest = heapq.merge(*(reversed(ranks[slug]) for slug in slugs), reverse=True)
        while len(best) < RELATED_POSTS and (other := next(newest, None)) is not None:
            if other not in taken:
                taken.add(other)
                best.append(other)
        related.append(tuple(by_date[other] for other in best))
    return related
