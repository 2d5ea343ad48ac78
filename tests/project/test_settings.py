"""The demo project's settings: production defaults, the README's production example, errors on
stderr, SQLite's concurrent writers."""

import json
import os
import re
import runpy
import shlex
import sqlite3
import subprocess
import sys
from pathlib import Path

import django
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent.parent
SETTINGS = ROOT / "project" / "settings.py"
KEY = "tests-only-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz"


def demo_settings(monkeypatch, **env):
    """project/settings.py evaluated afresh with ``env`` and a secret key, and no other DJANGO_* variable."""
    for name in list(os.environ):
        if name.startswith("DJANGO_") and name != "DJANGO_SECRET_KEY":
            monkeypatch.delenv(name)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("DJANGO_SECRET_KEY", KEY)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


def run(args, env):
    """``args`` run with the demo's settings, in exactly ``env`` (plus PATH), from the repository."""
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def readme_production():
    """The README's production example (its ``export NAME=value`` lines) and the text after it."""
    section = (ROOT / "README.md").read_text().split("\n## Production\n", 1)[1].split("\n## ", 1)[0]
    _, block, after = re.split(r"^```sh\n(.*?)^```\n", section, maxsplit=1, flags=re.DOTALL | re.MULTILINE)
    example = {}
    for line in block.splitlines():
        export, assignment = shlex.split(line)
        assert export == "export", line
        name, value = assignment.split("=", 1)
        example[name] = value
    return example, after


def test_debug_is_off_unless_asked_for(monkeypatch):
    assert demo_settings(monkeypatch)["DEBUG"] is False
    assert demo_settings(monkeypatch, DJANGO_DEBUG="0")["DEBUG"] is False
    assert demo_settings(monkeypatch, DJANGO_DEBUG="1")["DEBUG"] is True


def test_start_without_secret_key_stops_with_one_line():
    result = run(["manage.py", "check"], {})
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == (
        "error: set DJANGO_SECRET_KEY (required unless DJANGO_DEBUG=1; see the README's Production section)\n"
    )


def test_start_without_secret_key_in_debug_uses_the_demos():
    result = run(["manage.py", "check"], {"DJANGO_DEBUG": "1"})
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "System check identified no issues (0 silenced).\n",
        "",
    )


def test_check_deploy_with_the_readme_example_warns_only_what_the_readme_explains():
    example, explanation = readme_production()
    assert set(example) == {
        "DJANGO_SECRET_KEY",
        "DJANGO_ALLOWED_HOSTS",
        "DJANGO_CSRF_TRUSTED_ORIGINS",
        "DJANGO_SSL_REDIRECT",
        "DJANGO_SECURE_COOKIES",
        "DJANGO_HSTS_SECONDS",
        "DJANGO_TRUSTED_PROXIES",
        "DATABASE_URL",
        "CELERY_BROKER_URL",
        "DJANGO_CACHE_URL",
        "GSEF_SESSIONS_BASE_URL",
    }
    result = run(["manage.py", "check", "--deploy"], example)
    assert result.returncode == 0, result.stderr
    warned = set(re.findall(r"^\S*: \((\w+\.W\d+)\)", result.stdout + result.stderr, flags=re.MULTILINE))
    explained = set(re.findall(r"`(\w+\.W\d+)`", explanation))
    assert (warned, explained) == ({"security.W021"}, {"security.W021"})


def test_production_variables_set_the_settings(monkeypatch):
    example, _ = readme_production()
    settings = demo_settings(monkeypatch, **example)
    assert {
        name: settings[name]
        for name in (
            "DEBUG",
            "ALLOWED_HOSTS",
            "CSRF_TRUSTED_ORIGINS",
            "SECURE_SSL_REDIRECT",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "SECURE_HSTS_SECONDS",
            "GSEF_SESSIONS_TRUSTED_PROXIES",
            "SECURE_PROXY_SSL_HEADER",
            "CACHES",
            "CELERY_BROKER_URL",
        )
    } == {
        "DEBUG": False,
        "ALLOWED_HOSTS": ["sessions.example.org"],
        "CSRF_TRUSTED_ORIGINS": ["https://sessions.example.org"],
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "GSEF_SESSIONS_TRUSTED_PROXIES": 1,
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
        "CACHES": {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "redis://redis.example.org:6379/1",
            }
        },
        "CELERY_BROKER_URL": "redis://redis.example.org:6379/0",
    }


def test_without_production_variables_nothing_is_trusted_or_shared(monkeypatch):
    settings = demo_settings(monkeypatch)
    assert settings["GSEF_SESSIONS_TRUSTED_PROXIES"] == 0
    assert "SECURE_PROXY_SSL_HEADER" not in settings
    assert "CACHES" not in settings  # Django's memory cache
    assert (settings["SECURE_SSL_REDIRECT"], settings["SESSION_COOKIE_SECURE"], settings["SECURE_HSTS_SECONDS"]) == (
        False,
        False,
        0,
    )


def test_trusted_proxies_map_to_the_apps_setting(monkeypatch):
    assert demo_settings(monkeypatch, DJANGO_TRUSTED_PROXIES="2")["GSEF_SESSIONS_TRUSTED_PROXIES"] == 2


def test_admins_are_optional_addresses(monkeypatch):
    assert demo_settings(monkeypatch)["ADMINS"] == []
    admins = demo_settings(monkeypatch, DJANGO_ADMINS="ops@example.org, dev@example.org")["ADMINS"]
    expected = ["ops@example.org", "dev@example.org"]
    assert admins == (expected if django.VERSION >= (6, 0) else [(address, address) for address in expected])


LOGGED_500 = """
import django
django.setup()
from django.test import Client, override_settings
from django.urls import path

def fail(request):
    raise RuntimeError("boom, for the log")

urlpatterns = [path("fail/", fail)]
with override_settings(ROOT_URLCONF=__name__):
    response = Client(raise_request_exception=False).get("/fail/")
print(response.status_code, response.content.decode())
"""


def test_server_error_with_debug_off_is_logged_to_stderr_with_its_traceback(tmp_path):
    database = f"sqlite:///{tmp_path}/not-for-visitors.sqlite3"
    result = run(
        ["-c", LOGGED_500],
        {
            "DJANGO_SETTINGS_MODULE": "project.settings",
            "DJANGO_SECRET_KEY": KEY,
            "DATABASE_URL": database,
        },
    )
    assert result.returncode == 0, result.stderr
    status, body = result.stdout.split(" ", 1)
    assert status == "500"
    assert "not-for-visitors" not in body and "boom" not in body  # no debug page
    assert re.search(
        r"^\S+ \S+ ERROR django\.request: Internal Server Error: /fail/\nTraceback \(most recent call last\):\n",
        result.stderr,
        flags=re.MULTILINE,
    ), result.stderr
    assert "\nRuntimeError: boom, for the log\n" in result.stderr


def test_sqlite_opens_transactions_with_the_write_lock(monkeypatch, tmp_path):
    database = demo_settings(monkeypatch, DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3")["DATABASES"]["default"]
    assert database["OPTIONS"] == {"transaction_mode": "IMMEDIATE", "timeout": 20}


@pytest.mark.django_db
def test_concurrent_writes_of_a_report_on_sqlite_are_200_and_412_not_500(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("copies the migrated SQLite test database (the SQLite runs of the suite cover it)")
    # On a file (connections to a database in memory share no file lock), migrated: a copy of the
    # test database, made through its own connection (whose open transaction stops a backup).
    connection.ensure_connection()
    with sqlite3.connect(tmp_path / "db.sqlite3") as copy:
        copy.executescript("\n".join(connection.connection.iterdump()))
    result = run(
        ["-m", "tests.project.sqlite_writers"],
        {
            "DJANGO_SETTINGS_MODULE": "project.settings",
            "DJANGO_SECRET_KEY": KEY,
            "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite3",
            "GSEF_SESSIONS_PDF_ROOT": str(tmp_path / "pdfs"),
        },
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [200, 412], result.stderr
