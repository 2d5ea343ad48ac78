"""The interface every PDF engine implements.

An engine receives a *document*: plain, JSON-serialisable data built by
``gsef_sessions.domain.documents`` (the report, translated labels, branding, metadata). It never
sees models or querysets, so every engine prints the same content and none can query the database.
"""

from django.utils.module_loading import import_string

from ..conf import settings


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
