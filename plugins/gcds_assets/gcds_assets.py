"""gcds_assets: the GC Design System's own parts, from node_modules into the output.

The theme draws on the official packages that package.json pins (npm, MIT):
@gcds-core/fonts (Lato, Noto Sans), @gcds-core/tokens (design tokens as CSS
custom properties) and @gcds-core/components (the signature and wordmark SVGs
of gcds-signature). At build time this plugin copies what the theme uses into
OUTPUT_PATH/THEME_STATIC_DIR/gcds/, so nothing of theirs is copied into the
repository by hand and an upgrade is one version bump in package.json:

- the woff2 fonts the theme's styles use, with their licences;
- the signature and wordmark images each language names in LANGUAGES
  (SIGNATURE_IMAGE, WORDMARK_IMAGE), coloured as gcds-signature colours them;
- a favicon: the signature's flag;
- gcds.css: @font-face rules for those fonts, and the tokens site.css refers to
  (var(--gcds-...)), with the tokens they refer to in turn.

GCDS_ASSETS_VERSIONS (the installed versions) is set for the build, so the
fastbuild caches are keyed by them.
"""

import json
import logging
import re
import shutil
from pathlib import Path

from pelican import signals

logger = logging.getLogger(__name__)

PACKAGES = ("@gcds-core/tokens", "@gcds-core/fonts", "@gcds-core/components")
FOLDER = "gcds"
SIGNATURE_ASSETS = "@gcds-core/components/dist/collection/components/gcds-signature/assets"
TOKENS_CSS = "@gcds-core/tokens/build/web/css/tokens.css"
# (family, weight, style, file under @gcds-core/fonts/fonts/): only what site.css
# sets text in. A browser fetches a face only when a page uses it.
FONTS = (
    ("Lato", 700, "normal", "lato/gcds-lato.woff2"),
    ("Noto Sans", 400, "normal", "noto-sans/gcds-noto-sans-regular.woff2"),
    ("Noto Sans", 400, "italic", "noto-sans/gcds-noto-sans-regular-italic.woff2"),
    ("Noto Sans", 700, "normal", "noto-sans/gcds-noto-sans-bold.woff2"),
)
FONT_LICENCES = ("lato/LICENSE.txt", "noto-sans/LICENSE.txt")
# The SVGs carry classes only; gcds-signature colours them with these tokens.
# An <img> takes no page CSS, so the colours go into each file.
SVG_COLOURS = {"fip_flag": "--gcds-signature-color-flag", "fip_text": "--gcds-signature-color-text"}
IMAGE_SETTINGS = ("SIGNATURE_IMAGE", "WORDMARK_IMAGE")
TOKEN = re.compile(r"^\s*(--gcds-[\w-]+)\s*:\s*([^;]+);", re.MULTILINE)
USE = re.compile(r"var\(\s*(--gcds-[\w-]+)")


class GcdsAssetsError(Exception):
    """The GC Design System packages cannot be read; the message says how to fix it."""

    exitcode = 1
    # A setting or an install to fix, not a bug: Pelican shows the message without a traceback.
    is_content_error = True


def enabled(settings):
    main = settings["DEFAULT_LANG"] not in settings.get("I18N_SUBSITES", {})
    return main and "gcds_assets" in [str(p).rsplit(".", 1)[-1] for p in settings.get("PLUGINS") or []]


def node_modules(settings):
    return Path(settings.get("GCDS_NODE_MODULES") or Path.cwd() / "node_modules")


def installed_versions(modules):
    """{package: version} as installed; a clear error when they are not."""
    versions = {}
    for package in PACKAGES:
        manifest = modules / package / "package.json"
        try:
            versions[package] = json.loads(manifest.read_text(encoding="utf-8"))["version"]
        except (OSError, ValueError, KeyError):
            raise GcdsAssetsError(
                f"gcds_assets: {manifest} is missing or unreadable: the GC Design System packages "
                f"are not installed in {modules}. Run `npm ci` in the project folder (or `make html`, "
                "which installs them), or set GCDS_NODE_MODULES to the node_modules folder that has them."
            ) from None
    return versions


def record_versions(pelican):
    """At start-up: the installed versions, for the fastbuild cache keys; and a fast
    failure when the packages or the images LANGUAGES names are missing."""
    settings = pelican.settings
    if enabled(settings):
        settings["GCDS_ASSETS_VERSIONS"] = installed_versions(node_modules(settings))
        signature_files(settings)


def images(settings):
    """The signature and wordmark files the languages name, each once."""
    names = []
    for code, entry in (settings.get("LANGUAGES") or {}).items():
        for key in IMAGE_SETTINGS:
            name = entry.get(key)
            if not isinstance(name, str) or not name.endswith(".svg") or "/" in name:
                raise GcdsAssetsError(
                    f"gcds_assets: LANGUAGES[{code!r}][{key!r}] must name an SVG of gcds-signature "
                    f"(such as 'sig-blk-en.svg'), got {name!r}"
                )
            if name not in names:
                names.append(name)
    return names


def signature_files(settings):
    """The gcds-signature files LANGUAGES names; an error for one the package lacks."""
    assets = node_modules(settings) / SIGNATURE_ASSETS
    files = []
    for name in images(settings):
        if not (assets / name).is_file():
            raise GcdsAssetsError(
                f"gcds_assets: LANGUAGES names {name!r}, which gcds-signature does not have; "
                f"expected one of {', '.join(sorted(p.name for p in assets.glob('*.svg')))}"
            )
        files.append(assets / name)
    return files


def token_values(modules):
    return dict(TOKEN.findall((modules / TOKENS_CSS).read_text(encoding="utf-8")))


def used_tokens(css, values):
    """The tokens `css` refers to, and those they refer to, in the order tokens.css has them."""
    wanted, queue = set(), USE.findall(css)
    while queue:
        name = queue.pop()
        if name not in wanted:
            if name not in values:
                raise GcdsAssetsError(
                    f"gcds_assets: the theme uses var({name}), which @gcds-core/tokens does not define; "
                    "fix the name in theme/static/css/site.css"
                )
            wanted.add(name)
            queue.extend(USE.findall(values[name]))
    return [name for name in values if name in wanted]


def gcds_css(settings, values, versions):
    site_css = Path(settings["THEME"]) / "static" / "css" / "site.css"
    css = site_css.read_text(encoding="utf-8") if site_css.is_file() else ""
    packages = ", ".join(f"{p} {v}" for p, v in versions.items())
    lines = [f"/* GC Design System {packages} (MIT); fonts: SIL OFL, see fonts/. Written by plugins/gcds_assets. */"]
    for family, weight, style, path in FONTS:
        lines.append(
            f'@font-face{{font-family:"{family}";font-weight:{weight};font-style:{style};'
            f'font-display:swap;src:url("fonts/{Path(path).name}") format("woff2")}}'
        )
    tokens = used_tokens(css, values)
    lines.append(":root{" + ";".join(f"{name}:{values[name].strip()}" for name in tokens) + "}")
    return "\n".join(lines) + "\n"


def coloured_svg(text, values):
    style = "".join(f".{cls}{{fill:{values[token].strip()}}}" for cls, token in SVG_COLOURS.items())
    return re.sub(r"(<svg\b[^>]*>)", rf"\1<style>{style}</style>", text, count=1)


def favicon(signature, values):
    """The flag of the signature: its first path, in the signature's flag colour."""
    flag = re.search(r'<path\b[^>]*class="fip_flag"[^>]*/?>', signature)
    if flag is None:
        raise GcdsAssetsError("gcds_assets: the signature SVG has no flag (class fip_flag) to make the favicon from")
    path = flag.group(0).replace('class="fip_flag"', f'fill="{values[SVG_COLOURS["fip_flag"]].strip()}"')
    return f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 -40 156 156">{path}</svg>\n'


def write_assets(settings):
    """Write OUTPUT_PATH/THEME_STATIC_DIR/gcds/ from the installed packages."""
    try:
        copy_assets(settings)
    except FileNotFoundError as error:
        raise GcdsAssetsError(
            f"gcds_assets: {error.filename} is missing: the installed GC Design System packages "
            f"({settings.get('GCDS_ASSETS_VERSIONS')}) are laid out differently than this plugin expects; "
            "run `npm ci`, or update FONTS and SIGNATURE_ASSETS in plugins/gcds_assets/gcds_assets.py"
        ) from None


def copy_assets(settings):
    modules = node_modules(settings)
    versions = settings.get("GCDS_ASSETS_VERSIONS") or installed_versions(modules)
    target = Path(settings["OUTPUT_PATH"]) / settings["THEME_STATIC_DIR"] / FOLDER
    (target / "fonts").mkdir(parents=True, exist_ok=True)
    fonts = modules / "@gcds-core/fonts/fonts"
    for *_face, path in FONTS:
        shutil.copyfile(fonts / path, target / "fonts" / Path(path).name)
    for path in FONT_LICENCES:
        shutil.copyfile(fonts / path, target / "fonts" / f"LICENSE-{Path(path).parent.name}.txt")
    shutil.copyfile(modules / "@gcds-core/tokens/LICENSE", target / "LICENSE-gcds-tokens.txt")
    values = token_values(modules)
    for source in signature_files(settings):
        (target / source.name).write_text(coloured_svg(source.read_text(encoding="utf-8"), values), encoding="utf-8")
    signature = (modules / SIGNATURE_ASSETS / "sig-blk-en.svg").read_text(encoding="utf-8")
    (target / "favicon.svg").write_text(favicon(signature, values), encoding="utf-8")
    (target / "gcds.css").write_text(gcds_css(settings, values, versions), encoding="utf-8")


class GcdsAssetsGenerator:
    """Writes the assets with the rest of the output (after DELETE_OUTPUT_DIRECTORY has
    emptied it, and before the link check reads the pages that point at them)."""

    def __init__(self, context, settings, path, theme, output_path, *args, **kwargs):
        self.settings = settings

    def generate_output(self, writer):
        write_assets(self.settings)


def get_generators(pelican):
    return GcdsAssetsGenerator if enabled(pelican.settings) else None


def register():
    signals.initialized.connect(record_versions)
    signals.get_generators.connect(get_generators)
