"""The PDF outbox: which renders are recorded, who renders them, and which PDF stays current."""

import uuid
from datetime import timedelta
from functools import partial

import pytest
from django.utils import timezone

from gsef_sessions.domain import rendering
from gsef_sessions.domain.documents import report_document
from gsef_sessions.domain.versioning import touch
from gsef_sessions.enums import RenderKind, RenderStatus, SessionStatus
from gsef_sessions.models import Forum, Point, Render, Session
from gsef_sessions.storage import pdf_storage
from tests import pdf_renderers
from tests.factories import SessionFactory
from tests.pdf_renderers import COUNTING, FAILING, CountingRenderer


@pytest.fixture(autouse=True)
def _counting(counting_renderer):
    """Every test here renders with the fast test engine."""


@pytest.fixture
def plenary_3(gsef_2020):
    return Session.objects.get(slug="plenary-3")


def loaded(session):
    """The session as the app hands it to ``report_document``: from ``report_queryset``."""
    return Session.objects.get(pk=session.pk)


def add_spanish(session):
    session.set_current_language("es")
    session.title = "Nueva era de la digitalización y el futuro del trabajo"
    session.save()
    session.set_current_language("en")
    return session


def retitle(session, title):
    session.set_current_language("en")
    session.title = title
    session.save()
    touch(session=session)


def stored(render):
    return render.file.name and pdf_storage().exists(render.file.name)


def make_row(session, *, digest, **fields):
    fields.setdefault("requested_at", timezone.now())
    return Render.objects.create(
        kind=RenderKind.REPORT,
        forum=session.forum,
        session=session,
        language="en",
        content_hash=digest,
        renderer=COUNTING,
        **fields,
    )


# --- Recording ------------------------------------------------------------------------------------


def test_touch_records_one_pending_row_per_language(plenary_3):
    add_spanish(plenary_3)
    touch(session=plenary_3)
    rows = Render.objects.filter(session=plenary_3)
    assert sorted(rows.values_list("language", "status", "version", "kind")) == [
        ("en", RenderStatus.PENDING, 2, RenderKind.REPORT),
        ("es", RenderStatus.PENDING, 2, RenderKind.REPORT),
    ]
    assert pdf_renderers.CALLS == []


def test_touch_callbacks_render_ready_pdf(plenary_3, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        touch(session=plenary_3)
    render = Render.objects.get(session=plenary_3)
    assert render.status == RenderStatus.READY
    assert render.attempts == 1
    assert render.error == ""
    assert render.enqueued_at is not None
    assert render.finished_at is not None
    assert (render.lease, render.lease_until) == (None, None)
    assert render.file.name.startswith("reports/")
    assert pdf_storage().exists(render.file.name)
    with pdf_storage().open(render.file.name, "rb") as f:
        data = f.read()
    assert data.startswith(b"%PDF")
    assert render.size == len(data)
    assert len(pdf_renderers.CALLS) == 1
    assert pdf_renderers.CALLS[0]["report"]["session"]["slug"] == "plenary-3"


def test_request_renders_unchanged_content_never_rendered_twice(plenary_3, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        touch(session=plenary_3)
    first = Render.objects.get(session=plenary_3)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        again = rendering.request_renders(session=plenary_3)
    assert [r.pk for r in again] == [first.pk]
    assert callbacks == []  # a ready row is not queued again
    assert rendering.current_report_pdf(session=Session.objects.get(pk=plenary_3.pk), language="en").pk == first.pk
    assert Render.objects.count() == 1
    assert len(pdf_renderers.CALLS) == 1


def test_request_renders_change_supersedes_older_ready_row(plenary_3, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        touch(session=plenary_3)
    old = Render.objects.get(session=plenary_3)
    old_name = old.file.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        retitle(plenary_3, "The Future of Work, revised")
    new = Render.objects.exclude(pk=old.pk).get(session=plenary_3)
    assert new.status == RenderStatus.PENDING
    assert new.content_hash != old.content_hash
    old.refresh_from_db()
    assert old.status == RenderStatus.READY  # kept until the new one is ready
    assert pdf_storage().exists(old_name)
    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()
    new.refresh_from_db()
    old.refresh_from_db()
    assert new.status == RenderStatus.READY
    assert old.status == RenderStatus.SUPERSEDED
    assert old.file.name == ""
    assert not pdf_storage().exists(old_name)
    assert pdf_storage().exists(new.file.name)
    assert len(pdf_renderers.CALLS) == 2


def test_perform_failed_render_keeps_previous_good_pdf(plenary_3, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        touch(session=plenary_3)
    good = Render.objects.get(session=plenary_3)
    settings.GSEF_SESSIONS_PDF_RENDERER = FAILING
    with django_capture_on_commit_callbacks(execute=True):
        retitle(plenary_3, "The Future of Work, revised")
    failed = Render.objects.exclude(pk=good.pk).get(session=plenary_3)
    good.refresh_from_db()
    assert failed.status == RenderStatus.FAILED
    assert failed.error == "template error: unknown variable `oops` at report.typ:12"
    assert failed.file.name == ""
    assert failed.renderer == FAILING
    assert good.status == RenderStatus.READY
    assert stored(good)
    latest = rendering.latest_renders(session=plenary_3)
    kept = rendering.latest_renders(session=plenary_3, ready=True)
    assert (latest["en"].pk, kept["en"].pk) == (failed.pk, good.pk)


def test_perform_transient_error_goes_back_to_pending(plenary_3, monkeypatch):
    def disk_full(self, *, document):
        raise OSError("disk full")

    monkeypatch.setattr(CountingRenderer, "render", disk_full)
    touch(session=plenary_3)
    render = Render.objects.get(session=plenary_3)
    with pytest.raises(rendering.TransientRenderError, match="disk full"):
        rendering.perform(render_id=render.pk)
    render.refresh_from_db()
    assert render.status == RenderStatus.PENDING
    assert render.error == "OSError: disk full"
    assert render.attempts == 1
    assert (render.lease, render.lease_until) == (None, None)


def test_perform_transient_error_fails_after_max_attempts(plenary_3, settings, monkeypatch):
    settings.GSEF_SESSIONS_RENDER_MAX_ATTEMPTS = 3
    attempts = []

    def disk_full(self, *, document):
        attempts.append(1)
        raise OSError("disk full")

    monkeypatch.setattr(CountingRenderer, "render", disk_full)
    touch(session=plenary_3)
    render = Render.objects.get(session=plenary_3)
    for attempt in (1, 2):
        with pytest.raises(rendering.TransientRenderError):
            rendering.perform(render_id=render.pk)
        render.refresh_from_db()
        assert (render.status, render.attempts) == (RenderStatus.PENDING, attempt)
    assert rendering.perform(render_id=render.pk) is None  # the last attempt fails the row at once
    render.refresh_from_db()
    assert render.status == RenderStatus.FAILED
    assert render.attempts == 3
    assert render.error == "Gave up after 3 attempts. OSError: disk full"
    assert len(attempts) == 3


def test_perform_live_lease_held_returns_none(plenary_3):
    touch(session=plenary_3)
    render = Render.objects.get(session=plenary_3)
    lease = uuid.uuid4()
    until = timezone.now() + timedelta(seconds=60)
    Render.objects.filter(pk=render.pk).update(
        status=RenderStatus.RENDERING, lease=lease, lease_until=until, attempts=1
    )
    assert rendering.perform(render_id=render.pk) is None
    render.refresh_from_db()
    assert (render.status, render.lease, render.attempts) == (RenderStatus.RENDERING, lease, 1)
    assert pdf_renderers.CALLS == []


def test_perform_expired_lease_is_taken_over(plenary_3):
    touch(session=plenary_3)
    render = Render.objects.get(session=plenary_3)
    Render.objects.filter(pk=render.pk).update(
        status=RenderStatus.RENDERING,
        lease=uuid.uuid4(),
        lease_until=timezone.now() - timedelta(seconds=1),
        attempts=1,
    )
    done = rendering.perform(render_id=render.pk)
    assert done is not None and done.pk == render.pk
    render.refresh_from_db()
    assert (render.status, render.attempts, render.lease) == (RenderStatus.READY, 2, None)
    assert stored(render)
    assert len(pdf_renderers.CALLS) == 1


def test_perform_lost_lease_never_writes_result(plenary_3, monkeypatch, django_capture_on_commit_callbacks):
    touch(session=plenary_3)
    render = Render.objects.get(session=plenary_3)
    other = uuid.uuid4()
    real = CountingRenderer.render

    def slow_then_overtaken(self, *, document):
        # While this worker renders, its lease expires and another worker takes the row.
        Render.objects.filter(pk=render.pk).update(lease=other, attempts=2)
        return real(self, document=document)

    monkeypatch.setattr(CountingRenderer, "render", slow_then_overtaken)
    with django_capture_on_commit_callbacks(execute=True):
        assert rendering.perform(render_id=render.pk) is None
    render.refresh_from_db()
    assert (render.status, render.lease, render.file.name) == (RenderStatus.RENDERING, other, "")
    # The file this worker stored was deleted again.
    assert pdf_storage().listdir("reports") == ([], [])


def test_perform_pending_row_no_longer_newest_is_superseded(plenary_3):
    touch(session=plenary_3)
    older = Render.objects.get(session=plenary_3)
    retitle(plenary_3, "The Future of Work, revised")
    newer = Render.objects.exclude(pk=older.pk).get(session=plenary_3)
    assert rendering.perform(render_id=older.pk) is None
    older.refresh_from_db()
    newer.refresh_from_db()
    assert older.status == RenderStatus.SUPERSEDED
    assert newer.status == RenderStatus.PENDING
    assert pdf_renderers.CALLS == []


def test_perform_content_changed_without_touch_requests_new_row(plenary_3, django_capture_on_commit_callbacks):
    touch(session=plenary_3)
    stale = Render.objects.get(session=plenary_3)
    point = Point.objects.filter(contribution__round__session=plenary_3, parent=None).order_by("pk").first()
    changed = point.translations.filter(language_code="en").update(text="Edited straight in the database.")
    assert changed == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert rendering.perform(render_id=stale.pk) is None
    stale.refresh_from_db()
    fresh = Render.objects.exclude(pk=stale.pk).get(session=plenary_3)
    assert stale.status == RenderStatus.SUPERSEDED
    assert stale.file.name == ""
    assert fresh.content_hash != stale.content_hash
    assert fresh.status == RenderStatus.READY
    assert len(pdf_renderers.CALLS) == 1
    assert "Edited straight in the database." in repr(pdf_renderers.CALLS[0]["report"])


def test_perform_missing_row_returns_none(db):
    assert rendering.perform(render_id=987654) is None


# --- The content hash -----------------------------------------------------------------------------


def test_content_hash_equal_content_is_equal(plenary_3):
    touch(session=plenary_3)
    render = Render.objects.get(session=plenary_3)
    fresh = loaded(plenary_3)
    one = rendering.content_hash(document=report_document(session=fresh, language="en"), renderer_path=COUNTING)
    two = rendering.content_hash(document=report_document(session=fresh, language="en"), renderer_path=COUNTING)
    assert one == two == render.content_hash
    assert len(one) == 64


def test_content_hash_changes_with_branding(plenary_3, settings):
    before = rendering.content_hash(
        document=report_document(session=loaded(plenary_3), language="en"), renderer_path=COUNTING
    )
    settings.GSEF_SESSIONS_PDF_BRANDING = {"primary_color": "#000000"}
    after = rendering.content_hash(
        document=report_document(session=loaded(plenary_3), language="en"), renderer_path=COUNTING
    )
    assert before != after


def test_content_hash_changes_with_branding_logo_bytes(plenary_3, settings, tmp_path):
    logo = tmp_path / "logo.svg"
    logo.write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    settings.GSEF_SESSIONS_PDF_BRANDING = {"logo": str(logo)}
    before = rendering.content_hash(
        document=report_document(session=loaded(plenary_3), language="en"), renderer_path=COUNTING
    )
    logo.write_text("<svg xmlns='http://www.w3.org/2000/svg' width='1'/>")
    after = rendering.content_hash(
        document=report_document(session=loaded(plenary_3), language="en"), renderer_path=COUNTING
    )
    assert before != after


def test_content_hash_changes_with_renderer_path(plenary_3):
    document = report_document(session=loaded(plenary_3), language="en")
    assert rendering.content_hash(document=document, renderer_path=COUNTING) != rendering.content_hash(
        document=document, renderer_path=FAILING
    )


def test_content_hash_changes_with_language(plenary_3):
    add_spanish(plenary_3)
    session = loaded(plenary_3)
    english = report_document(session=session, language="en")
    spanish = report_document(session=session, language="es")
    assert (english["language"], spanish["language"]) == ("en", "es")
    assert rendering.content_hash(document=english, renderer_path=COUNTING) != rendering.content_hash(
        document=spanish, renderer_path=COUNTING
    )


def test_current_report_pdf_plain_session_instance(plenary_3):
    add_spanish(plenary_3)
    session = Session.objects.get(pk=plenary_3.pk)
    render = rendering.current_report_pdf(session=session, language="en")
    assert render.status == RenderStatus.PENDING


# --- Lost messages --------------------------------------------------------------------------------


def test_stale_renders_selects_lost_rows_only(plenary_3, settings):
    settings.GSEF_SESSIONS_REQUEUE_AFTER = 300
    now = timezone.now()
    long_ago = now - timedelta(seconds=301)
    lately = now - timedelta(seconds=10)
    queued_long_ago = make_row(plenary_3, digest="a", requested_at=long_ago, enqueued_at=long_ago)
    never_queued = make_row(plenary_3, digest="b", requested_at=long_ago)
    make_row(plenary_3, digest="c", requested_at=long_ago, enqueued_at=lately)  # queued again lately
    make_row(plenary_3, digest="d", requested_at=lately)  # requested lately, commit may still be queueing it
    expired = make_row(
        plenary_3,
        digest="e",
        requested_at=long_ago,
        status=RenderStatus.RENDERING,
        lease=uuid.uuid4(),
        lease_until=now - timedelta(seconds=1),
    )
    make_row(
        plenary_3,
        digest="f",
        requested_at=long_ago,
        status=RenderStatus.RENDERING,
        lease=uuid.uuid4(),
        lease_until=now + timedelta(seconds=60),
    )
    make_row(plenary_3, digest="g", requested_at=long_ago, enqueued_at=long_ago, status=RenderStatus.READY)
    make_row(plenary_3, digest="h", requested_at=long_ago, enqueued_at=long_ago, status=RenderStatus.FAILED)
    make_row(plenary_3, digest="i", requested_at=long_ago, enqueued_at=long_ago, status=RenderStatus.SUPERSEDED)
    assert set(rendering.stale_renders()) == {queued_long_ago, never_queued, expired}


def test_requeue_stale_renders_lost_rows_and_forgets_old_superseded(plenary_3, settings):
    settings.GSEF_SESSIONS_REQUEUE_AFTER = 300
    now = timezone.now()
    forgotten = make_row(plenary_3, digest="old", status=RenderStatus.SUPERSEDED, requested_at=now - timedelta(days=2))
    kept = make_row(plenary_3, digest="recent", status=RenderStatus.SUPERSEDED, requested_at=now - timedelta(hours=2))
    touch(session=plenary_3)  # its message was lost: the callbacks never ran
    lost = Render.objects.get(session=plenary_3, status=RenderStatus.PENDING)
    Render.objects.filter(pk=lost.pk).update(requested_at=now - timedelta(seconds=400))
    assert rendering.requeue_stale() == 1
    lost.refresh_from_db()
    assert lost.status == RenderStatus.READY
    assert lost.enqueued_at is not None
    assert stored(lost)
    assert not Render.objects.filter(pk=forgotten.pk).exists()
    assert Render.objects.filter(pk=kept.pk).exists()
    assert len(pdf_renderers.CALLS) == 1


def test_requeue_stale_gives_up_exhausted_row(plenary_3, settings):
    settings.GSEF_SESSIONS_RENDER_MAX_ATTEMPTS = 2
    touch(session=plenary_3)
    render = Render.objects.get(session=plenary_3)
    long_ago = timezone.now() - timedelta(seconds=settings.GSEF_SESSIONS_REQUEUE_AFTER + 1)
    Render.objects.filter(pk=render.pk).update(attempts=2, error="OSError: disk full", enqueued_at=long_ago)
    assert rendering.requeue_stale() == 1
    render.refresh_from_db()
    assert render.status == RenderStatus.FAILED
    assert render.error == "Gave up after 2 attempts. OSError: disk full"
    assert pdf_renderers.CALLS == []


# --- Proceedings ----------------------------------------------------------------------------------


def slugs(document):
    return [report["session"]["slug"] for report in document["reports"]]


def test_request_proceedings_one_row_per_forum_and_language(gsef_2020, django_capture_on_commit_callbacks):
    forum = Forum.objects.get(slug="gsef-2020")
    with django_capture_on_commit_callbacks(execute=True):
        render = rendering.request_proceedings(forum=forum, language="en")
    render.refresh_from_db()
    assert (render.kind, render.forum_id, render.session_id, render.language, render.status) == (
        RenderKind.PROCEEDINGS,
        forum.pk,
        None,
        "en",
        RenderStatus.READY,
    )
    assert stored(render)
    assert len(pdf_renderers.CALLS) == 1
    assert pdf_renderers.CALLS[0]["kind"] == "proceedings"
    assert slugs(pdf_renderers.CALLS[0]) == ["plenary-3"]  # the drafts are left out
    with django_capture_on_commit_callbacks(execute=True):
        again = rendering.request_proceedings(forum=forum, language="en")
        spanish = rendering.request_proceedings(forum=forum, language="es")
    assert again.pk == render.pk
    assert spanish.pk != render.pk
    assert sorted(Render.objects.filter(kind=RenderKind.PROCEEDINGS).values_list("language", flat=True)) == ["en", "es"]
    assert len(pdf_renderers.CALLS) == 2
    assert pdf_renderers.CALLS[1]["language"] == "es"


def test_request_proceedings_newly_published_session_makes_new_row(gsef_2020, django_capture_on_commit_callbacks):
    forum = Forum.objects.get(slug="gsef-2020")
    with django_capture_on_commit_callbacks(execute=True):
        first = rendering.request_proceedings(forum=forum, language="en")
    Session.objects.filter(slug="plenary-2").update(status=SessionStatus.PUBLISHED)
    with django_capture_on_commit_callbacks(execute=True):
        second = rendering.request_proceedings(forum=forum, language="en")
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.pk != first.pk
    assert (first.status, second.status) == (RenderStatus.SUPERSEDED, RenderStatus.READY)
    assert slugs(pdf_renderers.CALLS[-1]) == ["plenary-2", "plenary-3"]


# --- What a PDF could not print -------------------------------------------------------------------

TYPST = "gsef_sessions.pdf.typst.TypstRenderer"
PRIVATE_USE = "\U0010fffd"  # allowed by the validator, drawn by no font


def test_perform_report_character_no_font_has_ready_with_warning(
    plenary_3, settings, django_capture_on_commit_callbacks
):
    settings.GSEF_SESSIONS_PDF_RENDERER = TYPST
    with django_capture_on_commit_callbacks(execute=True):
        retitle(plenary_3, f"The Future of Work {PRIVATE_USE}")
    render = Render.objects.get(session=plenary_3)
    assert (render.status, render.error) == (RenderStatus.READY, "")
    assert render.warnings == [
        f"No font has these characters; the PDF prints a placeholder for each: {PRIVATE_USE} (U+10FFFD)."
    ]


def test_perform_proceedings_character_no_font_has_names_its_session(
    plenary_3, settings, django_capture_on_commit_callbacks
):
    settings.GSEF_SESSIONS_PDF_RENDERER = TYPST
    retitle(plenary_3, f"The Future of Work {PRIVATE_USE}")
    with django_capture_on_commit_callbacks(execute=True):
        render = rendering.request_proceedings(forum=plenary_3.forum, language="en")
    render.refresh_from_db()
    assert (render.status, render.error) == (RenderStatus.READY, "")
    assert render.warnings == [
        (
            f"No font has these characters; the PDF prints a placeholder for each: {PRIVATE_USE} (U+10FFFD). "
            f"They are in: Plenary 3 — The Future of Work {PRIVATE_USE}."
        )
    ]


def test_perform_proceedings_leaves_out_unprintable_report_and_names_it(
    plenary_3, settings, django_capture_on_commit_callbacks
):
    settings.GSEF_SESSIONS_PDF_RENDERER = pdf_renderers.PICKY
    Session.objects.filter(slug="plenary-2").update(status=SessionStatus.PUBLISHED)
    retitle(plenary_3, "Unprintable")
    with django_capture_on_commit_callbacks(execute=True):
        render = rendering.request_proceedings(forum=plenary_3.forum, language="en")
    render.refresh_from_db()
    assert (render.status, render.error) == (RenderStatus.READY, "")
    assert render.warnings == [
        (
            "Left out of the proceedings, because its report cannot be printed: Plenary 3 — Unprintable "
            "(cannot print this title)"
        )
    ]
    printed = pdf_renderers.CALLS[-1]
    assert (slugs(printed), printed["labels"]["sessions_count"]) == (["plenary-2"], "{count} session")


def test_perform_proceedings_failing_names_session_at_fault(plenary_3, settings, django_capture_on_commit_callbacks):
    settings.GSEF_SESSIONS_PDF_RENDERER = pdf_renderers.PICKY
    retitle(plenary_3, "Unprintable")  # the only published report
    with django_capture_on_commit_callbacks(execute=True):
        render = rendering.request_proceedings(forum=plenary_3.forum, language="en")
    render.refresh_from_db()
    assert (render.status, render.warnings) == (RenderStatus.FAILED, [])
    assert render.error == (
        "The reports of these sessions cannot be printed: Plenary 3 — Unprintable. cannot print this title"
    )


def test_perform_proceedings_every_report_failing_alone_keeps_engine_error(
    gsef_2020, settings, django_capture_on_commit_callbacks
):
    """Not one report's fault (a template error, say): no session is blamed."""
    settings.GSEF_SESSIONS_PDF_RENDERER = FAILING
    Session.objects.filter(slug="plenary-2").update(status=SessionStatus.PUBLISHED)
    with django_capture_on_commit_callbacks(execute=True):
        render = rendering.request_proceedings(forum=Forum.objects.get(slug="gsef-2020"), language="en")
    render.refresh_from_db()
    assert (render.status, render.error) == (
        RenderStatus.FAILED,
        "template error: unknown variable `oops` at report.typ:12",
    )


# --- Latest render per language -------------------------------------------------------------------


def requested(session, *, language, status, minutes_ago, kind=RenderKind.REPORT):
    return Render.objects.create(
        kind=kind,
        forum=session.forum,
        session=session if kind == RenderKind.REPORT else None,
        language=language,
        content_hash=uuid.uuid4().hex,
        renderer=COUNTING,
        status=status,
        requested_at=timezone.now() - timedelta(minutes=minutes_ago),
    )


def pks(renders):
    return {language: render.pk for language, render in renders.items()}


@pytest.mark.django_db
def test_latest_renders_newest_requested_per_language_wins():
    session = SessionFactory()
    good = requested(session, language="en", status=RenderStatus.READY, minutes_ago=10)
    newest = requested(session, language="en", status=RenderStatus.PENDING, minutes_ago=5)
    spanish = requested(session, language="es", status=RenderStatus.FAILED, minutes_ago=20)
    requested(session, language="en", status=RenderStatus.PENDING, minutes_ago=1, kind=RenderKind.PROCEEDINGS)
    assert pks(rendering.latest_renders(session=session)) == {"en": newest.pk, "es": spanish.pk}
    assert pks(rendering.latest_renders(session=session, ready=True)) == {"en": good.pk}


@pytest.mark.django_db
def test_latest_renders_superseded_ignored():
    session = SessionFactory()
    good = requested(session, language="en", status=RenderStatus.READY, minutes_ago=10)
    requested(session, language="en", status=RenderStatus.SUPERSEDED, minutes_ago=1)
    requested(session, language="es", status=RenderStatus.SUPERSEDED, minutes_ago=1)
    assert pks(rendering.latest_renders(session=session)) == {"en": good.pk}


@pytest.mark.django_db
def test_latest_proceedings_newest_requested_per_language_wins_superseded_aside():
    session = SessionFactory()
    proceedings = partial(requested, session, kind=RenderKind.PROCEEDINGS)
    proceedings(language="en", status=RenderStatus.READY, minutes_ago=10)
    newest = proceedings(language="en", status=RenderStatus.PENDING, minutes_ago=5)
    proceedings(language="en", status=RenderStatus.SUPERSEDED, minutes_ago=1)
    spanish = proceedings(language="es", status=RenderStatus.FAILED, minutes_ago=20)
    requested(session, language="en", status=RenderStatus.READY, minutes_ago=0)  # a report's, not proceedings
    other_forum = proceedings(language="en", status=RenderStatus.READY, minutes_ago=0)
    Render.objects.filter(pk=other_forum.pk).update(forum=SessionFactory().forum)
    assert pks(rendering.latest_proceedings(forum=session.forum)) == {"en": newest.pk, "es": spanish.pk}


@pytest.mark.django_db
def test_latest_renders_of_many_sessions_prefetched_in_one_query(django_assert_num_queries):
    first = SessionFactory()
    second = SessionFactory(forum=first.forum)
    requested(first, language="en", status=RenderStatus.READY, minutes_ago=10)
    newest = requested(first, language="en", status=RenderStatus.RENDERING, minutes_ago=5)
    spanish = requested(second, language="es", status=RenderStatus.READY, minutes_ago=5)
    with django_assert_num_queries(2):  # the sessions, then every latest render
        sessions = list(
            Session.objects.filter(pk__in=[first.pk, second.pk])
            .order_by("pk")
            .prefetch_related(rendering.live_renders_prefetch())
        )
    with django_assert_num_queries(0):
        latest = [pks(rendering.latest_renders(session=session)) for session in sessions]
    assert latest == [{"en": newest.pk}, {"es": spanish.pk}]
