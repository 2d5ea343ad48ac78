"""A real browser (Debian's Chromium, driven by Playwright) through the whole path: a rapporteur
enters and submits a short report in the admin (a speaker taking a second turn, an uploaded
material), an organiser publishes it, a reader opens it and downloads the material.

Run by bin/test's "browser" stage (marker ``browser``); Playwright never downloads a browser here.
"""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from gsef_sessions.enums import SessionStatus
from gsef_sessions.models import Session
from tests.factories import ForumFactory, PersonFactory, SessionFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM = "/usr/bin/chromium"
# Each table's width and the content column's, in CSS pixels.
WIDTHS = """() => [...document.querySelectorAll('#content-main table')].map(table => [
    Math.round(table.getBoundingClientRect().width),
    Math.round(document.querySelector('#content-main').getBoundingClientRect().width),
])"""
OUTPUT = Path(__file__).resolve().parents[2] / "test-results" / "browser"
POINTS = """- Digitalization is closely related to working conditions.
- The pandemic has accelerated digitalization.
  1) In training and education.
- "Digitalization is democratizing knowledge.\""""


@pytest.fixture
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (.ci/run does).")
    # Playwright's sync API runs an event loop in this thread; the ORM calls between its steps are
    # the test's own, made while no request is being served.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text(username)


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

    # Each click waits for the page it leads to: a redirect still loading when the cookies are
    # cleared would land on the login page too, and its CSRF cookie could replace the next one's.
    page.goto(f"{change.removesuffix('change/')}workflow/submit/")
    page.click("input[type=submit]")
    expect(page.locator(".messagelist")).to_contain_text("1 report submitted for review.")
    assert Session.objects.get(pk=session.pk).status == SessionStatus.IN_REVIEW

    # 3. The organiser publishes it.
    page.context.clear_cookies()
    log_in(page, live_server, "organiser")
    page.goto(f"{change.removesuffix('change/')}workflow/publish/")
    page.click("input[type=submit]")
    expect(page.locator(".messagelist")).to_contain_text("1 report published.")
    assert Session.objects.get(pk=session.pk).status == SessionStatus.PUBLISHED

    # 4. A reader opens the public page.
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/{forum.slug}/{session.slug}/")
    main = page.locator("main")
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
