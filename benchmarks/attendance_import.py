"""Attendance import benchmark: a Zoom webinar attendee report of 50,000 rows counted into figures.

    .venv/bin/python benchmarks/attendance_import.py [--repeat N]

Prints the figures and the median of N warm runs (after one cold run) of reading the report
(``attendance_reports.read_attendance_report``, no database: the baseline), then of the whole import
as the task does it (``attendance_import``: the upload kept in the private storage, counted with
its progress written to the import's row, the counts written with the version bump, the file
deleted) in a scratch SQLite database; the target is ≤ 5 s. The report is
generated (``generate``): about rows/4 people, most of them reconnecting several times with
overlapping segments, a tenth of them no-shows, in the order Zoom lists them (host, panelists,
attendees) with the attendees' rows shuffled.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import zoneinfo
from datetime import datetime, timedelta
from pathlib import Path

from scratch import scratch_site

ROOT = Path(__file__).resolve().parent.parent
ROWS = 50_000
TARGET_S = 5
TZ = zoneinfo.ZoneInfo("Europe/Madrid")
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
COUNTRIES = [
    "Spain", "France", "Canada", "Mexico", "Brazil", "Chile", "Colombia", "Argentina", "Peru", "Senegal",
    "Morocco", "Tunisia", "Italy", "Portugal", "Belgium", "Germany", "United States", "Korea, Republic of",
    "Japan", "India",
]  # fmt: skip


def _zoom_time(moment: datetime) -> str:
    """As a webinar report writes it: Oct 21, 2020 09:55:12 AM."""
    return f"{MONTHS[moment.month - 1]} {moment.day}, {moment.year} {moment.strftime('%I:%M:%S')} {moment:%p}"


def generate(rows: int, seed: int = 1) -> bytes:
    """A webinar attendee report of ``rows`` participant rows (hosts, panelists and attendees)."""
    rng = random.Random(seed)
    start = datetime(2020, 10, 21, 9, 0)
    minutes = 180
    people = max(rows // 4, 3)
    panelists = max(people // 200, 2)
    sections: dict[str, list[str]] = {"Host Details": [], "Panelist Details": [], "Attendee Details": []}
    made = person = 0
    while made < rows:
        person += 1
        section = "Host Details" if person == 1 else "Panelist Details" if person <= panelists else "Attendee Details"
        name = f"Person {person}"
        email = f"person{person}@example.org"
        country = rng.choice(COUNTRIES)
        if section == "Attendee Details" and rng.random() < 0.1:
            sections[section].append(
                f'No,{name},Person,{person},{email},,"Oct 1, 2020 10:00:00 AM",approved,--,--,--,Yes,"{country}"'
            )
            made += 1
            continue
        joined = start + timedelta(seconds=rng.randint(-600, (minutes - 30) * 60))
        for _segment in range(min(rng.randint(1, 7), rows - made)):
            left = joined + timedelta(seconds=rng.randint(60, 3600))
            shown = name if rng.random() < 0.8 else f"{name} phone ({name})"  # renamed: the original in brackets
            times = f'"{_zoom_time(joined)}","{_zoom_time(left)}",{(left - joined).seconds // 60}'
            if section == "Attendee Details":
                row = f'Yes,{shown},Person,{person},{email},,"Oct 1, 2020 10:00:00 AM",approved,{times},Yes,"{country}"'
            else:
                row = f'Yes,{shown},{email},{times},No,"{country}"'
            sections[section].append(row)
            made += 1
            # A reconnection: sometimes before the last segment ended (two devices), mostly after.
            joined = left + timedelta(seconds=rng.randint(-300, 900))
    rng.shuffle(sections["Attendee Details"])
    short = "Attended,User Name (Original Name),Email,Join Time,Leave Time,Time in Session (minutes),Is Guest,"
    long = (
        "Attended,User Name (Original Name),First Name,Last Name,Email,Phone,Registration Time,Approval Status,"
        "Join Time,Leave Time,Time in Session (minutes),Is Guest,"
    )
    lines = [
        "Attendee Report",
        'Report Generated:,"Oct 22, 2020 08:00:00 AM"',
        "Topic,Webinar ID,Actual Start Time,Actual Duration (minutes),# Registered,# Cancelled,Unique Viewers,"
        "Total Users,Max Concurrent Views",
        f'Benchmark webinar,987 6543 2100,"{_zoom_time(start)}",{minutes},{people},0,{people},{rows},{people}',
    ]
    for title, section_rows in sections.items():
        header = long if title == "Attendee Details" else short
        lines += [title, header + "Country/Region Name", *section_rows]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def time_reading(repeat):
    from gsef_sessions.domain.attendance_reports import read_attendance_report
    from gsef_sessions.domain.report_reading import fold

    data = generate(ROWS)
    figures = read_attendance_report(data=data, tz=TZ)  # cold: imports, regular expressions
    runs = []
    for _number in range(repeat):
        fold.cache_clear()  # each run folds its names afresh
        started = time.perf_counter()
        read_attendance_report(data=data, tz=TZ)
        runs.append(time.perf_counter() - started)
    print(
        f"Reading a webinar attendee report of {figures.rows:,} rows ({len(data) / 1e6:.1f} MB): "
        f"{figures.attendees:,} attendees, {figures.panelists} panelists, peak {figures.peak:,} at "
        f"{figures.peak_at:%H:%M:%S}, {figures.person_seconds / 3600:,.0f} person-hours, "
        f"{len(figures.countries)} countries, {len(figures.notices)} notices."
    )
    median = statistics.median(runs)
    print(f"median of {repeat} warm runs: {median:.2f} s (target ≤ {TARGET_S} s)")
    return median


def time_import(repeat):
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from gsef_sessions.domain.attendance_import import count_attendance, receive_attendance_report
    from gsef_sessions.domain.report_reading import fold
    from gsef_sessions.models import Session

    session = Session.objects.get(slug="plenary-3")
    user = get_user_model().objects.create_superuser("bench", "bench@example.org", "bench")

    def one(seed):
        data = generate(ROWS, seed=seed)  # a new file each time: the same one would be "nothing changed"
        fold.cache_clear()
        started = time.perf_counter()
        with transaction.atomic():
            row, _new = receive_attendance_report(
                session=session, user=user, data=data, filename="attendees.csv", zone=str(TZ), queue=False
            )
        count_attendance(import_id=row.pk)
        return time.perf_counter() - started

    one(0)  # cold
    median = statistics.median(one(seed) for seed in range(1, repeat + 1))
    print(f"whole import, median of {repeat} warm runs: {median:.2f} s (target ≤ {TARGET_S} s)")
    return median


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        scratch_site(tmp)
        print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs, SQLite.\n")
        reading = time_reading(args.repeat)
        importing = time_import(args.repeat)
        print(f"import / reading: {importing / reading:.2f}×")


if __name__ == "__main__":
    main()
