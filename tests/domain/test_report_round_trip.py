"""Export, then import into an empty session, gives back the same report (``projection``)."""

import pytest

from gsef_sessions.domain.import_sources import read_source
from gsef_sessions.domain.report_export import report_docx, report_markdown
from gsef_sessions.domain.report_import import import_report
from gsef_sessions.models import Person, Session
from tests.domain.test_report_import import projection, report_of
from tests.factories import SessionFactory, UserFactory, policy_dialogue

FORMATS = {
    "md": lambda report: report_markdown(report=report).encode(),
    "docx": lambda report: report_docx(report=report),
}


def round_trip(original, fmt):
    rapporteur = UserFactory(groups=["Rapporteurs"])
    original.rapporteurs.add(rapporteur)  # who may see the original's people, and so pick them
    report = report_of(original, original.original_language)
    empty = SessionFactory(forum=original.forum, kind=original.kind, slug="round-trip", rapporteurs=[rapporteur])
    people = Person.objects.count()
    source = read_source(data=FORMATS[fmt](report), filename=f"report.{fmt}")
    import_report(session=empty, user=rapporteur, source=source, expected_version=empty.version)
    assert Person.objects.count() == people
    return projection(report_of(empty, original.original_language)), projection(report)


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_fixture_reports_are_unchanged(gsef_2020, fmt):
    reports = [s for s in Session.objects.all() if s.rounds.exists()]
    assert [s.slug for s in reports] == ["plenary-3"]
    for original in reports:
        imported, exported = round_trip(original, fmt)
        assert imported == exported


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_policy_dialogue_is_unchanged(db, fmt):
    original = policy_dialogue(original_language="en")
    imported, exported = round_trip(original, fmt)
    assert imported == exported
