"""PDF engines for tests, named by dotted path like a host's own (workers import them too)."""

import os
import time

from gsef_sessions.pdf.base import Renderer, RenderError
from gsef_sessions.pdf.typst import TypstRenderer

CALLS = []
COUNTING = "tests.pdf_renderers.CountingRenderer"
FAILING = "tests.pdf_renderers.FailingRenderer"
PICKY = "tests.pdf_renderers.PickyRenderer"


class CountingRenderer(Renderer):
    """A tiny valid-looking PDF per call, recording what it was asked to print."""

    name = "Counting"
    template_version = "test-1"

    def render(self, *, document):
        CALLS.append(document)
        return b"%PDF-1.7\n% " + document["meta"]["title"].encode() + b"\n%%EOF\n"


class FailingRenderer(Renderer):
    name = "Failing"
    template_version = "test-1"

    def render(self, *, document):
        raise RenderError("template error: unknown variable `oops` at report.typ:12")


class SlowRenderer(TypstRenderer):
    """Typst after a pause (GSEF_TEST_RENDER_SECONDS), so a test can kill the worker mid-render."""

    def render(self, *, document):
        time.sleep(float(os.environ.get("GSEF_TEST_RENDER_SECONDS", "4")))
        return super().render(document=document)


class PickyRenderer(CountingRenderer):
    """Fails on any report whose title has "Unprintable" in it, as an engine fails on bad data."""

    def render(self, *, document):
        reports = document["reports"] if document["kind"] == "proceedings" else [document["report"]]
        if any("Unprintable" in report["session"]["title"] for report in reports):
            raise RenderError("cannot print this title")
        return super().render(document=document)
