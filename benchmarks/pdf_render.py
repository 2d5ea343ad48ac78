"""PDF render benchmark: both engines, same documents, same run.

    .venv/bin/python benchmarks/pdf_render.py [--repeat N]

Prints, for the Typst (default) and WeasyPrint engines: the median warm render time (each render
after a one-point edit, as real renders follow a change; the same document again for reference) and the peak
memory (resident set, over the process's baseline) for the seed report (Plenary 3) and for a
35-session proceedings; then the cache-hit path (a save that changes nothing; a download of a ready
PDF). Each measurement runs in a fresh process so peak memory is that engine's alone. The database
is a scratch SQLite file with the GSEF fixtures loaded.
"""

import argparse
import copy
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENGINES = {
    "typst": "gsef_sessions.pdf.typst.TypstRenderer",
    "weasyprint": "gsef_sessions.pdf.weasyprint.WeasyPrintRenderer",
}
PROCEEDINGS_SESSIONS = 35
TARGETS = {"report_ms": 100, "proceedings_ms": 3000, "speedup": 10}


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
    import django

    django.setup()


def rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def documents(case):
    """The document the engine prints: the seed report, or proceedings of 35 copies of it."""
    from gsef_sessions.domain.documents import labels, proceedings_document, report_document
    from gsef_sessions.models import Session

    seed = Session.objects.get(slug="plenary-3")
    if case == "report":
        return report_document(session=seed, language="en")
    document = proceedings_document(forum=seed.forum, sessions=Session.objects.filter(pk=seed.pk), language="en")
    document["labels"] = labels(sessions=PROCEEDINGS_SESSIONS)
    document["reports"] = [copy.deepcopy(document["reports"][0]) for _number in range(PROCEEDINGS_SESSIONS)]
    for number, report in enumerate(document["reports"], start=1):
        report["session"]["label"] = f"Session {number}"
    return document


def first_points(document):
    """One point per report: the renders below change it, as every real render follows a change."""
    reports = document["reports"] if document["kind"] == "proceedings" else [document["report"]]
    return [report["speakers"][0]["rounds"][0]["points"][0] for report in reports]


def child_render(engine, case, repeat):
    setup_django()
    from gsef_sessions.pdf.base import get_renderer

    document = documents(case)
    points = first_points(document)
    originals = [point["text"] for point in points]
    renderer = get_renderer(ENGINES[engine])
    baseline = rss_mib()
    started = time.perf_counter()
    pdf = renderer.render(document=document)  # cold: templates, fonts, caches
    cold = time.perf_counter() - started
    changed, same = [], []
    for run in range(repeat):
        # Typst memoises unchanged input, so an identical document is its best case; the headline
        # figure is a render after a one-point edit (in one report of the proceedings).
        point = points[run % len(points)]
        point["text"] = f"{originals[run % len(points)]} (edit {run})"
        started = time.perf_counter()
        renderer.render(document=document)
        changed.append(time.perf_counter() - started)
        started = time.perf_counter()
        renderer.render(document=document)
        same.append(time.perf_counter() - started)
    return {
        "cold_ms": cold * 1000,
        "median_ms": statistics.median(changed) * 1000,
        "same_ms": statistics.median(same) * 1000,
        "peak_mib": rss_mib() - baseline,
        "bytes": len(pdf),
        "runs": repeat,
    }


def child_cache_hit(engine, repeat):
    setup_django()
    from django.conf import settings
    from django.db import transaction
    from django.test import Client

    from gsef_sessions.domain import rendering
    from gsef_sessions.enums import RenderStatus
    from gsef_sessions.models import Session

    settings.GSEF_SESSIONS_PDF_RENDERER = ENGINES[engine]
    settings.ALLOWED_HOSTS = ["*"]
    session = Session.objects.get(slug="plenary-3")
    with transaction.atomic():
        (render,) = rendering.request_renders(session=session, queue=False)
    rendering.perform(render_id=render.pk)
    render.refresh_from_db()
    assert render.status == RenderStatus.READY, render.error
    calls = {
        "save_unchanged_ms": lambda: rendering.request_renders(session=session, queue=False),
        "download_ready_ms": lambda: Client().get("/gsef-2020/plenary-3/report.en.pdf"),
    }
    response = Client().get("/gsef-2020/plenary-3/report.en.pdf")
    assert response.status_code == 200, response.status_code
    result = {}
    for name, call in calls.items():
        call()
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            call()
            times.append(time.perf_counter() - started)
        result[name] = statistics.median(times) * 1000
    return result


def run_child(env, *args):
    out = subprocess.run(
        [sys.executable, __file__, "--child", *args], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--repeat", type=int, default=20, help="timed renders per case (WeasyPrint proceedings: a quarter)"
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        result = (
            child_render(rest[0], rest[1], int(rest[2])) if kind == "render" else child_cache_hit(rest[0], int(rest[1]))
        )
        print(json.dumps(result))
        return

    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "GSEF_SESSIONS_PDF_ROOT": f"{tmp}/pdfs",
            "CELERY_BROKER_URL": "",
            "PYTHONPATH": str(ROOT),
            "DJANGO_SECRET_KEY": "bench-only-not-secret",
        }
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "-v0"], env=env, cwd=ROOT, check=True)
        subprocess.run(
            [*manage, "loaddata", *sorted(str(p) for p in (ROOT / "fixtures").glob("*.json")), "-v0"],
            env=env,
            cwd=ROOT,
            check=True,
        )
        print(
            f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs. After one cold render per process: "
            f"median of {args.repeat} warm renders each after a one-point edit ('edited'), and of the "
            "same document rendered again ('same'); peak = max RSS over the process's baseline.\n"
        )
        results = {}
        print(f"{'case':<28}{'engine':<12}{'cold ms':>9}{'edited ms':>11}{'same ms':>9}{'peak MiB':>10}{'KiB':>7}")
        for case in ("report", "proceedings"):
            for engine in ENGINES:
                repeat = max(3, args.repeat // 4) if (engine, case) == ("weasyprint", "proceedings") else args.repeat
                r = results[case, engine] = run_child(env, "render", engine, case, str(repeat))
                label = "seed report" if case == "report" else f"proceedings ({PROCEEDINGS_SESSIONS} sessions)"
                print(
                    f"{label:<28}{engine:<12}{r['cold_ms']:>9.1f}{r['median_ms']:>11.1f}{r['same_ms']:>9.1f}"
                    f"{r['peak_mib']:>10.1f}{r['bytes'] / 1024:>7.0f}"
                )
        print("\ncache-hit path (medians, ms): a save that changes nothing / a download of a ready PDF")
        for engine in ENGINES:
            r = run_child(env, "cache", engine, str(args.repeat))
            print(f"  {engine:<12}{r['save_unchanged_ms']:>8.1f}{r['download_ready_ms']:>8.1f}")

        report, proceedings = results["report", "typst"], results["proceedings", "typst"]
        speed_report = results["report", "weasyprint"]["median_ms"] / report["median_ms"]
        speed_proc = results["proceedings", "weasyprint"]["median_ms"] / proceedings["median_ms"]
        print("\ntargets (default engine, Typst):")
        print(
            f"  seed report  {report['median_ms']:8.1f} ms  (target <= {TARGETS['report_ms']} ms)  "
            f"{'met' if report['median_ms'] <= TARGETS['report_ms'] else 'MISSED'}"
        )
        print(
            f"  proceedings  {proceedings['median_ms']:8.1f} ms  (target <= {TARGETS['proceedings_ms']} ms)  "
            f"{'met' if proceedings['median_ms'] <= TARGETS['proceedings_ms'] else 'MISSED'}"
        )
        for label, ratio in (("seed report", speed_report), ("proceedings", speed_proc)):
            print(
                f"  {label:<12} {ratio:8.1f}x faster than WeasyPrint  (target >= {TARGETS['speedup']}x)  "
                f"{'met' if ratio >= TARGETS['speedup'] else 'MISSED'}"
            )


if __name__ == "__main__":
    main()
