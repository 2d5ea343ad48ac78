"""Report import benchmark: the seed report (GSEF 2020, Plenary 3) from .txt, .md and .docx.

    .venv/bin/python benchmarks/import_report.py [--repeat N]

Prints, per format, the median of N warm runs (after one cold run) of: reading the document
(``read_source`` and ``read_report``, no database), the preview (a dry run: everything written and
read back as the read model, then rolled back), and the import (written into an empty session of
the forum). The baseline, measured in the same run, is the same report written by the API's path
(``report_writes.update_report`` with the data already prepared): the import's price over it is
reading the document and matching its people. The .txt is the rapporteur's report as a
PDF-to-text conversion gave it; the .md and .docx are the app's own exports of the fixture's
Plenary 3. The database is a scratch SQLite file with the GSEF fixtures loaded.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from scratch import scratch_site

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 200


def timed(function, repeat):
    from gsef_sessions.domain.report_reading import fold

    function()  # cold: imports, templates, caches
    runs = []
    for _number in range(repeat):
        fold.cache_clear()  # each run reads its document afresh
        started = time.perf_counter()
        function()
        runs.append((time.perf_counter() - started) * 1000)
    return statistics.median(runs)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        scratch_site(tmp)
        run(args.repeat)


def run(repeat):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from gsef_sessions.domain.import_sources import read_source
    from gsef_sessions.domain.read_model import build_reports
    from gsef_sessions.domain.report_export import report_docx, report_markdown
    from gsef_sessions.domain.report_import import import_report, vocabulary
    from gsef_sessions.domain.report_reading import read_report
    from gsef_sessions.domain.report_writes import update_report
    from gsef_sessions.models import Session

    seed = Session.objects.get(slug="plenary-3")
    report = build_reports([seed.pk], requested="en")[seed.pk]
    documents = {
        "txt": ((ROOT / "tests" / "data" / "gsef2020-plenary3-report.txt").read_bytes(), "report.txt"),
        "md": (report_markdown(report=report).encode(), "report.md"),
        "docx": (report_docx(report=report), "report.docx"),
    }
    user = get_user_model().objects.create_superuser("bench", "bench@example.org", "bench")
    created = [0]

    def empty_session():
        created[0] += 1
        return Session.objects.create(
            forum=seed.forum,
            kind=seed.kind,
            slug=f"bench-{created[0]}",
            starts_at=timezone.now(),
            languages=["en"],
            original_language="en",
        )

    words = vocabulary(forum=seed.forum)
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, SQLite. Median of {repeat} warm runs after one "
        f"cold run; target ≤ {TARGET_MS} ms for the preview and the import.\n"
    )
    print(f"{'format':<8}{'read ms':>9}{'preview ms':>12}{'import ms':>11}{'baseline ms':>13}{'import/baseline':>17}")
    for name, (data, filename) in documents.items():
        source = read_source(data=data, filename=filename)
        reading = timed(
            lambda data=data, filename=filename: read_report(
                **vars(read_source(data=data, filename=filename)), vocabulary=words
            ),
            repeat,
        )
        target = empty_session()
        preview = timed(
            lambda target=target, source=source: import_report(
                session=target, user=user, source=source, expected_version=target.version, dry_run=True
            ),
            repeat,
        )

        def one_import(data=data, filename=filename):
            target = empty_session()
            import_report(
                session=target,
                user=user,
                source=read_source(data=data, filename=filename),
                expected_version=target.version,
            )

        importing = timed(one_import, repeat)
        # The baseline writes what the import wrote, as the API would: the read model's data again.
        written = Session.objects.get(slug=f"bench-{created[0]}")
        data_written = _as_written(build_reports([written.pk], requested="en")[written.pk])

        def baseline(data_written=data_written):
            target = empty_session()
            data = {**_with_new_ids(data_written), "slug": target.slug}
            update_report(session=target, user=user, data=data, language="en", expected_version=target.version)

        floor = timed(baseline, repeat)
        print(f"{name:<8}{reading:>9.1f}{preview:>12.1f}{importing:>11.1f}{floor:>13.1f}{importing / floor:>16.2f}×")


def _with_new_ids(data):
    """``data`` with new participant ids (ids are unique across sessions), as a client picks them."""
    ids = {part["uuid"]: str(uuid.uuid4()) for part in data["participations"]}
    return {
        **data,
        "participations": [{**part, "uuid": ids[part["uuid"]]} for part in data["participations"]],
        "rounds": [
            {
                **rnd,
                "contributions": [
                    {**turn, "participation": ids[turn["participation"]]} for turn in rnd["contributions"]
                ],
            }
            for rnd in data["rounds"]
        ],
    }


def _as_written(report):
    """The read model as a write takes it (the API's PUT body): references by id or slug."""
    people = {part["uuid"]: part for part in report["participants"]}
    return {
        "title": report["title"],
        "subtitle": report["subtitle"],
        "kind": report["kind"]["slug"],
        "starts_at": report["starts_at"],
        "languages": report["interpretation_languages"],
        "qa_note": report["qa"]["note"],
        "participations": [
            {
                "uuid": part["uuid"],
                "person": part["person"]["uuid"],
                "role": part["role"],
                "order": part["order"],
                "post": part["post"],
            }
            for part in people.values()
        ],
        "rounds": [
            {
                "kind": rnd["kind"],
                "order": rnd["order"],
                "questions": [{"text": q["text"]} for q in rnd["guiding_questions"]],
                "contributions": [
                    {
                        "participation": turn["participant"],
                        "points": [
                            {
                                "text": p["text"],
                                "is_quote": p["is_quote"],
                                "children": [{"text": c["text"], "is_quote": c["is_quote"]} for c in p["children"]],
                            }
                            for p in turn["points"]
                        ],
                    }
                    for turn in rnd["contributions"]
                ],
            }
            for rnd in report["rounds"]
        ],
        "audience_questions": [{"text": q["text"]} for q in report["qa"]["questions"]],
        "attendance": [
            {"platform": a["platform"], "count": a["count"], "taken_at": a["taken_at"], "note": a["note"]}
            for a in report["attendance"]
        ],
    }


if __name__ == "__main__":
    main()
