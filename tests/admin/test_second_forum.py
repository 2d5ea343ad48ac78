"""End to end: a second forum, unlike GSEF 2020, is set up and reported through the admin alone.

A forum manager creates the forum (another time zone, its own kinds, roles, partner, logo and
colours), its organisations and people, and a policy dialogue with two moderators; the rapporteur
enters its segments (one titled and without guiding questions), a speaker's repeated turns, key
takeaways, calls to action, materials (a link and an uploaded file) and credits; the manager
publishes it. Its page, PDF, API answer and exports then hold all of it, and nothing of GSEF 2020.
"""

import json
import subprocess
from glob import glob
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from gsef_sessions.models import Session
from tests.admin.browser import Browser, round_links
from tests.factories import UserFactory, blank_png

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
FORUM_NAME = "Nairobi Policy Dialogues"
SESSION_TITLE = "Financing the social economy"
# Who takes part: (role, order, given name, family name, post).
PEOPLE = [
    ("Moderator", 1, "Wanjiru", "Kamau", "Director, Kenya Cooperative Alliance"),
    ("Online moderator", 1, "Amadou", "Diallo", "Programme officer"),
    ("Panelist", 1, "Grace", "Otieno", "Minister of Cooperatives"),
    ("Panelist", 2, "Luis", "Ferreira", "Mayor of a small town"),
]
# The segments: (kind, title, guiding questions, turns as (speaker's family name, pasted points)).
SEGMENTS = [
    ("Introduction", "", "", [("Kamau", "- Welcome to the dialogue.")]),
    ("Other segment", "Keynote address", "", [("Otieno", '- "Cooperatives are the backbone of recovery."')]),
    (
        "Round",
        "First phase of the dialogue",
        "",
        [
            ("Kamau", "- Opens the first phase."),
            ("Ferreira", "- Local budgets need patient capital."),
            ("Kamau", "- Asks for an example."),
            ("Ferreira", "- A revolving fund for market women."),
        ],
    ),
    ("Round", "Second phase", "What should donors change?", [("Diallo", "- Reads a question from the chat.")]),
    ("Conclusions", "", "", [("Otieno", "- Patient capital, local control.")]),
]
TAKEAWAYS = ["Patient capital works best under local control."]
CALLS = ["Donors should fund cooperative revolving funds."]


def value(form, name, text):
    """Type into an input, or choose the option shown as ``text``."""
    if form.kinds[name] in ("input", "textarea"):
        form.type(name, text)
    else:
        form.choose(name, text)


def set_up_forum(client, manager):
    browser = Browser(client)
    client.force_login(manager)
    for slug, name in (("kca", "Kenya Cooperative Alliance"), ("ufund", "Solidarity Fund")):
        form = browser.open("/admin/gsef_sessions/organisation/add/?language=en")
        form.type("name", name)
        form.type("slug", slug)
        browser.save(form)
    for _role, _order, given, family, _post in PEOPLE:
        form = browser.open("/admin/gsef_sessions/person/add/?language=en")
        form.type("given_name", given)
        form.type("family_name", family)
        browser.save(form)

    form = browser.open("/admin/gsef_sessions/forum/add/?language=en")
    for name, text in {
        "name": FORUM_NAME,
        "slug": "nairobi-2025",
        "edition": "2025",
        "theme": "Money that stays local",
        "start_date": "2025-06-02",
        "end_date": "2025-06-04",
        "city": "Nairobi",
        "timezone": "Africa/Nairobi",
        "slot_minutes": "60",
        "primary_color": "#006400",
        "accent_color": "#ff8c00",
    }.items():
        value(form, name, text)
    form.choose("languages", "English (en)", "French (fr)")
    form.attach("logo", SimpleUploadedFile("logo.png", blank_png(40, 20), content_type="image/png"))
    row = form.row("session_kinds")
    form.type(f"{row}slug", "policy-dialogue")
    form.type(f"{row}name", "Policy dialogue")
    for order, slug, name, heading, category, numbered in (
        ("1", "moderator", "Moderator", "Moderators:", "Moderator", False),
        ("2", "online-moderator", "Online moderator", "Online moderator:", "Moderator", False),
        ("3", "panelist", "Panelist", "Panelists:", "Speaker", True),
    ):
        row = form.row("roles")
        for name_, text in (("order", order), ("slug", slug), ("name", name), ("heading", heading)):
            form.type(f"{row}{name_}", text)
        form.choose(f"{row}category", category)
        if numbered:
            form.values[f"{row}numbered"] = ["on"]
    row = form.row("partners")
    form.pick(
        f"{row}organisation",
        browser.autocomplete("forumpartner", "organisation", "Kenya", "Kenya Cooperative Alliance"),
    )
    form.choose(f"{row}role", "Organiser")
    browser.save(form)
    return browser


def enter_session(browser, rapporteur):
    form = browser.open("/admin/gsef_sessions/session/add/?language=en")
    form.choose("forum", FORUM_NAME)
    form.choose("kind", "Policy dialogue")
    for name, text in {
        "number": "1",
        "slug": "financing",
        "title": SESSION_TITLE,
        "starts_at_0": "2025-06-03",
        "starts_at_1": "10:00",
        "ends_at_0": "2025-06-03",
        "ends_at_1": "11:30",
        "platforms": "Zoom",
        "room": "Hall B",
        "source_credit": "Earth Negotiations Bulletin",
        "source_url": "https://enb.iisd.org/nairobi",
    }.items():
        value(form, name, text)
    form.choose("languages", "English (en)", "French (fr)")
    form.choose("rapporteurs", rapporteur.username)
    form.values["credit_rapporteurs"] = ["on"]
    for role, order, given, family, post in PEOPLE:
        row = form.row("participations")
        form.choose(f"{row}role", role)
        form.type(f"{row}order", str(order))
        form.pick(f"{row}person", browser.autocomplete("participation", "person", family, f"{given} {family}"))
        form.type(f"{row}post", post)
    for order, (kind, title, questions, _turns) in enumerate(SEGMENTS, start=1):
        row = form.row("rounds")
        form.choose(f"{row}kind", kind)
        form.type(f"{row}order", str(order))
        form.type(f"{row}title", title)
        form.type(f"{row}questions_text", questions)
    for kind, texts in (("Key takeaway", TAKEAWAYS), ("Call to action", CALLS)):
        for text in texts:
            row = form.row("outcomes")
            form.choose(f"{row}kind", kind)
            form.type(f"{row}text", text)
    row = form.row("materials")
    form.choose(f"{row}kind", "Recording")
    form.type(f"{row}title", "Video of the dialogue")
    form.type(f"{row}url", "https://video.example.org/nairobi/1")
    row = form.row("materials")
    form.choose(f"{row}kind", "Concept note")
    form.type(f"{row}title", "Concept note")
    form.choose_value(f"{row}language", "fr")
    form.attach(f"{row}file", SimpleUploadedFile("note.pdf", b"%PDF-1.4 concept note", content_type="application/pdf"))
    row = form.row("sponsors")
    form.pick(f"{row}organisation", browser.autocomplete("sessionsponsor", "organisation", "Solid", "Solidarity Fund"))
    landing = browser.save(form, "_continue")
    session = Session.objects.get(slug="financing")

    for link, (_kind, _title, _questions, turns) in zip(round_links(landing.content.decode()), SEGMENTS, strict=True):
        form = browser.open(link)
        for order, (family, points) in enumerate(turns, start=1):
            role, given = next((role, given) for role, _o, given, fam, _p in PEOPLE if fam == family)
            row = form.row("contributions")
            form.choose(f"{row}participation", f"{given} {family} ({role})")
            form.type(f"{row}order", str(order))
            form.type(f"{row}points_text", points)
        browser.save(form)
    return session


def publish(client, session):
    response = client.post(f"/admin/gsef_sessions/session/{session.pk}/workflow/publish/", {"comment": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    session.refresh_from_db()
    assert session.status == "published"


@pytest.fixture
def second_forum(client, settings, tmp_path, django_capture_on_commit_callbacks):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.GSEF_SESSIONS_PDF_ROOT = str(tmp_path / "private")
    # GSEF 2020 is there too: nothing of it may show in the second forum's outputs.
    call_command("loaddata", *sorted(glob(str(ROOT / "fixtures" / "*.json"))), verbosity=0)
    manager, rapporteur = (
        UserFactory(groups=["Forum managers"]),
        UserFactory(username="rosa", first_name="Rosa", last_name="Luna"),
    )
    browser = set_up_forum(client, manager)
    session = enter_session(browser, rapporteur)
    with django_capture_on_commit_callbacks(execute=True):  # the PDFs publishing queues (eager Celery)
        publish(client, session)
    client.logout()
    return session


def in_order(text, parts):
    position = 0
    for part in parts:
        found = text.find(part, position)
        assert found >= 0, f"{part!r} missing after position {position}"
        position = found + len(part)


# What every output holds, in this order.
PRINTED = [
    "Moderators:",
    "Wanjiru Kamau",
    "Online moderator:",
    "Amadou Diallo",
    "Panelists:",
    "Grace Otieno",
    "Luis Ferreira",
    "Video of the dialogue",
    "Concept note",
    "Introduction",
    "Welcome to the dialogue.",
    "Keynote address",
    "Cooperatives are the backbone of recovery.",
    "First phase of the dialogue",
    "Opens the first phase.",
    "Local budgets need patient capital.",
    "Asks for an example.",
    "A revolving fund for market women.",
    "Second phase",
    "What should donors change?",
    "Reads a question from the chat.",
    "Conclusions",
    "Patient capital, local control.",
    "Key takeaways",
    TAKEAWAYS[0],
    "Calls to action",
    CALLS[0],
    "Report by Rosa Luna.",
    "Based on notes by",
    "Earth Negotiations Bulletin",
]


def test_second_forum_page_holds_everything_and_nothing_of_gsef_2020(client, second_forum):
    page = client.get("/nairobi-2025/financing/").content.decode()
    in_order(page, PRINTED)
    assert 'style="--gsef-primary: #006400; --gsef-accent: #ff8c00;"' in page
    assert '<img class="logo" src="http://127.0.0.1:8000/media/gsef_sessions/forum-logos/' in page
    assert "Hall B, Nairobi" in page
    assert "GSEF" not in page and "Global Virtual Forum" not in page


def test_second_forum_pdf_holds_everything_and_nothing_of_gsef_2020(client, second_forum, tmp_path):
    response = client.get("/nairobi-2025/financing/report.en.pdf")
    assert response.status_code == 200
    path = tmp_path / "report.pdf"
    path.write_bytes(b"".join(response.streaming_content))
    text = " ".join(
        subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    in_order(text, [part for part in PRINTED if part != "Based on notes by"])
    assert "June 3, 2025 10 a.m. (Nairobi, UTC+3) English - French Hall B, Nairobi" in text  # in the forum's time zone
    assert "GSEF" not in text and "Global Virtual Forum" not in text


def test_second_forum_api_and_exports_hold_everything_and_nothing_of_gsef_2020(client, second_forum):
    response = client.get("/api/sessions/nairobi-2025/financing/")
    report = response.json()
    assert report["time_zone"] == "Africa/Nairobi"
    assert [(r["slug"], r["category"]) for r in report["roles"]] == [
        ("moderator", "moderator"),
        ("online-moderator", "moderator"),
        ("panelist", "speaker"),
    ]
    assert [(r["kind"], r["label"], [c["person"]["name"] for c in r["contributions"]]) for r in report["rounds"]] == [
        ("introduction", "Introduction", ["Wanjiru Kamau"]),
        ("other", "Keynote address", ["Grace Otieno"]),
        ("round", "First phase of the dialogue", ["Wanjiru Kamau", "Luis Ferreira", "Wanjiru Kamau", "Luis Ferreira"]),
        ("round", "Second phase", ["Amadou Diallo"]),
        ("conclusions", "Conclusions", ["Grace Otieno"]),
    ]
    assert ([s["text"] for s in report["key_takeaways"]], [s["text"] for s in report["calls_to_action"]]) == (
        TAKEAWAYS,
        CALLS,
    )
    assert [(m["kind"], m["title"], m["is_file"]) for m in report["materials"]] == [
        ("recording", "Video of the dialogue", False),
        ("concept_note", "Concept note", True),
    ]
    assert report["credits"]["rapporteurs"] == ["Rosa Luna"]
    note = client.get(report["materials"][1]["url"].removeprefix("http://127.0.0.1:8000"))
    assert (note.status_code, b"".join(note.streaming_content)) == (200, b"%PDF-1.4 concept note")
    schedule = client.get("/api/forums/nairobi-2025/schedule.json").json()
    (event,) = [e for day in schedule["schedule"]["conference"]["days"] for room in day["rooms"].values() for e in room]
    assert (event["links"][0]["url"], event["attachments"][0]["title"]) == (
        "https://video.example.org/nairobi/1",
        "Concept note",
    )
    assert event["description"] == f"## Key takeaways\n\n1. {TAKEAWAYS[0]}\n\n## Calls to action\n\n1. {CALLS[0]}"
    for url in (
        "/api/sessions/nairobi-2025/financing/",
        "/api/forums/nairobi-2025/schedule.json",
        "/api/forums/nairobi-2025/schedule.xml",
        "/api/forums/nairobi-2025/calendar.ics",
    ):
        body = client.get(url).content.decode()
        assert "GSEF" not in body and "Global Virtual Forum" not in body, url
    assert json.dumps(report).count("Nairobi Policy Dialogues") >= 1
