"""Helpers of benchmarks/api_load.sh (not meant to be run on their own).

    api_probe.py pair PHASE CASE RESULTS N FLOOR_OUT×N CASE_OUT×N
        wrk --latency outputs of N rounds, floor and case alternating: one row appended to RESULTS
    api_probe.py cold PHASE RESULTS BASE DETAIL FLOOR N
        N rounds of: bump the session's version in the database, GET DETAIL; bump, GET FLOOR
    api_probe.py schedule SLUG [SLUG…]
        query count and time of each forum's c3voc schedule.json, in-process
    api_probe.py table RESULTS
        every case next to its own floor, the targets and the list's growth

Every case is measured next to its own floor, in alternating rounds, so that what else runs on the
machine weighs on both alike: the ratio is the case's requests/s over its floor's.
"""

import http.client
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}
# Issue 12's table: what standard parts (DRF, Django's cache, one lookup query) must reach.
TARGETS = {
    "detail warm": 0.35,
    "detail cold": 0.15,
    "detail 304": 0.45,
    "report page warm": 0.3,
    "report page 304": 0.45,
    "programme page": 0.2,
    "list ?forum=gsef-2020": 0.25,
}
LIST_GROWTH = 1.3
SCHEDULE_SECONDS = 0.5  # schedule.json of the largest forum


def _ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * UNITS[unit]


def parse_wrk(text):
    """requests/s, p50 and p99 (ms), requests and errors (socket errors + non-2xx/3xx answers) of a wrk run."""
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", text, re.MULTILINE).group(1))
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", text, re.MULTILINE).group(1))
    requests = int(re.search(r"(\d+) requests in", text).group(1))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return {
        "rps": rps,
        "p50": p50,
        "p99": p99,
        "requests": requests,
        "errors": errors + (int(bad.group(1)) if bad else 0),
    }


def combined(runs):
    """Rounds as one figure: mean requests/s, median p50, worst p99, all errors."""
    return {
        "rps": statistics.mean(run["rps"] for run in runs),
        "p50": statistics.median(run["p50"] for run in runs),
        "p99": max(run["p99"] for run in runs),
        "requests": sum(run["requests"] for run in runs),
        "errors": sum(run["errors"] for run in runs),
    }


def append(results, row):
    with open(results, "a") as out:
        out.write(json.dumps(row) + "\n")


def show(row):
    note = "  (sequential: one request at a time)" if row["client"] != "wrk" else ""
    print(
        f"  {row['phase']:<6} {row['case']:<24} {row['rps']:8.1f} req/s  p50 {row['p50']:7.2f} ms  "
        f"p99 {row['p99']:7.2f} ms  errors {row['errors']}   floor {row['floor']['rps']:7.1f} req/s  "
        f"x floor {row['rps'] / row['floor']['rps']:.3f}{note}"
    )


def cmd_pair(phase, case, results, rounds, *outputs):
    rounds = int(rounds)
    floors, cases = outputs[:rounds], outputs[rounds:]
    row = {
        "phase": phase,
        "case": case,
        "client": "wrk",
        "rounds": rounds,
        **combined([parse_wrk(Path(output).read_text()) for output in cases]),
        "floor": combined([parse_wrk(Path(output).read_text()) for output in floors]),
    }
    append(results, row)
    show(row)


def _get(base, path):
    """One GET on a new connection (gunicorn's sync workers close each one); (status, ms, ETag)."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    started = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    response.read()
    elapsed = (time.perf_counter() - started) * 1000
    connection.close()
    return response.status, elapsed, response.getheader("ETag", "")


def _percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def _figures(times, errors):
    return {
        "rps": 1000 / statistics.mean(times),
        "p50": statistics.median(times),
        "p99": _percentile(times, 0.99),
        "requests": len(times),
        "errors": errors,
    }


def cmd_cold(phase, results, base, detail, floor, n):
    """Each detail request is preceded by a version bump done in the database (what
    ``versioning.touch`` does to the row: version + 1, a new updated_at), so it is the first
    request after a change: no worker has that (version, language) stored. Floor requests
    alternate with them, after the same bump, from the same client; only the GET is timed. An
    answer that is not of the bumped version counts as an error."""
    import psycopg

    forum_slug, session_slug = [part for part in detail.split("/") if part][-2:]
    times = {detail: [], floor: []}
    errors = dict.fromkeys(times, 0)
    with psycopg.connect(os.environ["BENCH_DSN"], autocommit=True) as db:
        (pk,) = db.execute(
            "SELECT s.id FROM gsef_sessions_session s JOIN gsef_sessions_forum f ON f.id = s.forum_id"
            " WHERE f.slug = %s AND s.slug = %s",
            (forum_slug, session_slug),
        ).fetchone()
        for _ in range(int(n)):
            for path in (detail, floor):
                (version,) = db.execute(
                    "UPDATE gsef_sessions_session SET version = version + 1, updated_at = now() WHERE id = %s"
                    " RETURNING version",
                    (pk,),
                ).fetchone()
                status, elapsed, etag = _get(base, path)
                errors[path] += status != 200 or (path == detail and not etag.startswith(f'W/"{version}-'))
                times[path].append(elapsed)
    row = {
        "phase": phase,
        "case": "detail cold",
        "client": f"python loop x{n}",
        "rounds": int(n),
        **_figures(times[detail], errors[detail]),
        "floor": _figures(times[floor], errors[floor]),
    }
    append(results, row)
    show(row)


def cmd_schedule(slugs):
    """Through the whole stack in-process (Django's test client: middleware, DRF, the export),
    queries counted by CaptureQueriesContext; time: first request, then the median of 5."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from gsef_sessions.models import Session

    client = Client()
    counts, seconds = [], {}
    for slug in slugs:
        listed = Session.objects.filter(forum__slug=slug, status="published").count()
        times = []
        for _ in range(6):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(f"/api/forums/{slug}/schedule.json")
                times.append(time.perf_counter() - started)
            assert response.status_code == 200, (slug, response.status_code, response.content[:300])
        events = sum(
            len(events)
            for day in json.loads(response.content)["schedule"]["conference"]["days"]
            for events in day["rooms"].values()
        )
        assert events == listed, (events, listed)
        counts.append(len(queries))
        seconds[listed] = statistics.median(times[1:])
        print(
            f"  {slug:<12} {listed:>5} sessions  {len(queries):>3} queries  first {times[0]:6.3f} s  "
            f"median of 5 {seconds[listed]:6.3f} s  {len(response.content) / 1024:7.0f} KiB"
        )
    largest = max(seconds)
    print(
        f"  queries constant whatever the number of sessions: {'met' if len(set(counts)) == 1 else 'MISSED'}; "
        f"{largest} sessions in {seconds[largest]:.3f} s (target < {SCHEDULE_SECONDS} s): "
        f"{'met' if seconds[largest] < SCHEDULE_SECONDS else 'MISSED'}"
    )


def cmd_table(results):
    rows = [json.loads(line) for line in Path(results).read_text().splitlines()]
    print(
        f"{'phase':<6} {'case':<24} {'client':<16} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6} "
        f"{'floor req/s':>11} {'x floor':>8}  target"
    )
    for row in rows:
        ratio = row["rps"] / row["floor"]["rps"]
        target = TARGETS.get(row["case"])
        verdict = (
            "" if target is None else f">= {target}  {'met' if ratio >= target and not row['errors'] else 'MISSED'}"
        )
        print(
            f"{row['phase']:<6} {row['case']:<24} {row['client']:<16} {row['rps']:>8.1f} {row['p50']:>8.2f} "
            f"{row['p99']:>8.2f} {row['errors']:>6} {row['floor']['rps']:>11.1f} {ratio:>8.3f}  {verdict}"
        )
    by = {(row["phase"], row["case"]): row for row in rows}
    print(
        f"\nthe list with 10,000 sessions vs with the demo data (cost in floor requests: floor req/s over the"
        f" list's, each phase against its own floor; target <= {LIST_GROWTH}x):"
    )
    notes = {
        "list": "a page of 50 sessions vs the demo's only 1: not the same answer, shown for scale",
        "list ?page_size=1": "one session per page in both: what 10,000 rows add (count, page)",
        "list ?forum=gsef-2020": "the same bytes in both",
    }
    for case, note in notes.items():
        if ("demo", case) in by and ("10k", case) in by:
            cost = {phase: by[phase, case]["floor"]["rps"] / by[phase, case]["rps"] for phase in ("demo", "10k")}
            growth = cost["10k"] / cost["demo"]
            verdict = "" if case == "list" else ("met" if growth <= LIST_GROWTH else "MISSED")
            print(
                f"  {case:<24} {cost['demo']:6.1f} -> {cost['10k']:6.1f} floor requests  "
                f"{growth:5.2f}x  {verdict:<6}  ({note})"
            )
    total_errors = sum(row["errors"] + row["floor"]["errors"] for row in rows)
    print(f"\nerrors over all cases and floors: {total_errors}  {'met' if total_errors == 0 else 'MISSED'} (target 0)")
    print(
        "\nthe peer, quoted from the issue (pretalx 2025.2.2, 2-core machine, gunicorn 2 sync workers, wrk 32"
        " connections; not measured here): a talk's detail at ~1/90 of a constant-bytes floor (16 queries),"
        " a page of its talks list at ~1/650 (~5 queries per talk), frab schedule.json of 2,000 talks in"
        " 13,098 queries and ~70 s."
    )


def main():
    command, *args = sys.argv[1:]
    commands = {"pair": cmd_pair, "cold": cmd_cold, "table": cmd_table}
    if command == "schedule":
        cmd_schedule(args)
    elif command in commands:
        commands[command](*args)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
