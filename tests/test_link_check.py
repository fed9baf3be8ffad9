"""The link check reads the pages this run wrote, by the build's own record of
them (never by file times), and names only real attributes of real tags."""

import os

import pytest
from bilingual import output_checks
from bilingual.output_checks import LinkCheck, scan
from bilingual.problems import ContentError
from conftest import build_site, copy_content
from test_fastbuild import PLAIN


def test_a_plain_build_checks_the_pages_it_wrote_not_the_newest_files(tmp_path):
    output = tmp_path / "output"
    leftover = output / "en/left-over/index.html"
    leftover.parent.mkdir(parents=True)
    leftover.write_text('<a href="/en/nowhere/">an old page no build writes</a>', encoding="utf-8")
    # Dated after the build starts: a check that chose pages by time would read it.
    far_future = 4_102_444_800_000_000_000  # 2100-01-01, in ns
    os.utime(leftover, ns=(far_future, far_future))
    build_site(output, **PLAIN)
    content = copy_content(tmp_path / "content")
    post = content / "posts/2020-10-27-digital-nations-summit.en.md"
    post.write_text(post.read_text(encoding="utf-8") + "\n[Nowhere](/en/nowhere-either/)\n", encoding="utf-8")
    with pytest.raises(ContentError, match="'/en/nowhere-either/' points to no file") as failure:
        build_site(output, content, **PLAIN)
    assert "left-over" not in str(failure.value)


def test_text_that_looks_like_an_attribute_is_not_a_link(tmp_path):
    page = tmp_path / "en/a/index.html"
    page.parent.mkdir(parents=True)
    page.write_text(
        '<p>Write the href="/en/example/" attribute, or src=\'/x.png\'.</p>'
        '<img alt="" src="/en/missing.png" srcset="/en/a/ 1x, /en/gone.png 2x">',
        encoding="utf-8",
    )
    links = LinkCheck(tmp_path)
    links.check(["en/a/index.html"], scan(tmp_path))
    assert links.problems(scan(tmp_path)) == [
        ("en/a/index.html", "img src", "'/en/missing.png' points to no file in the output"),
        ("en/a/index.html", "img srcset", "'/en/gone.png' points to no file in the output"),
    ]


@pytest.mark.parametrize("overrides", [{}, PLAIN], ids=["fastbuild", "pelican-alone"])
def test_the_check_takes_links_as_rendered_and_reads_back_only_pages_that_link_nowhere(tmp_path, monkeypatch, overrides):
    content = copy_content(tmp_path / "content")
    english = "en/blog/responsive-and-resilient-service-an-international-approach-to-digital-government/index.html"
    french = "fr/blogue/un-service-reactif-et-resilient-une-approche-internationale-du-gouvernement-numerique/index.html"
    broken = {
        english: ("2020-10-27-digital-nations-summit.en.md", "/en/nowhere/"),
        french: ("2020-10-27-digital-nations-summit.fr.md", "/fr/nulle-part/"),
    }
    for source, url in broken.values():
        post = content / "posts" / source
        post.write_text(post.read_text(encoding="utf-8") + f"\n[Nowhere]({url})\n", encoding="utf-8")
    read_back = []
    reader = output_checks.missing_targets

    def recording_reader(output, site, files, pages):
        read_back.extend(pages)
        return reader(output, site, files, pages)

    monkeypatch.setattr(output_checks, "missing_targets", recording_reader)
    with pytest.raises(ContentError) as failure:
        build_site(tmp_path / "output", content, **overrides)
    for page, (_source, url) in broken.items():
        assert f"{page}: a href: {url!r} points to no file" in str(failure.value)
    assert sorted(read_back) == sorted(broken)
