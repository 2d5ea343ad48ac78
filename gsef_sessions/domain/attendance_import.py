"""Attendance from a platform's own report (a Zoom CSV): received by the admin or the command, kept
in the private storage, counted by a Celery task (``gsef_sessions.count_attendance``), written as the
session's attendance counts in one transaction, and then deleted: of the people in it only the counts
and the file's hash stay.

The same file again, read the same way, changes nothing. Read another way (time zone, date order),
or a later file of the same meeting (the same meeting or webinar ID and start time), it replaces the
counts it gave; the counts it replaces go to the report's history.
Typed counts are never touched. What each figure means is ``attendance_reports``'.
"""

from __future__ import annotations

import hashlib
import logging
import zoneinfo
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from pathlib import PurePath
from typing import TYPE_CHECKING

from celery import shared_task
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..conf import settings
from ..enums import AttendanceImportStatus, AttendanceKind, DateOrder
from ..models import AttendanceCount, AttendanceImport, Session
from . import queueing
from .attendance_reports import AttendanceFigures, AttendanceReportRejected, read_attendance_report
from .history import authored_by
from .permissions import can_edit
from .versioning import touch

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser

logger = logging.getLogger(__name__)

NOTICES_KEPT = 200

#: Statuses after which a file is no longer needed.
FINISHED = (AttendanceImportStatus.COUNTED, AttendanceImportStatus.FAILED, AttendanceImportStatus.REPLACED)


def receive_attendance_report(
    *,
    session: Session,
    user: AbstractBaseUser,
    data: bytes,
    filename: str,
    zone: str | None = None,
    date_order: str = "",
    queue: bool = True,
) -> tuple[AttendanceImport, bool]:
    """Keep an uploaded report until it is counted: (its import, whether it is new). A file already
    counted (or being counted) for the session, read the same way, is not kept again. ``zone``: the
    time zone of the file's times (default: the forum's). With ``queue``, the count is queued once
    this commits."""
    if not can_edit(user, session):
        raise PermissionDenied(_("You may not edit this report."))
    if not data:
        raise ValidationError(_("The file is empty."))
    if len(data) > settings.ATTENDANCE_MAX_BYTES:
        raise ValidationError(_("This file is larger than %(limit)d bytes.") % {"limit": settings.ATTENDANCE_MAX_BYTES})
    zone = zone or session.forum.timezone
    try:
        zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(_("“%(zone)s” is not a time zone.") % {"zone": zone}) from None
    if date_order not in ("", *DateOrder.values):
        raise ValidationError(_("Dates are month first (mdy) or day first (dmy)."))
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        Session.objects.select_for_update().filter(pk=session.pk).first()  # one upload of a file at a time
        known = session.attendance_imports.filter(sha256=digest, timezone=zone, date_order=date_order).exclude(
            status=AttendanceImportStatus.FAILED
        )
        if (existing := known.first()) is not None:
            return existing, False
        row = AttendanceImport(
            session=session,
            created_by=user,
            filename=PurePath(filename).name[:255] or "attendance.csv",
            sha256=digest,
            timezone=zone,
            date_order=date_order,
        )
        row.file.save(row.filename, ContentFile(data), save=False)
        row.save()
        if queue:
            queueing.on_commit(enqueue_count, import_id=row.pk)
    return row, True


def count_attendance(*, import_id: int, progress: Callable[[int, int], None] | None = None) -> AttendanceImport | None:
    """Count an import's file and write its counts; the file is deleted whatever the outcome. None if
    there is no such import. ``progress(done, total)`` hears of the rows as they are read (the admin
    reads them from the row)."""
    with transaction.atomic():
        row = AttendanceImport.objects.select_for_update().filter(pk=import_id).first()
        if row is None:
            return None
        if row.status in FINISHED:  # a message delivered twice, or a worker that died after the commit
            _forget_file(row)
            return row
        row.status = AttendanceImportStatus.COUNTING
        row.save(update_fields=["status", "updated_at"])
    try:
        with row.file.open("rb") as file:
            data = file.read()
    except (OSError, ValueError):
        return _fail(row, _("The uploaded file is no longer there: upload it again."))
    try:
        figures = read_attendance_report(
            data=data,
            tz=zoneinfo.ZoneInfo(row.timezone),
            date_order=row.date_order or None,
            progress=partial(_progress, row.pk, then=progress),
        )
    except AttendanceReportRejected as error:
        return _fail(row, str(error))
    return _record(row, figures)


def _progress(import_id, done, total, *, then=None):
    # Outside any transaction: the admin sees the rows as they are counted.
    AttendanceImport.objects.filter(pk=import_id).update(rows_done=done, rows_total=total)
    if then is not None:
        then(done, total)


def _fail(row, message):
    with transaction.atomic():
        # Only its own count fails: a message delivered twice must not undo the other's result.
        AttendanceImport.objects.filter(pk=row.pk, status=AttendanceImportStatus.COUNTING).update(
            status=AttendanceImportStatus.FAILED, error=message, finished_at=timezone.now()
        )
        row.refresh_from_db()
        transaction.on_commit(partial(_forget_file, row))
    return row


def _forget_file(row):
    if row.file:
        row.file.delete(save=False)
        AttendanceImport.objects.filter(pk=row.pk).update(file="")


def _record(row: AttendanceImport, figures: AttendanceFigures) -> AttendanceImport:
    """The counts, in one transaction with the session's version bump: all of them, or none."""
    with transaction.atomic(), authored_by(row.created_by):
        session = Session.objects.select_for_update().get(pk=row.session_id)
        row = AttendanceImport.objects.select_for_update().get(pk=row.pk)
        if row.status != AttendanceImportStatus.COUNTING:
            return row
        # The same meeting exported again, or the same file read with other options (another time
        # zone or date order): its counts are replaced.
        same = Q(sha256=row.sha256)
        if figures.meeting_id and figures.started_at:
            same |= Q(meeting_id=figures.meeting_id, meeting_started_at=figures.started_at)
        earlier = session.attendance_imports.filter(same, status=AttendanceImportStatus.COUNTED).exclude(pk=row.pk)
        for old in earlier:
            for count in old.counts.all():
                count.delete()  # one by one: each deletion goes to the report's history
            old.status = AttendanceImportStatus.REPLACED
            old.save(update_fields=["status", "updated_at"])
        order = session.attendance.aggregate(last=Max("order"))["last"] or 0
        for kind, number, at in _counts(figures):
            order += 1
            count = AttendanceCount(
                session=session,
                order=order,
                kind=kind,
                platform=figures.platform,
                count=number,
                taken_at=at,
                source=row,
            )
            count.set_current_language(session.original_language)
            count.note = ""  # the file's name is the count's source
            count.save()
        row.status, row.finished_at = AttendanceImportStatus.COUNTED, timezone.now()
        row.platform, row.report, row.meeting_id = figures.platform, figures.report, figures.meeting_id
        row.meeting_started_at = figures.started_at
        row.rows_done = row.rows_total = figures.rows
        row.countries = dict(figures.countries)
        row.notices = _kept_notices(figures.notices)
        row.save()
        touch(session=session)
        transaction.on_commit(partial(_forget_file, row))
    return row


def _kept_notices(notices):
    """The first ``NOTICES_KEPT`` notices, then how many more there were: a broken file can have
    one per row, and a person reads the first ones."""
    kept = [[notice.line, notice.message] for notice in notices[:NOTICES_KEPT]]
    if len(notices) > NOTICES_KEPT:
        more = len(notices) - NOTICES_KEPT
        kept.append(
            [None, ngettext("%(count)d more line to check.", "%(count)d more lines to check.", more) % {"count": more}]
        )
    return kept


def _counts(figures: AttendanceFigures):
    """(kind, number, instant) of each count an import writes."""
    yield AttendanceKind.ATTENDEES, figures.attendees, None
    if figures.panelists is not None:
        yield AttendanceKind.PANELISTS, figures.panelists, None
    yield AttendanceKind.PEAK, figures.peak, figures.peak_at
    yield AttendanceKind.PERSON_MINUTES, round(figures.person_seconds / 60), None
    if figures.countries:
        yield AttendanceKind.COUNTRIES, len(figures.countries), None


def requeue_stale() -> int:
    """Queue again the imports whose message was lost (a broker that was down) or whose worker died."""
    stale = AttendanceImport.objects.filter(
        status__in=[AttendanceImportStatus.QUEUED, AttendanceImportStatus.COUNTING],
        updated_at__lt=timezone.now() - timedelta(seconds=settings.ATTENDANCE_REQUEUE_AFTER),
    ).values_list("pk", flat=True)
    queued = 0
    for pk in stale:
        AttendanceImport.objects.filter(pk=pk).update(status=AttendanceImportStatus.QUEUED, updated_at=timezone.now())
        queued += enqueue_count(import_id=pk)
    return queued


# --- Tasks: thin, by id, into the functions above.


@shared_task(name="gsef_sessions.count_attendance", acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def count_attendance_task(*, import_id):
    count_attendance(import_id=import_id)


@shared_task(name="gsef_sessions.requeue_stale_attendance", ignore_result=True)
def requeue_stale_attendance() -> int:
    return requeue_stale()


def enqueue_count(*, import_id: int) -> bool:
    """Publish a count message; a dead broker costs a few bounded retries, and the periodic re-queue."""
    return queueing.publish(
        partial(
            count_attendance_task.apply_async,
            kwargs={"import_id": import_id},
            retry=True,
            retry_policy=queueing.retry_policy(),
        ),
        what=f"attendance import {import_id}",
    )
