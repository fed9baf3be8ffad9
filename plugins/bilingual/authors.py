"""Author bios as content: one Markdown file per author per language.

A new author is a new pair of files, no code: the file's Title is the author's
name as posts give it in `Author:`, `Role` their title, the body their bio.
"""

from pelican.contents import Content
from pelican.generators import ArticlesGenerator, Generator
from pelican.urlwrappers import Author

from .problems import display_path


class AuthorBio(Content):
    mandatory_properties = ("title",)
    default_template = "author"


class AuthorBiosGenerator(Generator):
    """Reads the bios of this site's language into the context as `author_bios`."""

    def generate_context(self):
        state = self.settings["BILINGUAL_BUILD"]
        lang = self.settings["DEFAULT_LANG"]
        bios = {}
        for path in self.get_files(self.settings["AUTHOR_BIOS_PATH"]):
            bio = self.readers.read_file(
                base_path=self.path, path=path, content_class=AuthorBio, context=self.context
            )
            source = display_path(bio.source_path)
            if "lang" not in bio.metadata:
                state.problems.error(source, "Lang", "missing; an author bio needs its language")
            elif bio.lang == lang:
                bios[Author(bio.title, self.settings).slug] = bio
        self.context["author_bios"] = bios


def get_generators(pelican):
    if "BILINGUAL_BUILD" in pelican.settings:
        return AuthorBiosGenerator
    return None


def check_bios(generators, state):
    """Every author of a post needs a bio in the post's language."""
    articles_gen = next(g for g in generators if isinstance(g, ArticlesGenerator))
    bios = articles_gen.context.get("author_bios", {})
    for author, articles in articles_gen.authors:
        if author.slug not in bios:
            state.problems.gap(
                display_path(articles[0].source_path),
                "Author",
                f"{author.name!r} has no bio in {articles_gen.settings['DEFAULT_LANG']!r}; "
                f"add a file with 'Title: {author.name}' to "
                f"{articles_gen.settings['AUTHOR_BIOS_PATH']}/",
            )
