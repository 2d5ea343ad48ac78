"""PDF renders: which are needed (an outbox row per content hash and language), who renders them,
and which one a reader may be given.

A row is written in the transaction of the change that needs it and queued once that commits;
workers claim rows under a lease, so a render whose worker died is taken up again, and a render
that lost its lease or its content can never overwrite the current PDF.

The Celery tasks live here, with the outbox that queues them (as pretix's services own theirs), so
nothing imports back the module that calls it; ``gsef_sessions.tasks`` only names them for
autodiscovery.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
import time
import uuid
from collections.abc import Iterable, Mapping
from datetime import timedelta
from functools import partial
from typing import Any

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.core.files.base import ContentFile
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .. import links
from ..conf import settings
from ..enums import RenderKind, RenderStatus, SessionStatus
from ..models import Forum, Render, Session
from ..pdf.base import RenderError, get_renderer
from . import queueing
from .documents import labels, proceedings_document, report_document
from .pdf_status import latest_render
from .webhooks import record_pdf_ready

logger = logging.getLogger(__name__)

#: Worth another attempt later: the database, the storage or the clock, not the report.
TRANSIENT_ERRORS = (OperationalError, InterfaceError, OSError, SoftTimeLimitExceeded)


class TransientRenderError(Exception):
    """A render that failed for a reason that may pass; the task retries it with backoff."""


def content_hash(*, document: dict[str, Any], renderer_path: str) -> str:
    """What decides a PDF's bytes: the document (report, labels, branding) and the engine's templates."""
    renderer = get_renderer(renderer_path)
    payload = {"document": document, "renderer": renderer_path, "template_version": renderer.template_version}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _subject(render):
    if render.kind == RenderKind.PROCEEDINGS:
        return Q(kind=RenderKind.PROCEEDINGS, forum_id=render.forum_id, session=None)
    return Q(kind=RenderKind.REPORT, session_id=render.session_id)


def _record(*, document, kind, forum, session=None, version=0, force=False, queue=True):
    """The row for ``document``'s content; (re)queued unless that content is rendered or being rendered."""
    renderer_path = settings.PDF_RENDERER
    digest = content_hash(document=document, renderer_path=renderer_path)
    now = timezone.now()
    render, created = Render.objects.get_or_create(
        content_hash=digest,
        language=document["language"],
        defaults={
            "kind": kind,
            "forum": forum,
            "session": session,
            "renderer": renderer_path,
            "version": version,
            "requested_at": now,
        },
    )
    if created:
        if queue:
            _enqueue_on_commit(render.pk)
        return render
    render.requested_at = now  # the newest request is the current one for its session and language
    fields = ["requested_at"]
    if render.status == RenderStatus.SUPERSEDED or (force and render.status == RenderStatus.FAILED):
        render.status, render.attempts, render.error, render.enqueued_at = RenderStatus.PENDING, 0, "", None
        fields += ["status", "attempts", "error", "enqueued_at"]
    render.save(update_fields=fields)
    if queue and render.status == RenderStatus.PENDING:
        _enqueue_on_commit(render.pk)
    return render


def request_renders(
    *, session: Session, languages: Iterable[str] | None = None, force: bool = False, queue: bool = True
) -> list[Render]:
    """Record the PDFs ``session``'s current content needs: one per language it is written in.

    ``force`` queues failed renders again; ``queue=False`` leaves them to the caller. Returns the rows.
    """
    session = Session.objects.select_related("forum").prefetch_related("translations").get(pk=session.pk)
    wanted = session.get_available_languages()
    with transaction.atomic():
        return [
            _record(
                document=report_document(session=session, language=language),
                kind=RenderKind.REPORT,
                forum=session.forum,
                session=session,
                version=session.version,
                force=force,
                queue=queue,
            )
            for language in (languages or wanted)
            if language in wanted
        ]


def published_for_proceedings(forum: Forum) -> QuerySet[Session]:
    return Session.objects.filter(forum=forum, status=SessionStatus.PUBLISHED).order_by("starts_at", "number", "slug")


def request_proceedings(*, forum: Forum, language: str, force: bool = False, queue: bool = True) -> Render:
    """Record the proceedings PDF of ``forum``'s published reports in ``language``."""
    sessions = published_for_proceedings(forum)
    with transaction.atomic():
        document = proceedings_document(forum=forum, sessions=sessions, language=language)
        return _record(
            document=document,
            kind=RenderKind.PROCEEDINGS,
            forum=forum,
            version=document["meta"]["version"],
            force=force,
            queue=queue,
        )


def _current(*, document, kind, forum, session=None, version=0):
    """The render of exactly ``document``'s content, recorded (and, without a broker, made) if missing.

    Reads only, when that content is on record: a download never writes unless it must.
    """
    digest = content_hash(document=document, renderer_path=settings.PDF_RENDERER)
    render = Render.objects.filter(content_hash=digest, language=document["language"]).first()
    if render is None or render.status == RenderStatus.SUPERSEDED:
        with transaction.atomic():
            render = _record(document=document, kind=kind, forum=forum, session=session, version=version)
        render.refresh_from_db()  # without a broker the render ran when the block above committed
    return render


def current_report_pdf(*, session: Session, language: str) -> Render:
    """The render of the report's current content in ``language``: a reader is given its file only
    when it is ready, so an older PDF is never served as current."""
    return _current(
        document=report_document(session=session, language=language),
        kind=RenderKind.REPORT,
        forum=session.forum,
        session=session,
        version=session.version,
    )


def current_proceedings_pdf(*, forum: Forum, language: str) -> Render:
    document = proceedings_document(forum=forum, sessions=published_for_proceedings(forum), language=language)
    return _current(document=document, kind=RenderKind.PROCEEDINGS, forum=forum, version=document["meta"]["version"])


def _latest_renders(*, ready: bool) -> QuerySet[Render]:
    """The renders ``latest_render`` names: one per session and language."""
    return Render.objects.filter(pk=latest_render(ready=ready))


_PREFETCHED = "latest_report_renders"


def live_renders_prefetch() -> Prefetch:
    """``latest_renders`` of many sessions in one query."""
    return Prefetch("renders", queryset=_latest_renders(ready=False), to_attr=_PREFETCHED)


def latest_renders(*, session: Session, ready: bool = False) -> dict[str, Render]:
    """Per language, the render ``latest_render`` names (``ready``: the newest good one), from
    ``live_renders_prefetch`` where the session came with it."""
    renders = None if ready else getattr(session, _PREFETCHED, None)
    if renders is None:
        renders = _latest_renders(ready=ready).filter(session=session)
    return {render.language: render for render in renders}


def latest_proceedings(*, forum: Forum) -> dict[str, Render]:
    """Per language, the newest requested render of ``forum``'s proceedings (its status is the PDF's)."""
    renders = Render.objects.filter(kind=RenderKind.PROCEEDINGS, forum=forum, pk=latest_render(forum=forum.pk))
    return {render.language: render for render in renders}


def report_pdf_links(
    *,
    forum_slug: str,
    session_slug: str,
    languages: Iterable[str],
    statuses: Mapping[str, str],
    base_url: str | None = None,
) -> list[dict[str, str]]:
    """Per language the report is written in: the PDF's address and the status of its current render
    (``statuses``: by language, from ``latest_render``; "missing" when none was ever requested, and
    the download then requests it)."""
    base = (base_url or settings.BASE_URL).rstrip("/")
    return [
        {
            "language": language,
            "status": statuses.get(language, "missing"),
            "url": base
            + links.url(
                "gsef_sessions:session-pdf",
                forum_slug=forum_slug,
                session_slug=session_slug,
                language=language,
            ),
        }
        for language in languages
    ]


# --- Queueing -------------------------------------------------------------------------------------


def _enqueue_on_commit(render_id):
    queueing.on_commit(_publish, render_id)


def _publish(render_id):
    if queueing.publish(partial(enqueue_render, render_id=render_id), what=f"render {render_id}"):
        Render.objects.filter(pk=render_id).update(enqueued_at=timezone.now())


def stale_renders() -> QuerySet[Render]:
    """Rows whose message may be lost: pending and not queued lately, or held by an expired lease."""
    now = timezone.now()
    cutoff = now - timedelta(seconds=settings.REQUEUE_AFTER)
    pending = Q(status=RenderStatus.PENDING) & (
        Q(enqueued_at__lt=cutoff) | Q(enqueued_at=None, requested_at__lt=cutoff)
    )
    abandoned = Q(status=RenderStatus.RENDERING, lease_until__lt=now)
    return Render.objects.filter(pending | abandoned).order_by("requested_at")


def requeue_stale() -> int:
    """Queue again what may have been lost; forget superseded rows after a day (their files are gone)."""
    Render.objects.filter(status=RenderStatus.SUPERSEDED, requested_at__lt=timezone.now() - timedelta(days=1)).delete()
    ids = list(stale_renders().values_list("pk", flat=True))
    for render_id in ids:
        _publish(render_id)
    return len(ids)


# --- Rendering (worker side) ----------------------------------------------------------------------


def lease_seconds() -> int:
    # The hard time limit (soft + 10 s) plus a margin: a live worker never loses its lease.
    return settings.RENDER_TIME_LIMIT + 20


def _claim(render_id):
    """Take the row under a fresh lease, or say why not (None)."""
    now = timezone.now()
    with transaction.atomic():
        render = Render.objects.select_for_update().filter(pk=render_id).first()
        if render is None or render.status in (RenderStatus.READY, RenderStatus.SUPERSEDED, RenderStatus.FAILED):
            return None
        if render.status == RenderStatus.RENDERING and render.lease_until and render.lease_until > now:
            return None  # a live worker holds it; this is a duplicate delivery
        if (
            Render.objects.filter(_subject(render), language=render.language)
            .filter(Q(requested_at__gt=render.requested_at) | Q(requested_at=render.requested_at, pk__gt=render.pk))
            .exists()
        ):
            render.status = RenderStatus.SUPERSEDED
            render.save(update_fields=["status"])
            return None
        if render.attempts >= settings.RENDER_MAX_ATTEMPTS:
            render.status = RenderStatus.FAILED
            render.error = _("Gave up after %(count)d attempts. %(error)s") % {
                "count": render.attempts,
                "error": render.error,
            }
            render.lease = render.lease_until = None
            render.save(update_fields=["status", "error", "lease", "lease_until"])
            return None
        render.status = RenderStatus.RENDERING
        render.attempts += 1
        render.lease = uuid.uuid4()
        render.lease_until = now + timedelta(seconds=lease_seconds())
        render.save(update_fields=["status", "attempts", "lease", "lease_until"])
    return render


def _document(render):
    if render.kind == RenderKind.PROCEEDINGS:
        return proceedings_document(
            forum=render.forum,
            sessions=published_for_proceedings(render.forum),
            language=render.language,
        )
    session = Session.objects.filter(pk=render.session_id).first()
    return None if session is None else report_document(session=session, language=render.language)


def _release(render, *, status, error=""):
    """Leave the row (if we still hold it) in ``status``; False if another worker took it over."""
    with transaction.atomic():
        current = Render.objects.select_for_update().get(pk=render.pk)
        if current.lease != render.lease:
            return False
        current.status, current.error = status, error
        current.lease = current.lease_until = None
        current.save(update_fields=["status", "error", "lease", "lease_until"])
    return True


def _request_again(render):
    """The content changed without a new request (a direct database edit): record the current one."""
    if render.kind == RenderKind.PROCEEDINGS:
        request_proceedings(forum=render.forum, language=render.language)
    elif render.session_id:
        request_renders(session=render.session, languages=[render.language])


def perform(*, render_id: int) -> Render | None:
    """Render one row. Returns the row if this call produced its PDF, else None.

    Raises ``TransientRenderError`` when a later attempt may succeed.
    """
    render = _claim(render_id)
    if render is None:
        return None
    started = time.perf_counter()
    try:
        document = _document(render)
        if document is None or content_hash(document=document, renderer_path=render.renderer) != render.content_hash:
            if _release(render, status=RenderStatus.SUPERSEDED) and document is not None:
                _request_again(render)
            return None
        pdf, warnings = _render(renderer=get_renderer(render.renderer), document=document)
        name = _store(render, pdf)
    except RenderError as exc:
        _release(render, status=RenderStatus.FAILED, error=str(exc))
        return None
    except TRANSIENT_ERRORS as exc:
        error = f"{type(exc).__name__}: {exc}"
        if render.attempts >= settings.RENDER_MAX_ATTEMPTS:  # the last attempt: say so now, not at the next re-queue
            _release(
                render,
                status=RenderStatus.FAILED,
                error=_("Gave up after %(count)d attempts. %(error)s") % {"count": render.attempts, "error": error},
            )
            return None
        _release(render, status=RenderStatus.PENDING, error=error)
        raise TransientRenderError(str(exc)) from exc
    except Exception as exc:  # a bug or bad data: retrying would fail the same way
        logger.exception("Render %s failed", render.pk)
        _release(render, status=RenderStatus.FAILED, error=f"{type(exc).__name__}: {exc}")
        return None
    return _finish(
        render, name=name, size=len(pdf), warnings=warnings, duration_ms=int((time.perf_counter() - started) * 1000)
    )


def _session_name(report):
    return " — ".join(filter(None, [report["session"]["label"], report["session"]["title"]]))


def _glyph_warnings(document, pdf):
    """What the admin should know about characters the engine printed with a fallback glyph."""
    missing = getattr(pdf, "missing", "")
    if not missing:
        return []
    warning = _("No font has these characters; the PDF prints a placeholder for each: %(characters)s.") % {
        "characters": ", ".join(f"{char} (U+{ord(char):04X})" for char in missing)
    }
    if document["kind"] == "proceedings":
        sessions = [
            _session_name(report)
            for report in document["reports"]
            if set(missing) & set(json.dumps(report, ensure_ascii=False))
        ]
        warning += " " + _("They are in: %(sessions)s.") % {"sessions": "; ".join(sessions)}
    if pdf.dropped:
        warning += " " + _("So the PDF does not claim these standards: %(standards)s.") % {
            "standards": ", ".join(standard.upper() for standard in pdf.dropped)
        }
    return [warning]


def _render(*, renderer, document):
    """``(pdf, warnings)``: the PDF of ``document`` and what the admin should know about it.

    A proceedings is never lost to one report: when it fails, each report is tried on its own and
    the ones that fail are left out, each named in a warning. When that does not help, the
    ``RenderError`` names the sessions at fault; when every report fails alone, the fault is not
    theirs (a template, the engine) and the engine's error stands.
    """
    try:
        pdf = renderer.render(document=document)
        return pdf, _glyph_warnings(document, pdf)
    except RenderError as error:
        if document["kind"] != "proceedings":
            raise
        failure = error
    reports, faulty = document["reports"], {}
    for index, report in enumerate(reports):
        try:
            renderer.render(document={**document, "reports": [report]})
        except RenderError as error:
            faulty[index] = error
    if not faulty or (len(reports) > 1 and len(faulty) == len(reports)):
        raise failure
    if len(faulty) < len(reports):
        kept = [report for index, report in enumerate(reports) if index not in faulty]
        with translation.override(document["language"]):
            count = labels(sessions=len(kept))["sessions_count"]
        rest = {**document, "reports": kept, "labels": {**document["labels"], "sessions_count": count}}
        try:
            pdf = renderer.render(document=rest)
        except RenderError:
            pass
        else:
            left_out = [
                _("Left out of the proceedings, because its report cannot be printed: %(session)s (%(error)s)")
                % {"session": _session_name(reports[index]), "error": error}
                for index, error in faulty.items()
            ]
            return pdf, left_out + _glyph_warnings(rest, pdf)
    raise RenderError(
        _("The reports of these sessions cannot be printed: %(sessions)s. %(error)s")
        % {"sessions": "; ".join(_session_name(reports[index]) for index in faulty), "error": failure}
    ) from failure


def _store(render, pdf):
    folder = "proceedings" if render.kind == RenderKind.PROCEEDINGS else "reports"
    # Unguessable: the name alone must never be enough to fetch a draft's PDF from the storage.
    return render.file.storage.save(f"{folder}/{secrets.token_urlsafe(24)}.pdf", ContentFile(pdf))


def _finish(render, *, name, size, duration_ms, warnings):
    storage = render.file.storage
    with transaction.atomic():
        current = Render.objects.select_for_update().get(pk=render.pk)
        if current.lease != render.lease or current.status != RenderStatus.RENDERING:
            transaction.on_commit(partial(storage.delete, name))  # another worker took it over
            return None
        newer = Q(requested_at__gt=current.requested_at) | Q(requested_at=current.requested_at, pk__gt=current.pk)
        same = (
            Render.objects.select_for_update()
            .filter(_subject(current), language=current.language, status=RenderStatus.READY)
            .exclude(pk=current.pk)
        )
        if same.filter(newer).exists():  # a later request finished first: this PDF is already old
            current.status, current.lease, current.lease_until = RenderStatus.SUPERSEDED, None, None
            current.save(update_fields=["status", "lease", "lease_until"])
            transaction.on_commit(partial(storage.delete, name))
            return None
        current.file.name = name
        current.status, current.error, current.size, current.duration_ms = RenderStatus.READY, "", size, duration_ms
        current.warnings = list(warnings)
        current.finished_at = timezone.now()
        current.lease = current.lease_until = None
        current.save()
        record_pdf_ready(render=current)
        # Older good PDFs of this subject and language are no longer needed.
        for old in same:
            transaction.on_commit(partial(storage.delete, old.file.name))
        same.update(status=RenderStatus.SUPERSEDED, file="")
    return current


# --- Tasks ----------------------------------------------------------------------------------------
# Thin: by id, into the functions above. A render message is acknowledged only after the task ends
# (``acks_late``) and given back to the queue if the worker process dies (``reject_on_worker_lost``);
# the row's lease decides who actually renders, so a redelivered message never renders twice.


@shared_task(name="gsef_sessions.render_pdf", bind=True, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def render_pdf(self, *, render_id):
    try:
        perform(render_id=render_id)
    except TransientRenderError as exc:
        # Exponential backoff, capped: 2, 4, 8 … s, at most 5 minutes.
        countdown = min(2 ** (self.request.retries + 1), 300)
        # Returned, not raised: the retry message is sent and this run ends (run eagerly, without a
        # broker, Celery retries at once even where eager errors propagate).
        return self.retry(exc=exc, countdown=countdown, max_retries=settings.RENDER_MAX_ATTEMPTS - 1, throw=False)


@shared_task(name="gsef_sessions.requeue_stale_renders", ignore_result=True)
def requeue_stale_renders() -> int:
    return requeue_stale()


def enqueue_render(*, render_id: int) -> None:
    """Publish a render message; a dead broker costs a few bounded retries, never a hang."""
    render_pdf.apply_async(
        kwargs={"render_id": render_id},
        soft_time_limit=settings.RENDER_TIME_LIMIT,
        time_limit=settings.RENDER_TIME_LIMIT + 10,
        retry=True,
        retry_policy=queueing.retry_policy(),
    )
