"""The WeasyPrint engine: for sites that prefer HTML and CSS.

The document is rendered into HTML with Django templates under ``gsef_sessions/pdf/html/``, so
hosts override them the Django way (a template of the same name earlier in ``TEMPLATES``).
Autoescaping stays on: a rapporteur's text is always text. The only markup taken from the document
is a description's ``description_html``, already sanitised by nh3; every value that goes into CSS
(colours, the font family, the page counter's label) is validated or escaped here.
"""

import functools
import re
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from fontTools.ttLib import TTFont, TTLibError
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from .base import BRANDING_DEFAULTS, Renderer, RenderError, fallback_families

TEMPLATES = "gsef_sessions/pdf/html/"

# Relative links can only come from a description. They must point neither at the server's files
# nor at the reader's, so they resolve under the reserved .invalid domain (RFC 6761).
BASE_URL = "https://invalid/"

_COLOR = re.compile(r"#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}")
_PLACEHOLDERS = {"{page}": "counter(page)", "{total}": "counter(pages)"}
_FONT_SUFFIXES = {".ttf", ".otf"}
# Latin, Greek and Cyrillic (Debian's fonts-dejavu-core), named so the layout never depends on which
# font fontconfig prefers for "sans-serif" on the machine (installing the Noto fonts changes it).
BASE_FONT = "DejaVu Sans"


def css_string(text):
    """``text`` as a quoted CSS string. Anything but ASCII letters, digits and spaces becomes a hex
    escape, so the value can close neither the string nor the ``<style>`` element around it."""
    escaped = "".join(
        char if (char.isascii() and char.isalnum()) or char == " " else f"\\{ord(char):x} " for char in text
    )
    return f'"{escaped}"'


def page_counter(label):
    """The CSS ``content`` of a label with ``{page}``/``{total}`` placeholders, in the label's order."""
    parts = re.split(r"(\{page\}|\{total\})", label)
    return " ".join(_PLACEHOLDERS.get(part) or css_string(part) for part in parts if part)


def _version(label, version, date):
    return label.replace("{version}", str(version)).replace("{date}", date)


def _color(value, default):
    return value if isinstance(value, str) and _COLOR.fullmatch(value) else default


def _families(branding):
    """The CSS font families in order: the brand's, the base font, then the fallbacks per script."""
    return [*([branding["font"]] if branding["font"] else []), BASE_FONT, *fallback_families(branding)]


@functools.lru_cache(maxsize=16)
def _font_files(paths):
    """``(file, family, weight, italic)`` of every font under ``paths`` (files or directories).

    Cached per process, like the settings that name them: reading every font on every render would
    be wasted, and new font files are seen after a restart.
    """
    files = []
    for path in map(Path, paths):
        files += sorted(p for p in path.rglob("*") if p.suffix.lower() in _FONT_SUFFIXES) if path.is_dir() else [path]
    faces = []
    for file in files:
        try:
            with TTFont(file, lazy=True) as font:
                faces.append(
                    (
                        str(file.resolve()),
                        font["name"].getBestFamilyName(),
                        font["OS/2"].usWeightClass,
                        bool(font["OS/2"].fsSelection & 1),
                    )
                )
        except (OSError, TTLibError, KeyError):  # unreadable, or not a font: fontconfig would skip it too
            continue
    return tuple(faces)


def _font_faces(branding):
    """``@font-face`` rules for the families found in ``font_paths`` rather than installed."""
    if not branding["font_paths"]:
        return []
    families = set(_families(branding))
    return [
        {
            "rule": mark_safe(
                f"@font-face {{ font-family: {css_string(family)}; src: url({css_string(Path(file).as_uri())});"
                f" font-weight: {weight}; font-style: {'italic' if italic else 'normal'}; }}"
            ),
            "file": file,
        }
        for file, family, weight, italic in _font_files(tuple(branding["font_paths"]))
        if family in families
    ]


class LocalFetcher(URLFetcher):
    """Fetches ``data:`` URIs and the given local files only (the logo, the fonts in ``font_paths``).

    Never the network: a report must not make the server request URLs, nor read other files.
    """

    def __init__(self, files=()):
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)
        self.files = {Path(file).resolve() for file in files}

    def fetch(self, url, headers=None):
        if url.lower().startswith("file:") and Path(url2pathname(urlsplit(url).path)).resolve() not in self.files:
            raise ValueError(f"Only the branding's files may be read, not {url}")
        return super().fetch(url, headers)


class WeasyPrintRenderer(Renderer):
    name = "WeasyPrint"
    # Bump when a template under templates/gsef_sessions/pdf/html/, the fonts or the options of write_pdf change.
    template_version = "4"

    def render_report(self, *, document):
        return self._pdf(document)

    def render_proceedings(self, *, document):
        return self._pdf(document)

    def html(self, *, document):
        """The HTML a PDF is printed from: what a host checks its template overrides against."""
        labels, meta, branding = document["labels"], document["meta"], document["branding"]
        if document["kind"] == "proceedings":
            template, reports = "proceedings.html", document["reports"]
            extra = {
                "sessions_count": labels["sessions_count"].replace("{count}", str(len(reports))),
                "version": _version(labels["version"], meta["version"], meta["updated"]),
            }
        else:
            template, reports, extra = "report.html", [document["report"]], {}
        context = {
            "document": document,
            "meta": meta,
            "labels": labels,
            "chapters": [self._chapter(report, document) for report in reports],
            "logo_url": Path(branding["logo"]).resolve().as_uri() if branding["logo"] else "",
            "style": {
                "primary_color": _color(branding["primary_color"], BRANDING_DEFAULTS["primary_color"]),
                "accent_color": _color(branding["accent_color"], BRANDING_DEFAULTS["accent_color"]),
                "font_family": mark_safe(", ".join([*map(css_string, _families(branding)), "sans-serif"])),
                "font_faces": [face["rule"] for face in _font_faces(branding)],
                "page_counter": mark_safe(page_counter(labels["page_of"])),
            },
            **extra,
        }
        try:
            return render_to_string(TEMPLATES + template, context)
        except (TemplateDoesNotExist, TemplateSyntaxError) as error:
            raise RenderError(f"{type(error).__name__}: {error}") from error

    def _pdf(self, document):
        branding = document["branding"]
        files = [face["file"] for face in _font_faces(branding)] + ([branding["logo"]] if branding["logo"] else [])
        html = self.html(document=document)
        try:
            return HTML(string=html, base_url=BASE_URL, url_fetcher=LocalFetcher(files)).write_pdf(pdf_tags=True)
        except (OSError, MemoryError):
            raise  # the machine, not the document: worth retrying
        except Exception as error:  # WeasyPrint has no base exception: any other failure is the input's
            raise RenderError(f"WeasyPrint: {type(error).__name__}: {error}") from error

    @staticmethod
    def _chapter(report, document):
        session = report["session"]
        return {
            "report": report,
            "anchor": f"session-{session['uuid']}",
            "heading": " — ".join(filter(None, [session["label"], session["title"]])),
            "version": _version(document["labels"]["version"], session["version"], session["updated"]),
            "is_draft": session["status"] != "published",
        }
