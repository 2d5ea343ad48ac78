"""``manage.py import_attendance``: counts a Zoom report into a session; non-zero with the reason."""

import io

import pytest
from django.core.management import CommandError, call_command

from gsef_sessions.models import AttendanceImport
from tests.domain.test_attendance_import import MEETING

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_attendance", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def place(session):
    return ["--forum", session.forum.slug, "--session", session.slug]


def test_import_attendance_prints_the_counts_and_deletes_the_copy(
    session, rapporteur, tmp_path, django_capture_on_commit_callbacks
):
    report = tmp_path / "participants.csv"
    report.write_text(MEETING)
    with django_capture_on_commit_callbacks(execute=True):
        out, err = run(*place(session), "--user", rapporteur.username, str(report))
    assert out == "Unique attendees: 3\nPeak concurrent: 3\nPerson-minutes: 170\n"
    assert err == ""
    assert AttendanceImport.objects.get().file.name == ""


def test_import_attendance_same_file_again_changes_nothing(session, rapporteur, tmp_path):
    report = tmp_path / "participants.csv"
    report.write_text(MEETING)
    run(*place(session), "--user", rapporteur.username, str(report))
    out, _err = run(*place(session), "--user", rapporteur.username, str(report))
    assert out.startswith("This file was already imported: nothing changed.\n")
    assert session.attendance.count() == 3


def test_import_attendance_not_a_report_exits_non_zero_with_the_reason(session, rapporteur, tmp_path):
    report = tmp_path / "colours.csv"
    report.write_text("Name,Favourite colour\nAna,blue\n")
    with pytest.raises(CommandError) as failed:
        run(*place(session), "--user", rapporteur.username, str(report))
    assert str(failed.value).startswith(f"{report}: ")
    assert session.attendance.count() == 0


def test_import_attendance_unknown_session_exits_non_zero(session, tmp_path):
    with pytest.raises(CommandError) as failed:
        run("--forum", session.forum.slug, "--session", "nope", str(tmp_path / "x.csv"))
    assert str(failed.value) == f"No session 'nope' in forum '{session.forum.slug}'."
