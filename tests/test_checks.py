from django.core.checks import run_checks

from gsef_sessions.checks import check_deploy, check_settings


def test_check_settings_missing_parler(settings):
    settings.INSTALLED_APPS = [app for app in settings.INSTALLED_APPS if app != "parler"]
    assert [e.id for e in check_settings()] == ["gsef_sessions.E001"]


def test_check_settings_without_use_tz(settings):
    settings.USE_TZ = False
    assert [e.id for e in check_settings()] == ["gsef_sessions.E002"]


def test_check_settings_demo_is_clean():
    assert check_settings() == []


# --- PDFs -------------------------------------------------------------------------------------------

def test_check_settings_pdf_root_inside_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.GSEF_SESSIONS_PDF_ROOT = str(tmp_path / "media" / "pdfs")
    errors = check_settings()
    assert [e.id for e in errors] == ["gsef_sessions.E004"]
    assert "inside MEDIA_ROOT" in errors[0].msg


def test_check_settings_pdf_root_inside_static_root(settings, tmp_path):
    settings.STATIC_ROOT = str(tmp_path / "static")
    settings.GSEF_SESSIONS_PDF_ROOT = str(tmp_path / "static" / "pdfs")
    assert [e.id for e in check_settings()] == ["gsef_sessions.E004"]


def test_check_settings_pdf_root_beside_media_root_is_clean(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.GSEF_SESSIONS_PDF_ROOT = str(tmp_path / "media-pdfs")  # a sibling whose name starts the same
    assert check_settings() == []


def test_check_settings_no_pdf_root_nor_media_root(settings):
    settings.GSEF_SESSIONS_PDF_ROOT = None
    settings.MEDIA_ROOT = ""
    assert [e.id for e in check_settings()] == ["gsef_sessions.E003"]


def test_check_settings_pdf_storage_alias_is_not_checked_for_folders(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {
        **settings.STORAGES,
        "gsef_sessions_pdfs": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    assert check_settings() == []


def test_check_settings_renderer_not_importable(settings):
    settings.GSEF_SESSIONS_PDF_RENDERER = "tests.pdf_renderers.NoSuchRenderer"
    errors = check_settings()
    assert [e.id for e in errors] == ["gsef_sessions.E005"]
    assert errors[0].msg.startswith("GSEF_SESSIONS_PDF_RENDERER cannot be imported: ")


def test_check_settings_renderer_module_missing(settings):
    settings.GSEF_SESSIONS_PDF_RENDERER = "nowhere.Renderer"
    assert [e.id for e in check_settings()] == ["gsef_sessions.E005"]


def test_check_settings_render_time_limit_reaches_visibility_timeout(settings):
    settings.GSEF_SESSIONS_RENDER_TIME_LIMIT = 3590
    settings.GSEF_SESSIONS_BROKER_VISIBILITY_TIMEOUT = 3600
    assert [e.id for e in check_settings()] == ["gsef_sessions.E006"]


def test_check_settings_render_time_limit_below_visibility_timeout_is_clean(settings):
    settings.GSEF_SESSIONS_RENDER_TIME_LIMIT = 3589
    settings.GSEF_SESSIONS_BROKER_VISIBILITY_TIMEOUT = 3600
    assert check_settings() == []


def test_check_settings_broker_visibility_timeout_differs(settings):
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 7200}
    settings.GSEF_SESSIONS_BROKER_VISIBILITY_TIMEOUT = 3600
    errors = check_settings()
    assert [e.id for e in errors] == ["gsef_sessions.E007"]
    assert errors[0].msg == (
        "CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout'] is 7200 s but "
        "GSEF_SESSIONS_BROKER_VISIBILITY_TIMEOUT is 3600 s."
    )


def test_check_settings_broker_without_visibility_timeout_is_clean(settings):
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {}
    assert check_settings() == []


def test_check_deploy_eager_celery_warns_that_pdfs_and_webhooks_need_a_worker(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    [warning] = check_deploy()
    assert (warning.id, warning.msg, warning.hint) == (
        "gsef_sessions.W001",
        "Celery runs tasks eagerly (no broker): every PDF renders inside a web request, and webhooks are "
        "sent only while `manage.py deliver_webhooks --watch` runs.",
        "Set CELERY_BROKER_URL (e.g. redis://…) and run Celery workers and beat: PDFs and webhooks need them.",
    )


def test_check_deploy_with_broker_is_clean(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    assert check_deploy() == []


def test_check_command_deploy_reports_w001(settings, db):  # Django 6's deploy checks read the database
    settings.CELERY_TASK_ALWAYS_EAGER = True
    messages = run_checks(include_deployment_checks=True, tags=None)
    assert "gsef_sessions.W001" in [m.id for m in messages]
    assert "gsef_sessions.W001" not in [m.id for m in run_checks(include_deployment_checks=False)]


def test_check_api_schema_class_missing_is_e008(settings):
    settings.REST_FRAMEWORK = {}
    assert [e.id for e in check_settings()] == ["gsef_sessions.E008"]
