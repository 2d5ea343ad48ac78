"""The session page's "Import attendance": upload, then the count's progress and figures."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gsef_sessions.enums import AttendanceImportStatus
from gsef_sessions.models import AttendanceImport
from tests.domain.test_attendance_import import MEETING
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def url(session):
    return f"/admin/gsef_sessions/session/{session.pk}/attendance/"


@pytest.fixture
def signed_in(client, rapporteur):
    client.force_login(rapporteur)
    return client


def upload(client, session, **fields):
    report = SimpleUploadedFile("participants.csv", MEETING.encode())
    form = {"file": report, "zone": "America/Mexico_City", **fields}
    return client.post(url(session), form)


def test_attendance_change_page_links_to_the_upload(signed_in, session):
    page = signed_in.get(f"/admin/gsef_sessions/session/{session.pk}/change/").content.decode()
    assert f'<a href="{url(session)}">Import attendance</a>' in page


def test_attendance_upload_is_counted_and_its_figures_shown(signed_in, session, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # without a broker the task runs at commit
        response = upload(signed_in, session)
    assert (response.status_code, response["Location"]) == (302, url(session))
    page = signed_in.get(url(session)).content.decode()
    assert "<li>Unique attendees: 3</li>" in page
    assert "<li>Person-minutes: 170</li>" in page
    assert 'http-equiv="refresh"' not in page
    assert session.attendance.count() == 3


def test_attendance_page_shows_the_progress_and_reloads_while_counting(signed_in, session, rapporteur):
    AttendanceImport.objects.create(
        session=session,
        created_by=rapporteur,
        filename="big.csv",
        sha256="0" * 64,
        timezone="UTC",
        status=AttendanceImportStatus.COUNTING,
        rows_done=2000,
        rows_total=50000,
    )
    page = signed_in.get(url(session)).content.decode()
    assert '<progress value="2000" max="50000">' in page
    assert '<meta http-equiv="refresh" content="2">' in page


def test_attendance_upload_same_file_again_says_nothing_changed(signed_in, session, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        upload(signed_in, session)
    response = upload(signed_in, session)
    assert "This file was already imported: nothing changed." in signed_in.get(response["Location"]).content.decode()
    assert AttendanceImport.objects.count() == 1


def test_attendance_upload_over_the_limit_is_a_form_error(signed_in, session, settings):
    settings.GSEF_SESSIONS_ATTENDANCE_MAX_BYTES = 100
    response = upload(signed_in, session)
    assert response.status_code == 200
    assert "This file is larger than 100 bytes." in response.content.decode()
    assert AttendanceImport.objects.count() == 0


def test_attendance_page_is_refused_to_who_may_not_edit(client, session):
    client.force_login(UserFactory(groups=["Rapporteurs"], is_staff=True))
    assert client.get(url(session)).status_code == 404  # a session they cannot see
