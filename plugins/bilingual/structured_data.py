"""JSON-LD for posts (schema.org BlogPosting), so search engines know each
version's language, author and dates."""


from .plain_text import html_text


def blog_posting(article, siteurl, publisher):
    url = f"{siteurl}/{article.url}"
    modified = getattr(article, "modified", None) or article.date
    return {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        # A title is text (Markdown metadata is not converted); a summary is HTML.
        "headline": article.title,
        "description": html_text(getattr(article, "summary", "") or ""),
        "inLanguage": {"en": "en-CA", "fr": "fr-CA"}.get(article.lang, article.lang),
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
