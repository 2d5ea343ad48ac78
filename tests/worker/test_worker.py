"""Real Celery workers: PDFs rendered (published, killed mid-render, through a Redis outage, failed)
and an uploaded attendance report counted."""

import subprocess
import time
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from gsef_sessions.domain import workflow
from gsef_sessions.domain.attendance_import import FINISHED, receive_attendance_report
from gsef_sessions.domain.versioning import touch
from gsef_sessions.enums import AttendanceImportStatus, AttendanceKind, RenderStatus, SessionStatus
from gsef_sessions.models import AttendanceImport, Render, Session
from tests.domain.test_attendance_import import MEETING

from .conftest import wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def organiser(transactional_db):
    return get_user_model().objects.create_superuser("organiser", "organiser@example.org", "x")


@pytest.fixture
def plenary_1(gsef_2020):
    return Session.objects.get(slug="plenary-1")


def renders(session):
    return Render.objects.filter(session=session, language="en")


def ready(session, log):
    done = (RenderStatus.READY, RenderStatus.FAILED)
    render = wait_for(lambda: renders(session).filter(status__in=done).first(), timeout=90, what="a PDF", log=log)
    assert (render.status, render.error) == (RenderStatus.READY, "")
    return render


def pdf_text(render):
    with render.file.storage.open(render.file.name, "rb") as pdf:
        data = pdf.read()
    assert data[:5] == b"%PDF-"
    return subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def stored_pdfs(settings):
    return sorted(p.name for p in Path(settings.GSEF_SESSIONS_PDF_ROOT).rglob("*.pdf"))


def test_worker_publish_renders_pdf(workers, plenary_1, organiser):
    workers.start()
    published = workflow.publish(session=plenary_1, user=organiser)
    render = ready(plenary_1, workers.log)
    assert (render.version, render.attempts) == (published.version, 1)
    assert plenary_1.title in " ".join(pdf_text(render).split())


def test_worker_killed_mid_render_gives_exactly_one_pdf(workers, plenary_1, organiser, settings):
    settings.GSEF_SESSIONS_PDF_RENDERER = "tests.pdf_renderers.SlowRenderer"
    first = workers.start(GSEF_TEST_RENDER_SECONDS="4")
    workflow.publish(session=plenary_1, user=organiser)
    wait_for(
        lambda: renders(plenary_1).filter(status=RenderStatus.RENDERING).exists(),
        timeout=30,
        what="the render to start",
        log=workers.log,
    )
    workers.kill(first)
    workers.start(GSEF_TEST_RENDER_SECONDS="1")
    render = ready(plenary_1, workers.log)
    assert renders(plenary_1).count() == 1
    assert (render.attempts, render.status) == (2, RenderStatus.READY)
    assert stored_pdfs(settings) == [render.file.name.rsplit("/", 1)[1]]
    assert plenary_1.title in " ".join(pdf_text(render).split())


def test_worker_redis_outage_publish_succeeds_and_pdf_follows(workers, redis_proxy, plenary_1, organiser):
    workers.start()
    redis_proxy.stop()
    started = time.monotonic()
    workflow.publish(session=plenary_1, user=organiser)
    elapsed = time.monotonic() - started
    plenary_1.refresh_from_db()
    pending = renders(plenary_1).get()
    assert (plenary_1.status, pending.status, pending.enqueued_at) == (
        SessionStatus.PUBLISHED,
        RenderStatus.PENDING,
        None,
    )
    assert elapsed < 20, f"publishing took {elapsed:.1f} s with Redis down"
    redis_proxy.start()
    render = ready(plenary_1, workers.log)
    assert render.pk == pending.pk


def test_worker_failed_render_keeps_previous_pdf(workers, plenary_1, organiser, settings, client):
    workers.start()
    workflow.publish(session=plenary_1, user=organiser)
    good = ready(plenary_1, workers.log)
    settings.GSEF_SESSIONS_PDF_RENDERER = "tests.pdf_renderers.FailingRenderer"
    touch(session=plenary_1)
    failed = wait_for(
        lambda: renders(plenary_1).filter(status=RenderStatus.FAILED).first(),
        timeout=60,
        what="the render to fail",
        log=workers.log,
    )
    good.refresh_from_db()
    assert failed.error == "template error: unknown variable `oops` at report.typ:12"
    assert (good.status, good.file.storage.exists(good.file.name)) == (RenderStatus.READY, True)
    response = client.get(f"/{plenary_1.forum.slug}/{plenary_1.slug}/report.en.pdf")
    assert (response.status_code, response["Retry-After"]) == (503, "10")


def test_worker_counts_an_uploaded_attendance_report_and_deletes_it(workers, plenary_1, organiser):
    workers.start()
    row, _new = receive_attendance_report(
        session=plenary_1, user=organiser, data=MEETING.encode(), filename="participants.csv"
    )
    stored = Path(row.file.path)
    done = wait_for(
        lambda: AttendanceImport.objects.filter(pk=row.pk, status__in=FINISHED, file="").first(),
        timeout=60,
        what="the attendance count",
        log=workers.log,
    )
    assert (done.status, done.error, stored.exists()) == (AttendanceImportStatus.COUNTED, "", False)
    counted = plenary_1.attendance.filter(source=done).order_by("order")
    assert [(count.kind, count.count) for count in counted] == [
        (AttendanceKind.ATTENDEES, 3),
        (AttendanceKind.PEAK, 3),
        (AttendanceKind.PERSON_MINUTES, 170),
    ]
