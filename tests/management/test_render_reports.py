"""render_reports: queue or render the PDFs from the command line, and copy them out."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gsef_sessions.domain import rendering
from gsef_sessions.enums import RenderKind, RenderStatus
from gsef_sessions.models import Render
from tests import pdf_renderers


@pytest.fixture(autouse=True)
def _counting(counting_renderer):
    """Every test here renders with the fast test engine."""


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("render_reports", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_render_reports_sync_writes_session_pdf(gsef_2020, tmp_path):
    out, err = run("--forum", "gsef-2020", "--session", "plenary-3", "--sync", "--output-dir", str(tmp_path / "out"))
    assert out == "1 PDF: 1 ready, 0 failed, 0 queued.\n"
    assert err == ""
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["gsef-2020-plenary-3-en.pdf"]
    assert (tmp_path / "out" / "gsef-2020-plenary-3-en.pdf").read_bytes().startswith(b"%PDF")
    render = Render.objects.get()
    assert (render.session.slug, render.language, render.status) == ("plenary-3", "en", RenderStatus.READY)
    assert len(pdf_renderers.CALLS) == 1


def test_render_reports_sync_twice_renders_once(gsef_2020):
    run("--forum", "gsef-2020", "--session", "plenary-3", "--sync")
    out, _err = run("--forum", "gsef-2020", "--session", "plenary-3", "--sync")
    assert out == "1 PDF: 1 ready, 0 failed, 0 queued.\n"
    assert len(pdf_renderers.CALLS) == 1


def test_render_reports_without_sync_queues(gsef_2020, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        out, _err = run("--forum", "gsef-2020")
    assert out == "5 PDFs: 0 ready, 0 failed, 5 queued.\n"
    assert sum(getattr(callback, "func", None) is rendering._publish for callback in callbacks) == 5
    assert set(Render.objects.values_list("status", flat=True)) == {RenderStatus.PENDING}
    assert pdf_renderers.CALLS == []


def test_render_reports_unknown_forum(gsef_2020):
    with pytest.raises(CommandError, match=r"^No forum with the slug 'nope'\.$"):
        run("--forum", "nope")
    assert Render.objects.count() == 0


def test_render_reports_unknown_session(gsef_2020):
    with pytest.raises(CommandError, match=r"^No session with the slug 'nope'\.$"):
        run("--forum", "gsef-2020", "--session", "nope")
    assert Render.objects.count() == 0


def test_render_reports_unknown_language(gsef_2020):
    with pytest.raises(CommandError, match=r"^Unknown language 'de': the forums' languages are en, es, fr\.$"):
        run("--forum", "gsef-2020", "--language", "de")
    assert Render.objects.count() == 0


def test_render_reports_proceedings_sync_writes_proceedings_pdf(gsef_2020, tmp_path):
    out, _err = run(
        "--forum",
        "gsef-2020",
        "--session",
        "plenary-3",
        "--language",
        "en",
        "--proceedings",
        "--sync",
        "--output-dir",
        str(tmp_path),
    )
    assert out == "2 PDFs: 2 ready, 0 failed, 0 queued.\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["gsef-2020-plenary-3-en.pdf", "gsef-2020-proceedings-en.pdf"]
    assert (tmp_path / "gsef-2020-proceedings-en.pdf").read_bytes().startswith(b"%PDF")
    proceedings = Render.objects.get(kind=RenderKind.PROCEEDINGS)
    assert (proceedings.language, proceedings.session_id, proceedings.status) == ("en", None, RenderStatus.READY)
    assert [r["session"]["slug"] for r in pdf_renderers.CALLS[-1]["reports"]] == ["plenary-3"]


def test_render_reports_failing_renderer_raises(gsef_2020, settings, tmp_path):
    settings.GSEF_SESSIONS_PDF_RENDERER = "tests.pdf_renderers.FailingRenderer"
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError, match=r"^1 PDF failed\.$"):
        call_command(
            "render_reports",
            "--forum",
            "gsef-2020",
            "--session",
            "plenary-3",
            "--sync",
            "--output-dir",
            str(tmp_path),
            stdout=out,
            stderr=err,
        )
    assert out.getvalue() == "1 PDF: 0 ready, 1 failed, 0 queued.\n"
    assert "Failed: " in err.getvalue()
    assert "template error: unknown variable `oops` at report.typ:12" in err.getvalue()
    assert list(tmp_path.iterdir()) == []
    assert Render.objects.get().status == RenderStatus.FAILED


def test_render_reports_sync_transient_error_left_for_retry(gsef_2020, monkeypatch):
    def disk_full(self, *, document):
        raise OSError("disk full")

    monkeypatch.setattr(pdf_renderers.CountingRenderer, "render", disk_full)
    out, err = run("--forum", "gsef-2020", "--session", "plenary-3", "--sync")
    assert out == "1 PDF: 0 ready, 0 failed, 1 queued.\n"
    assert err.startswith("Will be retried: ")
    assert err.rstrip().endswith(": disk full")
    render = Render.objects.get()
    assert (render.status, render.attempts, render.error) == (RenderStatus.PENDING, 1, "OSError: disk full")


def test_render_reports_sync_default_renderer_writes_real_pdf(gsef_2020, settings, tmp_path):
    settings.GSEF_SESSIONS_PDF_RENDERER = "gsef_sessions.pdf.typst.TypstRenderer"
    out, err = run("--forum", "gsef-2020", "--session", "plenary-3", "--sync", "--output-dir", str(tmp_path))
    assert (out, err) == ("1 PDF: 1 ready, 0 failed, 0 queued.\n", "")
    data = (tmp_path / "gsef-2020-plenary-3-en.pdf").read_bytes()
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    assert Render.objects.get().size == len(data)
