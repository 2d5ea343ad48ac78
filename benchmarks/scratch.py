"""The site a benchmark runs against: the demo's settings on a scratch SQLite file in ``tmp``, with
the GSEF fixtures loaded. Renders and webhooks are queued for the workers (an in-memory broker), as
in a web process, not run in the timed code."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def scratch_site(tmp):
    sys.path.insert(0, str(ROOT))
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "project.settings",
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "GSEF_SESSIONS_PDF_ROOT": f"{tmp}/private",
            "CELERY_BROKER_URL": "memory://",
            "DJANGO_SECRET_KEY": "bench-only-not-secret",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("loaddata", *sorted(str(p) for p in (ROOT / "fixtures").glob("*.json")), verbosity=0)
