"""JSON-LD for posts (schema.org BlogPosting), so search engines know each
version's language, author and dates."""


from markupsafe import Markup


def blog_posting(article, siteurl, publisher):
    url = f"{siteurl}/{article.url}"
    modified = getattr(article, "modified", None) or article.date
    return {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": Markup(article.title).striptags(),
        "description": Markup(getattr(article, "summary", "") or "").striptags(),
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
