"""Attendance imports: kept until counted, counted into the session's counts in one transaction,
the file deleted, the same file ignored and a later file of the same meeting replacing its counts."""

import datetime
import hashlib
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gsef_sessions.domain.attendance_import import count_attendance, receive_attendance_report, requeue_stale
from gsef_sessions.domain.attendance_reports import AttendanceReportRejected
from gsef_sessions.enums import AttendanceImportStatus, AttendanceKind
from gsef_sessions.models import AttendanceCount, AttendanceImport, Session
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MEXICO = datetime.timezone(datetime.timedelta(hours=-5))  # Mexico City in October 2020 (CDT)

# A meeting with its meeting data. Ana reconnects with an overlap (8:30–9:30 and 9:15–10:00: 90
# minutes, not 105); Ben (no email: known by his name) 8:45–9:45; Chloé 9:20–9:40. At 9:20 all three
# are connected: the peak, 3. Person-minutes: 90 + 60 + 20 = 170.
MEETING = """\
Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants
812 3456 7890,Plenary 3,10/21/2020 08:30:00 AM,10/21/2020 10:30:00 AM,host@gsef.org,120,3

Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest
Ana López,ana@example.org,10/21/2020 08:30:00 AM,10/21/2020 09:30:00 AM,60,No
Ana López,ana@example.org,10/21/2020 09:15:00 AM,10/21/2020 10:00:00 AM,45,No
Ben Okafor,,10/21/2020 08:45:00 AM,10/21/2020 09:45:00 AM,60,Yes
Chloé Martin,chloe@example.org,10/21/2020 09:20:00 AM,10/21/2020 09:40:00 AM,20,Yes
"""
# The same meeting exported again later: Chloé stayed until 10:00 (40 minutes): 190 person-minutes.
MEETING_AGAIN = MEETING.replace(
    "10/21/2020 09:20:00 AM,10/21/2020 09:40:00 AM,20", "10/21/2020 09:20:00 AM,10/21/2020 10:00:00 AM,40"
)
PEAK_AT = datetime.datetime(2020, 10, 21, 9, 20, tzinfo=MEXICO)


@pytest.fixture
def typed(session):
    """The seed's way: "441 (Zoom, 9:55 hrs)" typed by hand."""
    return AttendanceCount.objects.create(session=session, order=1, platform="Zoom", count=441)


def received(session, rapporteur, data=MEETING, **kwargs):
    row, new = receive_attendance_report(
        session=session, user=rapporteur, data=data.encode(), filename="participants.csv", queue=False, **kwargs
    )
    return row, new


def counts(session):
    return [
        (count.order, count.kind, count.platform, count.count, count.taken_at, count.source_id)
        for count in session.attendance.order_by("order")
    ]


def test_count_attendance_writes_the_counts_after_the_typed_ones_and_bumps_the_version_once(session, rapporteur, typed):
    row, new = received(session, rapporteur)
    stored = Path(row.file.path)
    assert new and stored.read_bytes() == MEETING.encode()
    version = Session.objects.get(pk=session.pk).version
    row = count_attendance(import_id=row.pk)
    assert counts(session) == [
        (1, AttendanceKind.CONNECTED, "Zoom", 441, None, None),
        (2, AttendanceKind.ATTENDEES, "Zoom", 3, None, row.pk),
        (3, AttendanceKind.PEAK, "Zoom", 3, PEAK_AT, row.pk),
        (4, AttendanceKind.PERSON_MINUTES, "Zoom", 170, None, row.pk),
    ]
    assert Session.objects.get(pk=session.pk).version == version + 1
    assert (row.status, row.meeting_id, row.meeting_started_at, row.rows_done, row.rows_total) == (
        AttendanceImportStatus.COUNTED,
        "81234567890",
        datetime.datetime(2020, 10, 21, 8, 30, tzinfo=MEXICO),
        4,
        4,
    )


def test_count_attendance_deletes_the_file_and_keeps_only_its_hash(
    session, rapporteur, django_capture_on_commit_callbacks
):
    row, _new = received(session, rapporteur)
    stored = Path(row.file.path)
    with django_capture_on_commit_callbacks(execute=True):
        count_attendance(import_id=row.pk)
    row.refresh_from_db()
    assert (stored.exists(), row.file.name) == (False, "")
    assert row.sha256 == hashlib.sha256(MEETING.encode()).hexdigest()
    kept = {field.attname: getattr(row, field.attname) for field in AttendanceImport._meta.concrete_fields}
    assert "ana@example.org" not in repr(kept) and "Ana" not in repr(kept)


def test_receive_attendance_report_same_file_again_changes_nothing(session, rapporteur):
    first, _new = received(session, rapporteur)
    count_attendance(import_id=first.pk)
    version = Session.objects.get(pk=session.pk).version
    again, new = received(session, rapporteur)
    assert (again.pk, new, AttendanceImport.objects.count()) == (first.pk, False, 1)
    assert Session.objects.get(pk=session.pk).version == version


def test_count_attendance_later_file_of_the_same_meeting_replaces_its_counts_in_history(session, rapporteur, typed):
    first, _new = received(session, rapporteur)
    count_attendance(import_id=first.pk)
    replaced = list(first.counts.values_list("pk", flat=True))
    later, _new = received(session, rapporteur, data=MEETING_AGAIN)
    later = count_attendance(import_id=later.pk)
    assert [(kind, count) for _order, kind, _platform, count, _at, _source in counts(session)] == [
        (AttendanceKind.CONNECTED, 441),
        (AttendanceKind.ATTENDEES, 3),
        (AttendanceKind.PEAK, 3),
        (AttendanceKind.PERSON_MINUTES, 190),
    ]
    first.refresh_from_db()
    assert first.status == AttendanceImportStatus.REPLACED
    deleted = AttendanceCount.history.filter(id__in=replaced, history_type="-")
    assert sorted(deleted.values_list("id", flat=True)) == sorted(replaced)
    assert {record.history_user_id for record in deleted} == {rapporteur.pk}


def test_count_attendance_file_that_is_no_report_fails_writes_nothing_and_deletes_it(
    session, rapporteur, typed, django_capture_on_commit_callbacks
):
    row, _new = received(session, rapporteur, data="Name,Favourite colour\nAna,blue\n")
    stored = Path(row.file.path)
    version = Session.objects.get(pk=session.pk).version
    with django_capture_on_commit_callbacks(execute=True):
        row = count_attendance(import_id=row.pk)
    assert row.status == AttendanceImportStatus.FAILED
    assert row.error != ""
    assert (stored.exists(), counts(session)[1:], Session.objects.get(pk=session.pk).version) == (False, [], version)


def test_count_attendance_failed_file_may_be_uploaded_again_with_the_date_order(session, rapporteur):
    ambiguous = MEETING.replace("10/21/2020", "10/05/2020")  # 10 May or 5 October: the file cannot tell
    first, _new = received(session, rapporteur, data=ambiguous)
    assert count_attendance(import_id=first.pk).status == AttendanceImportStatus.FAILED
    again, new = received(session, rapporteur, data=ambiguous, date_order="mdy")
    assert (new, count_attendance(import_id=again.pk).status) == (True, AttendanceImportStatus.COUNTED)
    assert again.counts.get(kind=AttendanceKind.PEAK).taken_at == datetime.datetime(2020, 10, 5, 9, 20, tzinfo=MEXICO)


def test_count_attendance_twice_counts_once(session, rapporteur):
    row, _new = received(session, rapporteur)
    count_attendance(import_id=row.pk)
    count_attendance(import_id=row.pk)  # a message delivered twice
    assert session.attendance.count() == 3


@pytest.mark.parametrize(
    ("data", "options", "message"),
    [
        ("", {}, "The file is empty."),
        (MEETING, {"zone": "Mars/Olympus_Mons"}, "“Mars/Olympus_Mons” is not a time zone."),
        (MEETING, {"date_order": "ymd"}, "Dates are month first (mdy) or day first (dmy)."),
    ],
)
def test_receive_attendance_report_refuses_bad_input_and_keeps_nothing(session, rapporteur, data, options, message):
    with pytest.raises(ValidationError) as refused:
        received(session, rapporteur, data=data, **options)
    assert refused.value.messages == [message]
    assert AttendanceImport.objects.count() == 0


def test_receive_attendance_report_refuses_a_file_over_the_limit(session, rapporteur, settings):
    settings.GSEF_SESSIONS_ATTENDANCE_MAX_BYTES = 100
    with pytest.raises(ValidationError) as refused:
        received(session, rapporteur)
    assert refused.value.messages == ["This file is larger than 100 bytes."]


def test_receive_attendance_report_refuses_who_may_not_edit_the_report(session):
    with pytest.raises(PermissionDenied):
        received(session, UserFactory(groups=["Rapporteurs"]))


def test_requeue_stale_queues_imports_left_behind(session, rapporteur, settings):
    row, _new = received(session, rapporteur)
    settings.GSEF_SESSIONS_ATTENDANCE_REQUEUE_AFTER = 60
    assert requeue_stale() == 0
    AttendanceImport.objects.filter(pk=row.pk).update(
        status=AttendanceImportStatus.COUNTING, updated_at=row.updated_at - datetime.timedelta(minutes=5)
    )
    assert requeue_stale() == 1  # run at once: without a broker, tasks run in-process
    row.refresh_from_db()
    assert row.status == AttendanceImportStatus.COUNTED


def test_count_attendance_keeps_the_first_notices_and_says_how_many_more(session, rapporteur, monkeypatch):
    monkeypatch.setattr("gsef_sessions.domain.attendance_import.NOTICES_KEPT", 1)
    broken = MEETING.replace("10/21/2020 09:30:00 AM,60", "10/21/2020 07:30:00 AM,60").replace(
        "10/21/2020 09:45:00 AM,60", "10/21/2020 07:45:00 AM,60"
    )  # Ana's first stay and Ben's end before they begin
    row, _new = received(session, rapporteur, data=broken)
    row = count_attendance(import_id=row.pk)
    assert row.notices == [
        [5, "The leave time is before the join time: the row is left out."],
        [None, "1 more line to check."],
    ]


def test_count_attendance_same_file_in_another_time_zone_replaces_its_counts(session, rapporteur):
    first, _new = received(session, rapporteur)
    count_attendance(import_id=first.pk)
    again, new = received(session, rapporteur, zone="UTC")  # the time zone was wrong the first time
    again = count_attendance(import_id=again.pk)
    first.refresh_from_db()
    assert (new, first.status, again.status) == (True, AttendanceImportStatus.REPLACED, AttendanceImportStatus.COUNTED)
    peak = session.attendance.get(kind=AttendanceKind.PEAK)
    assert (session.attendance.count(), peak.taken_at) == (
        3,
        datetime.datetime(2020, 10, 21, 9, 20, tzinfo=datetime.UTC),
    )


def test_count_attendance_failure_of_a_twice_delivered_count_keeps_the_first_result(session, rapporteur, monkeypatch):
    row, _new = received(session, rapporteur)

    def first_worker_finishes_meanwhile(**kwargs):
        AttendanceImport.objects.filter(pk=row.pk).update(status=AttendanceImportStatus.COUNTED)
        raise AttendanceReportRejected("The file is empty.")

    monkeypatch.setattr(
        "gsef_sessions.domain.attendance_import.read_attendance_report", first_worker_finishes_meanwhile
    )
    assert count_attendance(import_id=row.pk).status == AttendanceImportStatus.COUNTED
    row.refresh_from_db()
    assert (row.status, row.error) == (AttendanceImportStatus.COUNTED, "")
