"""The default PDF engine: Typst templates fed the document as JSON.

The templates (``templates/gsef_sessions/pdf/typst/``) are found like any Django template, so a
host overrides them by putting files with the same names earlier in its template directories;
``report.typ`` and ``proceedings.typ`` import ``common.typ`` from their own directory, so an
override directory copies ``common.typ`` too (or its own version of it).
"""

import functools
import json
import os
import re
import threading
from datetime import datetime
from pathlib import Path

import typst
from django.template import TemplateDoesNotExist, engines

from .base import PDF, Renderer, RenderError, map_text

TEMPLATE_DIR = "gsef_sessions/pdf/typst"

# Typst's error for a glyph no font has, when a PDF standard forbids printing a placeholder; the
# text is a Rust string literal (escapes like \u{10fffd}).
_MISSING_GLYPH = re.compile(r'the text `"((?:[^"\\]|\\.)*)"` could not be displayed')
_RUST_ESCAPE = re.compile(r"\\u\{([0-9a-fA-F]+)\}|\\(.)")
_RUST_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "0": "\0"}
REPLACEMENT_CHARACTER = "\ufffd"


def missing_characters(diagnostic):
    """The characters Typst's ``diagnostic`` says no font has, each once, in order."""
    found = {}
    for match in _MISSING_GLYPH.finditer(diagnostic):
        text = _RUST_ESCAPE.sub(lambda m: chr(int(m[1], 16)) if m[1] else _RUST_ESCAPES.get(m[2], m[2]), match[1])
        found.update(dict.fromkeys(text))
    return "".join(found)


def template_path(name):
    """The file Django's template loaders would pick for ``name``, in their order.

    Asks the loaders for candidate files instead of calling ``get_template``, which would parse
    the Typst source as a Django template (and choke on Typst's own ``{{`` or ``{#``).
    """
    template_name = f"{TEMPLATE_DIR}/{name}"
    tried = []
    for backend in engines.all():
        for loader in getattr(getattr(backend, "engine", None), "template_loaders", []):
            for origin in loader.get_template_sources(template_name):
                if os.path.isfile(origin.name):
                    return Path(origin.name)
                tried.append((origin, "Source does not exist"))
    raise TemplateDoesNotExist(template_name, tried=tried)


@functools.lru_cache(maxsize=16)
def _compiler(template, root, font_paths):
    """A compiler kept per template, root and fonts: it caches fonts and parsed sources between renders.

    Its own lock, because one compiler cannot run two compilations at once (a threaded worker
    may render in parallel).
    """
    return typst.Compiler(input=str(template), root=str(root), font_paths=list(font_paths)), threading.Lock()


class TypstRenderer(Renderer):
    name = "Typst"
    # Bump when a template under templates/gsef_sessions/pdf/typst/, the compile options below or
    # the pinned typst version change what a PDF looks like.
    template_version = "4"
    # Tagged, titled, language-marked PDFs that Typst checks while compiling. A host template that
    # breaks the rules (an empty heading, an image without alt text) fails with Typst's reason;
    # a subclass can set () to lift the check.
    pdf_standards = ("ua-1",)

    def render_report(self, *, document):
        return self._compile("report.typ", document)

    def render_proceedings(self, *, document):
        return self._compile("proceedings.typ", document)

    def _compile(self, name, document):
        template = template_path(name).resolve()
        root = template.parent
        logo = document["branding"]["logo"]
        if logo:
            # Typst reads files only under its root, and the logo usually lives elsewhere (media,
            # static): widen the root to hold both and hand the template the logo's path inside
            # it. The root only bounds what the host's own template may read: no user text ever
            # becomes a path.
            root = Path(os.path.commonpath([root, Path(logo).resolve().parent]))
            document = {
                **document,
                "branding": {**document["branding"], "logo": "/" + Path(logo).resolve().relative_to(root).as_posix()},
            }
        compiler, lock = _compiler(template, root, tuple(document["branding"]["font_paths"]))
        compile_ = functools.partial(self._run, compiler, lock)
        pdf, missing = compile_(document, self.pdf_standards)
        if not missing:
            return PDF(pdf)
        # Characters no font has: printed as U+FFFD, which the fonts have, they keep the PDF/UA claim.
        table = dict.fromkeys(map(ord, missing), REPLACEMENT_CHARACTER)
        replaced = {**map_text(document, lambda text: text.translate(table)), "branding": document["branding"]}
        pdf, still_missing = compile_(replaced, self.pdf_standards)
        if not still_missing:
            return PDF(pdf, missing=missing)
        # Not even that: Typst's placeholder glyph, which no PDF standard allows.
        pdf, _none = compile_(document, ())
        return PDF(pdf, missing=missing, dropped=self.pdf_standards)

    @staticmethod
    def _run(compiler, lock, document, standards):
        """``(pdf, "")``, or ``(None, characters)`` when the standards fail on characters no font has.

        Any other error raises ``RenderError`` with Typst's diagnostic.
        """
        try:
            with lock:
                pdf = compiler.compile(
                    sys_inputs={"document": json.dumps(document)},
                    pdf_standards=list(standards),
                    # The report's last change as the PDF's date: the same document gives the same bytes
                    # (Typst takes whole seconds).
                    timestamp=datetime.fromisoformat(document["meta"]["updated_at"]).replace(microsecond=0),
                )
        except typst.TypstError as error:
            diagnostic = error.diagnostic or error.message
            missing = missing_characters(diagnostic)
            if not missing:
                raise RenderError(diagnostic) from error
            return None, missing
        return pdf, ""
