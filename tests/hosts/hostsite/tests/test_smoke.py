"""gsef_sessions, installed from its wheel, inside an existing site (hostsite) that has its own
user model, its own LANGUAGES and mounts the app under /forum/. Run by bin/test (stage "host")
from this directory with the repo root NOT on sys.path; GSEF_FIXTURES_DIR points at fixtures/."""

import io
import os
import sys
import sysconfig
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

REPO_ROOT = Path(__file__).resolve().parents[4]
FIXTURES_DIR = Path(os.environ.get("GSEF_FIXTURES_DIR", REPO_ROOT / "fixtures"))
ADMIN_PASSWORD = "host-admin-pass-2020"


def fixture_files():
    files = sorted(FIXTURES_DIR.glob("*.json"))
    assert files, f"no fixtures in {FIXTURES_DIR}"
    return files


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django migrated a fresh test database; load the GSEF fixtures into it once."""
    with django_db_blocker.unblock():
        call_command("loaddata", *fixture_files(), verbosity=0)


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=out)
    return out.getvalue()


def test_app_is_the_installed_wheel_not_the_source_tree():
    import gsef_sessions

    site_packages = Path(sysconfig.get_paths()["purelib"]).resolve()
    assert Path(gsef_sessions.__file__).resolve().is_relative_to(site_packages)
    assert str(REPO_ROOT) not in sys.path


@pytest.mark.django_db
def test_migrate_has_nothing_left_to_apply():
    out = run("migrate", "--noinput")
    assert "No migrations to apply." in out
    assert "have changes that are not yet reflected" not in out


@pytest.mark.django_db
def test_no_migration_depends_on_host_settings():
    # The host's LANGUAGES and user model differ from the demo's: any field built from them
    # (choices=settings.LANGUAGES, a hard-coded auth.User) shows up here as a change.
    assert run("makemigrations", "--check", "--dry-run") == "No changes detected\n"


@pytest.mark.django_db
def test_app_migrations_create_the_role_groups():
    names = set(Group.objects.filter(name__in=["Rapporteurs", "Organisers"]).values_list("name", flat=True))
    assert names == {"Rapporteurs", "Organisers"}


@pytest.fixture
def superuser_client(client):
    User = get_user_model()
    assert User._meta.label == "accounts.User"
    User.objects.create_superuser(username="host-admin", email="admin@host.example", password=ADMIN_PASSWORD)
    assert client.login(username="host-admin", password=ADMIN_PASSWORD) is True
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/admin/", "/admin/gsef_sessions/session/", "/admin/gsef_sessions/person/"])
def test_admin_pages(superuser_client, url):
    assert superuser_client.get(url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/forum/", "/forum/gsef-2020/", "/forum/gsef-2020/plenary-3/"])
def test_public_pages(client, url):
    assert client.get(url).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "de"])  # de: a host language the app doesn't translate
def test_plenary_3_page_shows_its_title(client, language):
    response = client.get("/forum/gsef-2020/plenary-3/", headers={"accept-language": language})
    assert response.status_code == 200
    assert "New Digitalization Era" in response.content.decode()


@pytest.mark.django_db
def test_plenary_3_pdf_renders_from_the_wheel_and_downloads_under_the_prefix(client, tmp_path, settings):
    settings.GSEF_SESSIONS_PDF_ROOT = str(tmp_path)  # the default (beside MEDIA_ROOT) is checked by E003/E004
    out = run("render_reports", "--forum", "gsef-2020", "--session", "plenary-3", "--sync")
    assert out.strip().splitlines()[-1] == "1 PDF: 1 ready, 0 failed, 0 queued."
    page = client.get("/forum/gsef-2020/plenary-3/").content.decode()
    assert 'href="http://testserver/forum/gsef-2020/plenary-3/report.en.pdf"' in page
    response = client.get("/forum/gsef-2020/plenary-3/report.en.pdf")
    assert (response.status_code, response["Content-Type"], response.getvalue()[:5]) == (
        200,
        "application/pdf",
        b"%PDF-",
    )


@pytest.mark.django_db
def test_api_serves_plenary_3_under_the_hosts_prefix(client):
    response = client.get("/forum-api/sessions/gsef-2020/plenary-3/", headers={"accept": "application/json"})
    assert response.status_code == 200
    body = response.json()
    assert (body["title"], body["url"].endswith("/forum-api/sessions/gsef-2020/plenary-3/")) == (
        "New Digitalization Era and the Future of Work",
        True,
    )
    assert client.get("/forum-api/schema/").status_code == 200


@pytest.mark.django_db
def test_spanish_catalog_ships_in_the_wheel_and_translates_the_page(client):
    import gsef_sessions

    locale = Path(gsef_sessions.__file__).parent / "locale"
    assert sorted(p.relative_to(locale).as_posix() for p in locale.rglob("*.mo")) == [
        "es/LC_MESSAGES/django.mo",
        "fr/LC_MESSAGES/django.mo",
    ]
    page = client.get("/forum/gsef-2020/plenary-3/", headers={"accept-language": "es"}).content.decode()
    assert "Versión 1, última modificación:" in page
