"""A real browser (Debian's Chromium, driven by Playwright) through the whole path: a rapporteur
enters and submits a short report in the admin (a speaker taking a second turn, an uploaded
material), an organiser publishes it, a reader opens it and downloads the material.

Run by bin/test's "browser" stage (marker ``browser``); Playwright never downloads a browser here.
"""

import pytest
from playwright.sync_api import expect

from gsef_sessions.enums import SessionStatus
from gsef_sessions.models import Session
from tests.browser.steps import OUTPUT, log_in, submit_publish_and_open
from tests.factories import ForumFactory, PersonFactory, SessionFactory, UserFactory

# serialized_rollback: the groups the migrations made are back for the next test after the flush.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Each table's width and the content column's, in CSS pixels.
WIDTHS = """() => [...document.querySelectorAll('#content-main table')].map(table => [
    Math.round(table.getBoundingClientRect().width),
    Math.round(document.querySelector('#content-main').getBoundingClientRect().width),
])"""
POINTS = """- Digitalization is closely related to working conditions.
- The pandemic has accelerated digitalization.
  1) In training and education.
- "Digitalization is democratizing knowledge.\""""


def pick_person(page, row, name):
    """The person field is an autocomplete (select2): open it, type, take the match."""
    page.click(f"#participations-{row} .field-person .select2-selection")
    page.fill(".select2-search__field", name.split()[0])
    page.locator(".select2-results__option", has_text=name).click()


def test_report_entered_submitted_published_and_read(browser, live_server, settings, tmp_path):
    settings.GSEF_SESSIONS_PDF_RENDERER = "tests.pdf_renderers.CountingRenderer"
    settings.GSEF_SESSIONS_PDF_ROOT = str(tmp_path / "private")  # PDFs and uploaded materials
    settings.GSEF_SESSIONS_BASE_URL = live_server.url
    rapporteur = UserFactory(username="rapporteur", groups=["Rapporteurs"])
    organiser = UserFactory(username="organiser", groups=["Organisers"])
    forum = ForumFactory(organisers=[organiser])
    session = SessionFactory(forum=forum, rapporteurs=[rapporteur], title="Digital work")
    soledad = PersonFactory(given_name="Soledad", family_name="Aragón Martínez")
    audrey = PersonFactory(given_name="Audrey", family_name="Tang")

    page = browser.new_page(viewport={"width": 1280, "height": 1600})
    change = f"{live_server.url}/admin/gsef_sessions/session/{session.pk}/change/"

    # 1-2. The rapporteur enters two panelists and a round with its guiding question, then the points.
    log_in(page, live_server, "rapporteur")
    page.goto(change)
    for row, (person, post) in enumerate(
        [(soledad, "Secretary of Labor, Mexico"), (audrey, "Digital Minister, Taiwan")]
    ):
        page.select_option(f"#id_participations-{row}-role", label="Panelist / commentator")
        pick_person(page, row, person.full_name)
        page.fill(f"#id_participations-{row}-post", post)
    page.select_option("#id_rounds-0-kind", "round")
    page.fill("#id_rounds-0-questions_text", "What are the opportunities offered by digitalization?")
    page.select_option("#id_materials-0-kind", "slides")
    page.fill("#id_materials-0-title", "Slides on digital work")
    page.set_input_files(
        "#id_materials-0-file", {"name": "slides.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 slides"}
    )
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    # Soledad speaks, Audrey answers, Soledad replies: three turns of one round.
    page.locator("#rounds-0 a.inlinechangelink").click()
    round_page = page.url
    for row, (person, points) in enumerate(
        [(soledad, POINTS), (audrey, "- Taiwan publishes its data openly."), (soledad, "- Mexico will follow.")]
    ):
        page.select_option(
            f"#id_contributions-{row}-participation", label=f"{person.full_name} (Panelist / commentator)"
        )
        page.fill(f"#id_contributions-{row}-points_text", points)
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")

    # On a laptop's screen (1280×800) no table of the session's or the round's page runs past the
    # content column.
    page.set_viewport_size({"width": 1280, "height": 800})
    OUTPUT.mkdir(parents=True, exist_ok=True)
    for name, url in (("session", change), ("round", round_page)):
        page.goto(url)
        page.screenshot(path=str(OUTPUT / f"admin_{name}_1280x800.png"))
        widths = page.evaluate(WIDTHS)
        assert widths and [table for table, column in widths if table > column] == [], (name, widths)
    page.set_viewport_size({"width": 1280, "height": 1600})

    # 3. Submitted, published by the organiser, and opened by a reader.
    main = submit_publish_and_open(page, live_server, session, organiser="organiser")
    assert Session.objects.get(pk=session.pk).status == SessionStatus.PUBLISHED
    expect(main).to_contain_text("Digital work")
    expect(main).to_contain_text("Soledad Aragón Martínez, Secretary of Labor, Mexico")
    expect(main).to_contain_text("Audrey Tang, Digital Minister, Taiwan")
    expect(main).to_contain_text("What are the opportunities offered by digitalization?")
    expect(main).to_contain_text("The pandemic has accelerated digitalization.")
    expect(main).to_contain_text("In training and education.")
    expect(main.locator("blockquote")).to_have_text('"Digitalization is democratizing knowledge."')
    turns = main.locator("section.round-round h3.speaker")
    expect(turns).to_have_text([soledad.full_name, audrey.full_name, soledad.full_name])
    expect(main.locator("section.round-round")).to_contain_text("Mexico will follow.")
    material = main.locator(".materials a", has_text="Slides on digital work")
    download = page.request.get(material.get_attribute("href"))
    assert (download.status, download.body()) == (200, b"%PDF-1.4 slides")

    # 5. The page as the reader saw it.
    OUTPUT.mkdir(parents=True, exist_ok=True)
    shot = OUTPUT / "report_entered_submitted_published_and_read.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
