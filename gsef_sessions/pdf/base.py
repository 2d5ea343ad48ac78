"""The interface every PDF engine implements.

An engine receives a *document*: plain, JSON-serialisable data built by
``gsef_sessions.domain.documents`` (the report, translated labels, branding, metadata). It never
sees models or querysets, so every engine prints the same content and none can query the database.
What both sides of that exchange share (the branding's defaults, walking a document's text) is
here, so engines import nothing from ``domain/``.
"""

from django.utils.module_loading import import_string

from ..conf import settings

BRANDING_DEFAULTS = {
    # A PNG, JPEG or SVG file on the local disk, printed in the report's header.
    "logo": "",
    "primary_color": "#1f4e79",
    "accent_color": "#c8102e",
    # A font family name the engine can find (installed, or in ``font_paths``); "" = the engine's default.
    "font": "",
    # Files or directories of fonts that are not installed (the brand's font, or fallbacks below).
    "font_paths": [],
    # The families tried for what ``font`` lacks, per script, after each engine's own font for Latin,
    # Greek and Cyrillic (Typst: its built-in Libertinus Serif; WeasyPrint: DejaVu Sans). Named
    # rather than left to the engine's fallback: Typst's picks DejaVu Sans for Arabic, whose text
    # pdftotext and screen readers then misread. Debian: fonts-noto-core and fonts-noto-cjk.
    "fallback_fonts": {
        "arabic": ["Noto Naskh Arabic"],
        "hebrew": ["Noto Sans Hebrew"],
        "cjk": ["Noto Sans CJK SC", "Noto Sans CJK TC", "Noto Sans CJK JP", "Noto Sans CJK KR"],
    },
}


def fallback_families(branding):
    """The fallback families of every script, in order."""
    return [family for families in branding["fallback_fonts"].values() for family in families]


def map_text(value, function):
    """``value`` (a document or part of one) with ``function`` applied to every string in it.

    What the document shares stays shared (a point is listed under its round and its speaker).
    """
    copies = {}

    def walk(item):
        if isinstance(item, str):
            return function(item)
        if not isinstance(item, (dict, list, tuple)):
            return item
        if id(item) not in copies:
            copies[id(item)] = (
                {key: walk(child) for key, child in item.items()}
                if isinstance(item, dict)
                else [walk(child) for child in item]
            )
        return copies[id(item)]

    return walk(value)


class RenderError(Exception):
    """A render that will fail again if retried (bad template, bad data): recorded, not retried."""


class PDF(bytes):
    """A PDF's bytes, and what its engine could not print as the document asked.

    ``missing``: the characters no font has, printed with a fallback glyph; ``dropped``: the PDF
    standards (``"ua-1"``) the file could not claim because of them. Plain bytes report nothing.
    """

    def __new__(cls, content, *, missing="", dropped=()):
        pdf = super().__new__(cls, content)
        pdf.missing, pdf.dropped = missing, tuple(dropped)
        return pdf


class Renderer:
    #: Shown in the admin and recorded on every render.
    name = ""
    #: Bump whenever a template or the engine's options change: part of every content hash.
    template_version = ""

    def render_report(self, *, document):
        """PDF bytes of one session report (``document["kind"] == "report"``)."""
        raise NotImplementedError

    def render_proceedings(self, *, document):
        """PDF bytes of a forum's proceedings (``document["kind"] == "proceedings"``)."""
        raise NotImplementedError

    def render(self, *, document):
        if document["kind"] == "proceedings":
            return self.render_proceedings(document=document)
        return self.render_report(document=document)


def get_renderer(path=None):
    """The engine at ``path`` (a dotted path), by default the one the settings name."""
    return import_string(path or settings.PDF_RENDERER)()
