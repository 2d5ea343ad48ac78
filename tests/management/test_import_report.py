"""``manage.py import_report``: a summary and the problems with their lines; non-zero on error."""

import io

import pytest
from django.core.management import CommandError, call_command

from tests.domain.test_report_import import SEED
from tests.factories import PersonFactory, UserFactory, empty_gsef_session


@pytest.fixture
def target(gsef_2020):
    rapporteur = UserFactory(groups=["Rapporteurs"], username="rapporteur")
    return empty_gsef_session(rapporteur=rapporteur)


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_report_dry_run_prints_the_summary_and_writes_nothing(target):
    out, err = run("--forum", "gsef-2020", "--session", "imported", "--dry-run", str(SEED))
    assert "  panelist 4: Audrey Tang — Digital Minister, Taiwan [matched]" in out
    assert "sponsor: Finanzgruppe Sparkassenstiftung für internationale Kooperation [sparkassenstiftung]" in out
    assert f"{SEED}:5: Not part of the report's header: left out. — BIENESTAR INAES" in err
    assert out.endswith("Dry run: nothing was written.\n")
    assert target.participations.count() == 0


def test_import_report_writes(target):
    out, _err = run("--forum", "gsef-2020", "--session", "imported", str(SEED))
    assert out.endswith("Imported: the report is now at version 2.\n")
    assert target.participations.count() == 8


def test_import_report_ambiguous_name_exits_non_zero_naming_candidates(target):
    twin = PersonFactory(given_name="Audrey", family_name="Tang")
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command(
            "import_report",
            "--forum",
            "gsef-2020",
            "--session",
            "imported",
            str(SEED),
            stdout=io.StringIO(),
            stderr=err,
        )
    assert str(twin.uuid) in err.getvalue()
    assert target.participations.count() == 0
    out, _err = run("--forum", "gsef-2020", "--session", "imported", "--match", f"Audrey Tang={twin.uuid}", str(SEED))
    assert target.participations.filter(person=twin).count() == 1


def test_import_report_unreadable_file_exits_non_zero(target, tmp_path):
    bad = tmp_path / "report.docx"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(CommandError, match="report.docx"):
        run("--forum", "gsef-2020", "--session", "imported", str(bad))


def test_import_report_unknown_session_exits_non_zero(target):
    with pytest.raises(CommandError, match="No session 'nope' in forum 'gsef-2020'"):
        run("--forum", "gsef-2020", "--session", "nope", str(SEED))


def test_import_report_unknown_language_exits_non_zero(target):
    with pytest.raises(CommandError, match="“xx” is not one of this site's languages"):
        run("--forum", "gsef-2020", "--session", "imported", "--language", "xx", str(SEED))
    assert target.participations.count() == 0
