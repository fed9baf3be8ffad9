"""A synthetic bilingual corpus for the build benchmark, deterministic for a given N.

Each of N English posts (~870 words: headings, paragraphs with links and
emphasis, bullet and numbered lists, a quote) has a French translation of the
same shape; 8 authors with bios in both languages, 6 categories, 30 tags, all
in a taxonomy file; the real Rules of Engagement pages.
"""

import datetime
import random
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
AUTHORS = 8
WORDS = {
    "en": (
        "service digital government team users research design data cloud policy open "
        "standard accessible secure platform delivery agile product people public "
        "program benefit process feedback partner network security identity plain "
        "language content mobile form online citizen support learning"
    ).split(),
    "fr": (
        "service numérique gouvernement équipe utilisateurs recherche conception données "
        "nuage politique ouvert norme accessible sécurisé plateforme prestation agile "
        "produit population public programme prestation processus rétroaction partenaire "
        "réseau sécurité identité langage clair contenu mobile formulaire en ligne "
        "citoyen soutien apprentissage"
    ).split(),
}
CATEGORIES = [(f"Category {i}", f"Catégorie {i}") for i in range(1, 7)]
TAGS = [(f"Topic {i}", f"Sujet {i}") for i in range(1, 31)]


def sentence(rng, lang, words=14, decorate=True):
    chosen = [rng.choice(WORDS[lang]) for _ in range(words)]
    if not decorate:
        return " ".join(chosen).capitalize() + "."
    if rng.random() < 0.3:
        at = rng.randrange(words)
        chosen[at] = f"[{chosen[at]}](https://example.gc.ca/{lang}/{chosen[at]})"
    if rng.random() < 0.3:
        at = rng.randrange(words)
        chosen[at] = f"*{chosen[at]}*"
    if rng.random() < 0.2:
        at = rng.randrange(words)
        chosen[at] = f"**{chosen[at]}**"
    return " ".join(chosen).capitalize() + "."


def paragraph(rng, lang, sentences=5):
    return " ".join(sentence(rng, lang) for _ in range(sentences))


def body(rng, lang):
    parts = [paragraph(rng, lang)]
    for section in range(3):
        parts.append(f"## {sentence(rng, lang, 5, decorate=False)[:-1]}")
        parts.extend(paragraph(rng, lang) for _ in range(3))
        if section == 0:
            parts.append("\n".join(f"- {sentence(rng, lang, 8)}" for _ in range(5)))
        elif section == 1:
            parts.append("\n".join(f"{n}. {sentence(rng, lang, 8)}" for n in range(1, 5)))
        else:
            parts.append("> " + sentence(rng, lang, 20))
    return "\n\n".join(parts)


def post(rng, number, lang, names):
    author = f"Author {number % AUTHORS + 1}"
    category = CATEGORIES[number % len(CATEGORIES)][0 if lang == "en" else 1]
    tags = rng.sample(TAGS, 3)
    date = (datetime.date(2010, 1, 1) + datetime.timedelta(days=number)).isoformat()
    title = f"{names} {number}: {sentence(rng, lang, 6, decorate=False)[:-1]}"
    return (
        f"Title: {title}\nDate: {date} 09:00\nModified: {date} 09:00\n"
        f"Author: {author}\nLang: {lang}\nTranslation-Key: post-{number:05d}\n"
        f"Category: {category}\nTags: {', '.join(t[0 if lang == 'en' else 1] for t in tags)}\n"
        f"Summary: {sentence(rng, lang, 20, decorate=False)}\n\n"
        f"{body(rng, lang)}\n"
    )


def write_corpus(folder, posts, languages=("en", "fr")):
    """Write the corpus into `folder` (replacing it); return the folder."""
    folder = Path(folder)
    shutil.rmtree(folder, ignore_errors=True)
    for sub in ("posts", "authors", "pages"):
        (folder / sub).mkdir(parents=True)
    for number in range(1, posts + 1):
        for lang in languages:
            rng = random.Random(f"{number}-{lang}")
            names = "Post" if lang == "en" else "Article"
            (folder / "posts" / f"{number:05d}.{lang}.md").write_text(post(rng, number, lang, names), encoding="utf-8")
    for number in range(1, AUTHORS + 1):
        for lang in languages:
            rng = random.Random(f"author-{number}-{lang}")
            (folder / "authors" / f"author-{number}.{lang}.md").write_text(
                f"Title: Author {number}\nRole: {sentence(rng, lang, 4)[:-1]}\nLang: {lang}\n\n"
                f"{paragraph(rng, lang, 3)}\n",
                encoding="utf-8",
            )
    for page in (ROOT / "content/pages").glob("*.md"):
        if any(page.name.endswith(f".{lang}.md") for lang in languages):
            shutil.copy(page, folder / "pages" / page.name)
    lines = ["categories:"]
    lines += [f"  - en: {en}\n    fr: {fr}" for en, fr in CATEGORIES]
    lines += ["tags:"] + [f"  - en: {en}\n    fr: {fr}" for en, fr in TAGS]
    (folder / "taxonomy.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder
