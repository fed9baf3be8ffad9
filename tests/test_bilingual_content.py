"""The summit post, the author bio and the Rules of Engagement in both languages."""

import pytest
from conftest import LANGS, build_site, copy_content, language_pages, soup

RULES = {"en": "en/rules-of-engagement/index.html", "fr": "fr/regles-dengagement/index.html"}
AUTHOR = {"en": "en/authors/mark-levene/index.html", "fr": "fr/auteurs/mark-levene/index.html"}
BIO_START = {"en": "Mark Levene is currently the lead", "fr": "Mark Levene est actuellement responsable"}
SUMMIT_TITLE = {
    "en": "Responsive and Resilient Service – An International Approach to Digital Government",
    # As the Treasury Board of Canada Secretariat published it.
    "fr": "Un service réactif et résilient – Une approche internationale en matière de gouvernement numérique",
}
# The URL the French post had before its title was revised: kept by its Slug.
SUMMIT_FR_URL = "/fr/blogue/un-service-reactif-et-resilient-une-approche-internationale-du-gouvernement-numerique/"
SITENAME = {"en": "Digital Government Blog", "fr": "Blogue du gouvernement numérique"}
# Act and charter titles, each its own <em>, in the order the Rules of Engagement cite them.
RULES_ACTS = {
    "en": ["Canadian Charter of Rights and Freedoms", "Constitution Act, 1982"],
    "fr": ["Charte canadienne des droits et libertés", "Loi constitutionnelle de 1982"],
}
PRIVACY_ACT = {"en": "Financial Administration Act", "fr": "Loi sur la gestion des finances publiques"}


@pytest.mark.parametrize("lang", LANGS)
def test_summit_post_has_its_title_author_and_full_text(post_pages, lang):
    page = soup(post_pages[lang])
    assert page.h1.get_text(strip=True) == SUMMIT_TITLE[lang]
    assert len(page.select(".gcb-article__body p")) == 6
    assert "FWD50" in page.select(".gcb-article__body p")[-1].get_text()


def test_french_post_has_the_tbs_title_at_its_unchanged_url(site, post_pages):
    page = soup(post_pages["fr"])
    assert "/" + post_pages["fr"].parent.relative_to(site).as_posix() + "/" == SUMMIT_FR_URL
    assert page.h1.get_text(strip=True) == SUMMIT_TITLE["fr"]
    assert page.title.get_text() == f"{SUMMIT_TITLE['fr']} – {SITENAME['fr']}"
    assert page.select_one('meta[property="og:title"]')["content"] == SUMMIT_TITLE["fr"]
    # The English post and the French home page still link to that URL.
    assert soup(post_pages["en"]).select_one("section.gcb-lang a[hreflang]")["href"] == SUMMIT_FR_URL
    home_links = [a.get_text(strip=True) for a in soup(site / "fr/index.html").find_all("a", href=SUMMIT_FR_URL)]
    assert SUMMIT_TITLE["fr"] in home_links


def test_french_post_and_bio_carry_the_revised_wording(post_pages, site):
    body = soup(post_pages["fr"]).select_one(".gcb-article__body")
    text = body.get_text().replace("\u00a0", " ").replace("\u202f", " ")
    for phrase in (
        "après la COVID-19.",
        "tout au long de l’année 2021.",
        "Elle suppose aussi de tirer parti de la puissance de calcul",
        "à l’instar de nos collègues d’autres pays,",
        "Journée du partenariat mondial (Global Partnership Day) de la conférence FWD50",
    ):
        assert phrase in text
    for old in ("Elle consiste à tirer parti", "collègues internationaux", "tout au long de 2021"):
        assert old not in text
    # The English event name is marked as English for screen readers.
    assert body.find("span", lang="en").get_text() == "Global Partnership Day"
    bio = soup(site / AUTHOR["fr"]).select_one(".gcb-bio__text").get_text().replace("\u00a0", " ")
    assert "avec des partenaires au Canada et à l’étranger sur divers enjeux" in bio


@pytest.mark.parametrize("lang", LANGS)
def test_rules_of_engagement_show_act_and_charter_titles_in_italics(site, lang):
    body = soup(site / RULES[lang]).select_one(".gcb-article__body")
    titles = [em.get_text().replace("\u00a0", " ") for em in body.find_all("em")]
    assert titles == RULES_ACTS[lang]
    item = body.find("em").find_parent("li")
    assert item.get_text().replace("\u00a0", " ").endswith(
        {
            "en": "the Canadian Charter of Rights and Freedoms, Part I of the Constitution Act, 1982",
            "fr": "la Charte canadienne des droits et libertés, partie I de la Loi constitutionnelle de 1982",
        }[lang]
    )


def test_french_rules_of_engagement_block_accounts_not_users(site):
    text = soup(site / RULES["fr"]).select_one(".gcb-article__body").get_text().replace("\u00a0", " ")
    assert "de bloquer des comptes selon les critères suivants" in text
    assert "utilisateurs" not in text


@pytest.mark.parametrize("lang", LANGS)
def test_privacy_notice_names_its_act_in_italics(post_pages, lang):
    notice = soup(post_pages[lang]).select_one("#comment-privacy p")
    assert [em.get_text().replace("\u00a0", " ") for em in notice.find_all("em")] == [PRIVACY_ACT[lang]]
    assert "<em>" not in notice.get_text()  # the markup is rendered, not escaped


@pytest.mark.parametrize("lang", LANGS)
def test_author_bio_appears_on_the_author_page_with_the_post(site, post_pages, lang):
    page = soup(site / AUTHOR[lang])
    assert page.h1.get_text(strip=True) == "Mark Levene"
    assert page.select_one(".gcb-bio__text").get_text().startswith(BIO_START[lang])
    post_links = [a["href"] for a in page.select(".gcb-posts a")]
    assert "/" + post_pages[lang].parent.relative_to(site).as_posix() + "/" in post_links


@pytest.mark.parametrize("lang", LANGS)
def test_short_bio_box_appears_under_the_post(post_pages, lang):
    box = soup(post_pages[lang]).select_one("article aside.gcb-bio")
    assert box is not None
    assert box.select_one(".gcb-bio__text").get_text().startswith(BIO_START[lang])
    assert box.select_one(".gcb-bio__name a")["href"] == "/" + AUTHOR[lang].removesuffix("index.html")


@pytest.mark.parametrize("lang", LANGS)
def test_rules_of_engagement_are_complete(site, lang):
    page = soup(site / RULES[lang])
    assert page.h1.get_text(strip=True) == {"en": "Rules of Engagement", "fr": "Règles d’engagement"}[lang]
    body = page.select_one(".gcb-article__body")
    assert len(body.select("li")) == 9
    assert len(body.find_all("h2")) == 1
    assert len(body.find_all("p")) >= 8


def test_rules_of_engagement_pages_are_each_others_translation(site):
    for lang, other in (("en", "fr"), ("fr", "en")):
        toggle = soup(site / RULES[lang]).select_one("section.gcb-lang a")
        assert toggle["href"] == "/" + RULES[other].removesuffix("index.html")


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_has_one_main_and_one_h1(site, lang):
    for page in language_pages(site, lang):
        doc = soup(page)
        assert len(doc.find_all("main")) == 1, page
        assert len(doc.find_all("h1")) == 1, page


def test_drafts_and_hidden_pages_are_written_by_their_own_language_site_only(tmp_path):
    # pelican-i18n-subsites keeps the other language's drafts and hidden items
    # in a site's lists, which would write them again under that site's prefix.
    content = copy_content(tmp_path / "content")
    (content / "posts/draft.en.md").write_text(
        "Title: An English draft\nDate: 2020-11-01 09:00\nAuthor: Mark Levene\nLang: en\n"
        "Translation-Key: english-draft\nCategory: Digital government\nStatus: draft\n\nNot yet translated.\n",
        encoding="utf-8",
    )
    (content / "pages/cachee.fr.md").write_text(
        "Title: Une page cachée\nLang: fr\nTranslation-Key: hidden-page\nSingle-Language: yes\n"
        "Status: hidden\n\nSeulement en français.\n",
        encoding="utf-8",
    )
    site = build_site(tmp_path / "output", content)
    draft = soup(site / "en/drafts/an-english-draft/index.html")
    assert draft.html["lang"] == "en"
    assert draft.select_one("form[method=post]") is None  # a draft takes no comments
    assert not (site / "fr/drafts/an-english-draft").exists()
    assert soup(site / "fr/une-page-cachee/index.html").html["lang"] == "fr"
    assert not (site / "en/une-page-cachee").exists()
