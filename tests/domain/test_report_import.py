import datetime
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from gsef_sessions.domain.import_sources import read_source
from gsef_sessions.domain.read_model import build_reports
from gsef_sessions.domain.report_import import ImportBlocked, import_report
from gsef_sessions.enums import SessionStatus
from gsef_sessions.models import Person, Session
from gsef_sessions.models.history import PARENTS
from tests.docx_builders import STYLES, seed_docx
from tests.factories import PersonFactory, UserFactory, empty_gsef_session

SEED = Path(__file__).resolve().parents[1] / "data" / "gsef2020-plenary3-report.txt"


def projection(report):
    """What an import must give back: the report without ids, slugs, version, status or
    organisation links."""
    people = {part["uuid"]: part["person"]["name"] for part in report["participants"]}

    def points(items):
        return [(p["text"], p["is_quote"], [(c["text"], c["is_quote"]) for c in p.get("children", [])]) for p in items]

    return {
        "title": (report["title"], report["subtitle"]),
        "participants": sorted(
            (part["person"]["name"], part["role"], part["order"], part["post"]) for part in report["participants"]
        ),
        "segments": [
            (
                rnd["kind"],
                rnd["label"],
                [question["text"] for question in rnd["guiding_questions"]],
                [(people[turn["participant"]], points(turn["points"])) for turn in rnd["contributions"]],
            )
            for rnd in report["rounds"]
        ],
        "audience": (
            report["qa"]["note"],
            [
                (q["text"], q["asked_by"], q["is_answered"], q["answer"], people.get(q["answered_by"]))
                for q in report["qa"]["questions"]
            ],
        ),
        "takeaways": [s["text"] for s in report["key_takeaways"]],
        "calls_to_action": [s["text"] for s in report["calls_to_action"]],
        "attendance": [(a["count"], a["platform"], a["taken_at"], a["note"]) for a in report["attendance"]],
        "sponsors": [s["organization"]["name"] for s in report["sponsors"]],
    }


def report_of(session, language="en"):
    return build_reports([session.pk], requested=language)[session.pk]


@pytest.fixture
def empty_session(gsef_2020):
    rapporteur = UserFactory(groups=["Rapporteurs"])
    session = empty_gsef_session(rapporteur=rapporteur)
    return session, rapporteur


def seed_source():
    return read_source(data=SEED.read_bytes(), filename=SEED.name)


def test_import_seed_text_gives_plenary_3(empty_session):
    session, rapporteur = empty_session
    people = Person.objects.count()
    result = import_report(session=session, user=rapporteur, source=seed_source(), expected_version=session.version)
    assert result.written is True
    assert Person.objects.count() == people
    expected = report_of(Session.objects.get(slug="plenary-3"))
    assert projection(report_of(session)) == projection(expected)


def test_import_seed_text_sets_the_header(empty_session):
    session, rapporteur = empty_session
    import_report(session=session, user=rapporteur, source=seed_source(), expected_version=session.version)
    session = Session.objects.get(pk=session.pk)
    session.set_current_language("en")
    assert (session.title, session.subtitle, session.number, list(session.languages)) == (
        "New Digitalization Era and the Future of Work",
        "Challenges and Opportunities",
        3,
        ["es", "en", "fr"],
    )
    assert session.starts_at == datetime.datetime(2020, 10, 21, 13, 30, tzinfo=datetime.UTC)


def test_import_header_table_row_without_label_is_the_subtitle_or_the_rest_of_a_value(empty_session):
    session, rapporteur = empty_session
    text = (
        "| Session title: | Cities and platforms |\n"
        "|  | Who owns the data? |\n"
        "| Language(s): | Spanish - English |\n"
        "|  | - French |\n"
        "\nName of the moderator:\nMarisol Fernández Alonso, Director of Social Investment\n"
    )
    result = import_report(
        session=session, user=rapporteur, source=read_source(text=text), expected_version=session.version, dry_run=True
    )
    report = result.report
    assert (report["title"], report["subtitle"], report["interpretation_languages"]) == (
        "Cities and platforms",
        "Who owns the data?",
        ["es", "en", "fr"],
    )


def test_import_seed_text_bumps_the_version_once_with_the_rapporteur_as_author(empty_session):
    session, rapporteur = empty_session
    before, started = session.version, timezone.now()
    result = import_report(session=session, user=rapporteur, source=seed_source(), expected_version=before)
    assert result.version == before + 1
    authors = set()
    for model in PARENTS:
        records = model.history.filter(report_session=session, history_date__gte=started)
        authors |= set(records.values_list("history_user", flat=True))
    assert authors == {rapporteur.pk}


def test_import_dry_run_writes_nothing_and_returns_the_report(empty_session):
    session, rapporteur = empty_session
    before = session.version
    result = import_report(
        session=session, user=rapporteur, source=seed_source(), expected_version=before, dry_run=True
    )
    expected = report_of(Session.objects.get(slug="plenary-3"))
    assert projection(result.report) == projection(expected)
    session.refresh_from_db()
    assert (session.version, session.participations.count(), session.rounds.count()) == (before, 0, 0)
    session.set_current_language("en")
    assert session.title == "To be imported"


def test_import_over_content_says_what_it_replaces(empty_session):
    session, rapporteur = empty_session
    import_report(session=session, user=rapporteur, source=seed_source(), expected_version=session.version)
    session.refresh_from_db()
    result = import_report(
        session=session, user=rapporteur, source=seed_source(), expected_version=session.version, dry_run=True
    )
    assert result.replaced == {
        "participants": 8,
        "segments": 4,
        "points": 111,
        "audience questions": 5,
        "attendance counts": 1,
    }


def test_import_ambiguous_name_blocks_until_chosen(empty_session):
    session, rapporteur = empty_session
    twin = PersonFactory(given_name="Audrey", family_name="TANG")
    with pytest.raises(ImportBlocked) as blocked:
        import_report(session=session, user=rapporteur, source=seed_source(), expected_version=session.version)
    assert [problem.text for problem in blocked.value.problems] == ["Audrey Tang"]
    assert str(twin.uuid) in blocked.value.problems[0].message
    session.refresh_from_db()
    assert session.participations.count() == 0
    result = import_report(
        session=session,
        user=rapporteur,
        source=seed_source(),
        expected_version=session.version,
        matches={"TANG, Audrey": str(twin.uuid)},
    )
    assert result.written is True
    assert session.participations.filter(person=twin).count() == 1


def test_import_new_people_are_created_on_confirmation_only(empty_session):
    session, rapporteur = empty_session
    text = (
        "Name of the moderator:\n\nJane Q. Newcomer, Director of Things, Kenya\n\n"
        "Introduction\n\nJane Q. Newcomer\n\n- Hello.\n"
    )
    source = read_source(text=text)
    result = import_report(
        session=session, user=rapporteur, source=source, expected_version=session.version, dry_run=True
    )
    assert [(p.name, p.status) for p in result.people] == [("Jane Q. Newcomer", "new")]
    assert not Person.objects.filter(family_name="Newcomer").exists()
    import_report(session=session, user=rapporteur, source=source, expected_version=session.version)
    person = Person.objects.get(family_name="Newcomer")
    assert (person.given_name, person.country, person.created_by) == ("Jane Q.", "KE", rapporteur)


def test_import_published_session_is_refused(empty_session):
    session, rapporteur = empty_session
    Session.objects.filter(pk=session.pk).update(status=SessionStatus.PUBLISHED)
    session.refresh_from_db()
    with pytest.raises(PermissionDenied):
        import_report(session=session, user=rapporteur, source=seed_source(), expected_version=session.version)


def test_import_document_without_a_report_is_blocked(empty_session):
    session, rapporteur = empty_session
    with pytest.raises(ImportBlocked) as blocked:
        import_report(
            session=session, user=rapporteur, source=read_source(text="Just a shopping list.\n"), expected_version=1
        )
    assert [problem.message for problem in blocked.value.problems] == ["Nothing in this document reads as a report."]


@pytest.mark.parametrize("style", STYLES)
def test_import_seed_docx_gives_plenary_3(empty_session, style):
    session, rapporteur = empty_session
    source = read_source(data=seed_docx(style=style), filename="report.docx")
    result = import_report(session=session, user=rapporteur, source=source, expected_version=session.version)
    assert [problem.message for problem in result.problems if problem.line] == []
    assert projection(report_of(session)) == projection(report_of(Session.objects.get(slug="plenary-3")))


MARKDOWN = """\
---
title: Cities and platforms
type: Plenary
date: 2020-10-22
time: 10:00
languages: es, en
attendance: 1,234 (YouTube, 11:30 hrs)
sponsor: Finanzgruppe Sparkassenstiftung für internationale Kooperation
---

# Name of the moderator:

- FERNÁNDEZ ALONSO, Marisol, Director of Social Investment

# Name of the panelists/commentators:

1. Enrique Penaranda, Project Leader, Mexico
2. Ada Newperson, Researcher

## Round 1: Platforms

Who owns the platforms?

### Enrique Penaranda

- Cooperatives can own them:
    - by pooling data;
    - by sharing code.
> Technology must serve people.

### Ada Newperson

- Public money for public code.

## Open discussion

### Marisol Fernández Alonso

- Thanks to all.

### Enrique Penaranda

- One more thing.

## Key questions asked by the audience and answers from the panelists

- Who pays?
    Asked by: A participant
    Answered by: Ada Newperson
    Answer: The public.

## Key takeaways

- Platforms can be commons.

## Calls to action

- Fund public code.
"""


def test_import_markdown_reads_every_part(empty_session):
    session, rapporteur = empty_session
    people = {
        name: Person.objects.get(family_name=family) for name, family in (("m", "Fernández Alonso"), ("e", "Peñaranda"))
    }
    import_report(session=session, user=rapporteur, source=read_source(text=MARKDOWN), expected_version=session.version)
    report = report_of(session)
    assert projection(report) == {
        "title": ("Cities and platforms", ""),
        "participants": [
            ("Ada Newperson", "panelist", 2, "Researcher"),
            ("Enrique Peñaranda", "panelist", 1, "Project Leader, Mexico"),
            ("Marisol Fernández Alonso", "moderator", 1, "Director of Social Investment"),
        ],
        "segments": [
            (
                "round",
                "Platforms",
                ["Who owns the platforms?"],
                [
                    (
                        "Enrique Peñaranda",
                        [
                            (
                                "Cooperatives can own them:",
                                False,
                                [("by pooling data", False), ("by sharing code.", False)],
                            ),
                            ("Technology must serve people.", True, []),
                        ],
                    ),
                    ("Ada Newperson", [("Public money for public code.", False, [])]),
                ],
            ),
            (
                "other",
                "Open discussion",
                [],
                [
                    ("Marisol Fernández Alonso", [("Thanks to all.", False, [])]),
                    ("Enrique Peñaranda", [("One more thing.", False, [])]),
                ],
            ),
        ],
        "audience": ("", [("Who pays?", "A participant", True, "The public.", "Ada Newperson")]),
        "takeaways": ["Platforms can be commons."],
        "calls_to_action": ["Fund public code."],
        "attendance": [(1234, "YouTube", "2020-10-22T16:30:00Z", "")],
        "sponsors": [
            "Global Social Economy Forum (GSEF)",  # the forum's organisers, then the session's sponsor
            "Institute of Social Economy of Mexico (INAES)",
            "Mexico City Government",
            "Finanzgruppe Sparkassenstiftung für internationale Kooperation",
        ],
    }
    assert {p["person"]["uuid"] for p in report["participants"]} >= {str(people["m"].uuid), str(people["e"].uuid)}
