"""Steps and places the browser tests share."""

from pathlib import Path

from playwright.sync_api import expect

CHROMIUM = "/usr/bin/chromium"
# Screenshots, for a person to look at.
OUTPUT = Path(__file__).resolve().parents[2] / "test-results" / "browser"


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text(username)


def submit_publish_and_open(page, live_server, session, *, organiser):
    """The rapporteur (logged in) submits the report, ``organiser`` publishes it, and a reader opens
    its public page; the page's ``main``.

    Each click waits for the page it leads to: a redirect still loading when the cookies are
    cleared would land on the login page too, and its CSRF cookie could replace the next one's."""
    workflow = f"{live_server.url}/admin/gsef_sessions/session/{session.pk}/workflow"
    page.goto(f"{workflow}/submit/")
    page.click("input[type=submit]")
    expect(page.locator(".messagelist")).to_contain_text("1 report submitted for review.")
    page.context.clear_cookies()
    log_in(page, live_server, organiser)
    page.goto(f"{workflow}/publish/")
    page.click("input[type=submit]")
    expect(page.locator(".messagelist")).to_contain_text("1 report published.")
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/{session.forum.slug}/{session.slug}/")
    return page.locator("main")
