"""The sessions' PDFs in the admin: status, errors, downloads, the render action, and one render per save."""

import pytest
from django.urls import reverse

from gsef_sessions.domain import rendering
from gsef_sessions.domain.pasted import sync_guiding_questions, sync_points
from gsef_sessions.domain.versioning import touch
from gsef_sessions.enums import RenderStatus, SessionStatus
from gsef_sessions.models import Forum, Render, Session
from tests import pdf_renderers
from tests.factories import (
    ContributionFactory,
    ParticipationFactory,
    PersonFactory,
    RoundFactory,
    SessionFactory,
    UserFactory,
)
from tests.pdf_renderers import FAILING

CHANGELIST = "/admin/gsef_sessions/session/"


@pytest.fixture(autouse=True)
def _counting(counting_renderer):
    """Every test here renders with the fast test engine."""


def management(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


@pytest.fixture
def organiser(gsef_2020):
    user = UserFactory(groups=["Organisers"])
    Forum.objects.get(slug="gsef-2020").organisers.add(user)
    return user


@pytest.fixture
def plenary_3(gsef_2020):
    return Session.objects.get(slug="plenary-3")


@pytest.fixture
def failed_after_good(plenary_3, settings, django_capture_on_commit_callbacks):
    """Plenary 3 with a ready PDF (v2), then a change (v3) whose render failed."""
    with django_capture_on_commit_callbacks(execute=True):
        touch(session=plenary_3)
    good = Render.objects.get(session=plenary_3)
    settings.GSEF_SESSIONS_PDF_RENDERER = FAILING
    plenary_3.title = "The Future of Work, revised"
    plenary_3.save()
    with django_capture_on_commit_callbacks(execute=True):
        touch(session=plenary_3)
    failed = Render.objects.exclude(pk=good.pk).get(session=plenary_3)
    assert (good.status, good.version, failed.status, failed.version) == (RenderStatus.READY, 2, RenderStatus.FAILED, 3)
    return good, failed


def download_url(session, render):
    return reverse("admin:gsef_sessions_session_pdf", args=[session.pk, render.pk])


def body(response):
    content = b"".join(response.streaming_content)
    return content  # the test client closes a streamed response once it is read


def test_session_changelist_shows_pdf_status(client, organiser, plenary_3, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        touch(session=plenary_3)
    touch(session=Session.objects.get(slug="plenary-2"))  # queued, not rendered
    client.force_login(organiser)
    html = client.get(CHANGELIST).content.decode()
    assert '<td class="field-pdf_status">en ready</td>' in html
    assert '<td class="field-pdf_status">en pending</td>' in html
    assert '<td class="field-pdf_status">—</td>' in html  # never requested


def test_session_change_form_shows_error_and_previous_pdf(client, organiser, plenary_3, failed_after_good):
    good, failed = failed_after_good
    client.force_login(organiser)
    html = client.get(f"/admin/gsef_sessions/session/{plenary_3.pk}/change/?language=en").content.decode()
    assert "<strong>en</strong>: Failed (v3)" in html
    assert f'<a href="{download_url(plenary_3, good)}">previous PDF (v2)</a>' in html
    assert "<code>template error: unknown variable `oops` at report.typ:12</code>" in html


def test_session_change_form_ready_pdf_download_link(client, organiser, plenary_3, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        touch(session=plenary_3)
    render = Render.objects.get(session=plenary_3)
    client.force_login(organiser)
    html = client.get(f"/admin/gsef_sessions/session/{plenary_3.pk}/change/?language=en").content.decode()
    assert f'<strong>en</strong>: Ready (v2) · <a href="{download_url(plenary_3, render)}">download</a>' in html


def test_session_change_form_without_renders(client, organiser, plenary_3):
    client.force_login(organiser)
    html = client.get(f"/admin/gsef_sessions/session/{plenary_3.pk}/change/?language=en").content.decode()
    assert "None yet: they are made when the report is saved." in html


def test_admin_pdf_download_previous_pdf_for_organiser(client, organiser, plenary_3, failed_after_good):
    good, _failed = failed_after_good
    client.force_login(organiser)
    response = client.get(download_url(plenary_3, good))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="gsef-2020-plenary-3-en-v2.pdf"'
    cache_control = response["Cache-Control"].split(", ")
    assert {"private", "no-cache"} <= set(cache_control)
    assert "public" not in cache_control
    assert body(response).startswith(b"%PDF")


def test_admin_pdf_download_404_for_unassigned_rapporteur(client, plenary_3, failed_after_good):
    good, _failed = failed_after_good
    client.force_login(UserFactory(groups=["Rapporteurs"]))
    assert client.get(download_url(plenary_3, good)).status_code == 404


def test_admin_pdf_download_failed_render_is_404(client, organiser, plenary_3, failed_after_good):
    _good, failed = failed_after_good
    client.force_login(organiser)
    assert client.get(download_url(plenary_3, failed)).status_code == 404


def test_admin_pdf_download_render_of_other_session_is_404(client, organiser, plenary_3, failed_after_good):
    good, _failed = failed_after_good
    other = Session.objects.get(slug="plenary-2")
    client.force_login(organiser)
    assert client.get(download_url(other, good)).status_code == 404


def test_admin_pdf_download_anonymous_redirects_to_login(client, plenary_3, failed_after_good):
    good, _failed = failed_after_good
    response = client.get(download_url(plenary_3, good))
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_render_pdf_action_requeues_failed_render(
    client, organiser, plenary_3, failed_after_good, django_capture_on_commit_callbacks
):
    _good, failed = failed_after_good
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            CHANGELIST, {"action": "render_pdf_selected", "_selected_action": [plenary_3.pk]}, follow=True
        )
    assert response.status_code == 200
    assert "1 PDF queued; 0 already up to date." in response.content.decode()
    failed.refresh_from_db()
    assert (failed.status, failed.attempts, failed.error) == (RenderStatus.PENDING, 0, "")
    assert len(callbacks) == 1
    assert Render.objects.filter(session=plenary_3).count() == 2


def test_render_pdf_action_ready_is_already_up_to_date(
    client, organiser, plenary_3, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        touch(session=plenary_3)
    render = Render.objects.get(session=plenary_3)
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            CHANGELIST, {"action": "render_pdf_selected", "_selected_action": [plenary_3.pk]}, follow=True
        )
    assert "0 PDFs queued; 1 already up to date." in response.content.decode()
    assert callbacks == []
    render.refresh_from_db()
    assert render.status == RenderStatus.READY
    assert Render.objects.count() == 1
    assert len(pdf_renderers.CALLS) == 1


@pytest.fixture
def round_page(db, client):
    """A round of two contributions, in a session written in English and Spanish, and its admin form."""
    session = SessionFactory()
    session.set_current_language("es")
    session.title = "Nueva era de la digitalización"
    session.save()
    session.set_current_language("en")
    rnd = RoundFactory(session=session)
    first, second = ContributionFactory(round=rnd, order=1), ContributionFactory(round=rnd, order=2)
    sync_points(contribution=first, text="- First point.", language="en")
    sync_points(contribution=second, text="- Second point.", language="en")
    sync_guiding_questions(round=rnd, text="What changed?", language="en")
    session.refresh_from_db()
    Render.objects.all().delete()
    client.force_login(UserFactory(is_superuser=True))
    data = {"kind": "round", "order": str(rnd.order), "title": "", "questions_text": "What changed?"}
    data.update(management("contributions", total=2, initial=2))
    for index, contribution in enumerate([first, second]):
        data.update(
            {
                f"contributions-{index}-id": contribution.pk,
                f"contributions-{index}-round": rnd.pk,
                f"contributions-{index}-order": str(contribution.order),
                f"contributions-{index}-participation": contribution.participation.pk,
                f"contributions-{index}-points_text": f"- Rewritten point {index + 1}.\n\n- Another point {index + 1}.",
            }
        )
    return {
        "session": session,
        "round": rnd,
        "first": first,
        "version": session.version,
        "data": data,
        "url": f"/admin/gsef_sessions/round/{rnd.pk}/change/?language=en",
    }


def assert_one_bump_one_render_per_language(page):
    session = page["session"]
    session.refresh_from_db()
    assert session.version == page["version"] + 1
    assert sorted(Render.objects.values_list("language", "version", "status")) == [
        ("en", page["version"] + 1, RenderStatus.PENDING),
        ("es", page["version"] + 1, RenderStatus.PENDING),
    ]


def test_round_save_several_paste_boxes_one_version_one_render_per_language(client, round_page):
    response = client.post(round_page["url"], round_page["data"])
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    assert list(round_page["first"].points.order_by("order").values_list("translations__text", flat=True)) == [
        "Rewritten point 1.",
        "Another point 1.",
    ]
    assert_one_bump_one_render_per_language(round_page)


def test_round_save_questions_and_paste_boxes_one_version_one_render_per_language(client, round_page):
    data = {**round_page["data"], "questions_text": "What changed?\nWhat next?"}
    response = client.post(round_page["url"], data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    assert [q.text for q in round_page["round"].questions.order_by("order")] == ["What changed?", "What next?"]
    assert_one_bump_one_render_per_language(round_page)


def test_person_admin_edit_bumps_their_sessions(db, client):
    person = PersonFactory()
    spoke = ParticipationFactory(person=person).session
    also = ParticipationFactory(person=person).session
    elsewhere = ParticipationFactory().session
    client.force_login(UserFactory(is_superuser=True))
    data = {
        "given_name": "María Soledad",
        "family_name": person.family_name,
        "honorific": "",
        "sort_as": "",
        "country": "",
        "bio": "",
        "links": "",
        "user": "",
    }
    response = client.post(f"/admin/gsef_sessions/person/{person.pk}/change/?language=en", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    versions = dict(Session.objects.values_list("pk", "version"))
    assert (versions[spoke.pk], versions[also.pk], versions[elsewhere.pk]) == (2, 2, 1)
    assert sorted(Render.objects.values_list("session_id", "language")) == [(spoke.pk, "en"), (also.pk, "en")]
    assert pdf_renderers.CALLS == []  # recorded, rendered after the commit


# --- Warnings, and proceedings on the forum's page --------------------------------------------------

PRIVATE_USE = "\U0010fffd"  # allowed by the validator, drawn by no font


def retitle(session, title):
    session.set_current_language("en")
    session.title = title
    session.save()
    touch(session=session)


def test_session_pages_show_warning_naming_characters_no_font_has(
    client, organiser, plenary_3, settings, django_capture_on_commit_callbacks
):
    settings.GSEF_SESSIONS_PDF_RENDERER = "gsef_sessions.pdf.typst.TypstRenderer"
    with django_capture_on_commit_callbacks(execute=True):
        retitle(plenary_3, f"The Future of Work {PRIVATE_USE}")
    render = Render.objects.get(session=plenary_3)
    client.force_login(organiser)
    html = client.get(f"/admin/gsef_sessions/session/{plenary_3.pk}/change/?language=en").content.decode()
    assert (
        f'<strong>en</strong>: Ready (v2) · <a href="{download_url(plenary_3, render)}">download</a> · '
        '<strong class="warning">Warning:</strong> No font has these characters; the PDF prints a placeholder '
        f"for each: {PRIVATE_USE} (U+10FFFD)."
    ) in html
    assert '<td class="field-pdf_status">en ready with warnings</td>' in client.get(CHANGELIST).content.decode()


def forum_page(client, user, forum):
    client.force_login(user)
    return client.get(f"/admin/gsef_sessions/forum/{forum.pk}/change/?language=en").content.decode()


def picky_proceedings(plenary_3, settings, capture):
    """The forum's proceedings rendered by an engine that cannot print Plenary 3's new title."""
    settings.GSEF_SESSIONS_PDF_RENDERER = pdf_renderers.PICKY
    retitle(plenary_3, "Unprintable")
    with capture(execute=True):
        rendering.request_proceedings(forum=plenary_3.forum, language="en")


def test_forum_page_names_session_that_failed_proceedings(
    client, organiser, plenary_3, settings, django_capture_on_commit_callbacks
):
    picky_proceedings(plenary_3, settings, django_capture_on_commit_callbacks)
    assert (
        "<div><strong>en</strong>: Failed · <code>The reports of these sessions cannot be printed: "
        "Plenary 3 — Unprintable. cannot print this title</code></div>"
    ) in forum_page(client, organiser, plenary_3.forum)


def test_forum_page_names_session_left_out_of_proceedings(
    client, organiser, plenary_3, settings, django_capture_on_commit_callbacks
):
    Session.objects.filter(slug="plenary-2").update(status=SessionStatus.PUBLISHED)
    picky_proceedings(plenary_3, settings, django_capture_on_commit_callbacks)
    assert (
        '<div><strong>en</strong>: Ready · <a href="/gsef-2020/proceedings/en.pdf">download</a> · '
        '<strong class="warning">Warning:</strong> Left out of the proceedings, because its report cannot be '
        "printed: Plenary 3 — Unprintable (cannot print this title)</div>"
    ) in forum_page(client, organiser, plenary_3.forum)


def test_forum_page_without_proceedings(client, organiser, plenary_3):
    assert "None yet: they are made when a reader first asks for them." in forum_page(
        client, organiser, plenary_3.forum
    )
