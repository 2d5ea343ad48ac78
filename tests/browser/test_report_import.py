"""A real browser through the import: a rapporteur uploads the seed report as a Word document on an
empty draft, reads the preview, confirms, and submits it; an organiser publishes it; a reader
finds the speakers and their points on the public page.

Run by bin/test's "browser" stage (marker ``browser``), with Debian's Chromium.
"""

import pytest
from playwright.sync_api import expect

from gsef_sessions.enums import SessionStatus
from gsef_sessions.models import Session
from tests.browser.steps import OUTPUT, log_in, submit_publish_and_open
from tests.docx_builders import all_points, name_of, seed_docx
from tests.factories import UserFactory, empty_gsef_session

# serialized_rollback: the groups the migrations made are back for the next test after the flush.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_report_imported_from_word_published_and_read(browser, live_server, settings, tmp_path, gsef_2020):
    settings.GSEF_SESSIONS_PDF_RENDERER = "tests.pdf_renderers.CountingRenderer"
    settings.GSEF_SESSIONS_PDF_ROOT = str(tmp_path / "private")
    settings.GSEF_SESSIONS_BASE_URL = live_server.url
    rapporteur = UserFactory(username="rapporteur", groups=["Rapporteurs"])
    organiser = UserFactory(username="organiser", groups=["Organisers"])
    session = empty_gsef_session(rapporteur=rapporteur)
    session.forum.organisers.add(organiser)
    change = f"{live_server.url}/admin/gsef_sessions/session/{session.pk}/change/"
    page = browser.new_page(viewport={"width": 1280, "height": 1600})

    # 1. From the session's page to "Import a report", with the document.
    log_in(page, live_server, "rapporteur")
    page.goto(change)
    page.get_by_role("link", name="Import a report").click()
    page.set_input_files(
        "#id_file", {"name": "plenary 3.docx", "mimeType": DOCX, "buffer": seed_docx(style="numbered")}
    )
    page.click("input[name=preview]")

    # 2. The preview: everyone found in the directory, the report as it will read; nothing written yet.
    people = page.locator("table.import-people tbody tr")
    expect(people.filter(has_text=name_of("tang"))).to_contain_text("found")
    expect(page.locator("table.import-people tr.new")).to_have_count(0)
    expect(page.locator(".import-report")).to_contain_text(all_points()[0])
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / "import_preview.png"), full_page=True)
    assert session.participations.count() == 0

    # 3. Confirmed: one version more, and the report is the session's.
    page.click("input[name=confirm]")
    expect(page.locator(".messagelist")).to_contain_text("The report was imported: it is now at version 2.")
    seed = Session.objects.get(slug="plenary-3")
    assert session.participations.count() == seed.participations.count()

    # 4. Submitted, published by the organiser, and opened by a reader.
    main = submit_publish_and_open(page, live_server, session, organiser="organiser")
    assert Session.objects.get(pk=session.pk).status == SessionStatus.PUBLISHED
    expect(main).to_contain_text("New Digitalization Era and the Future of Work")
    expect(main).to_contain_text(name_of("tang"))
    for text in (all_points()[0], all_points()[-1]):
        expect(main).to_contain_text(text)
    page.screenshot(path=str(OUTPUT / "imported_report_read.png"), full_page=True)
