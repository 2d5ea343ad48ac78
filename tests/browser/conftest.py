"""The browser the browser tests drive: Debian's Chromium, through Playwright."""

import os

import pytest
from playwright.sync_api import sync_playwright

from tests.browser.steps import CHROMIUM


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
