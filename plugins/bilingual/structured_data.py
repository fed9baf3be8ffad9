"""JSON-LD for posts (schema.org BlogPosting), so search engines know each
version's language, author and dates."""


from .plain_text import html_text


def blog_posting(languages, article, siteurl, publisher):
    """The BlogPosting of a post; `languages` is the LANGUAGES table as read
    (languages.read_languages), for the post's locale."""
    url = f"{siteurl}/{article.url}"
    modified = getattr(article, "modified", None) or article.date
    return {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        # A title is text (Markdown metadata is not converted); a summary is HTML.
        "headline": article.title,
        "description": html_text(getattr(article, "summary", "") or ""),
        "inLanguage": languages[article.lang].tag if article.lang in languages else article.lang,
        "datePublished": article.date.isoformat(),
        "dateModified": modified.isoformat(),
        "url": url,
        "mainEntityOfPage": url,
        "author": [
            {"@type": "Person", "name": author.name, "url": f"{siteurl}/{author.url}"}
            for author in article.authors
        ],
        "publisher": {"@type": "GovernmentOrganization", "name": publisher},
    }
