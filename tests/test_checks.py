from pathlib import Path

import pytest
from django.core.checks import run_checks
from markdown.extensions.toc import TocExtension

from gsef_sessions.checks import RULES, check_deploy, check_settings
from gsef_sessions.conf import DEFAULTS
from gsef_sessions.pdf.base import BRANDING_DEFAULTS


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
    [error] = check_settings()
    assert (error.id, error.msg, error.hint) == (
        "gsef_sessions.E005",
        "GSEF_SESSIONS_PDF_RENDERER should be the dotted path of a gsef_sessions.pdf.base.Renderer subclass, "
        "not 'tests.pdf_renderers.NoSuchRenderer'.",
        'Importing it failed: Module "tests.pdf_renderers" does not define a "NoSuchRenderer" attribute/class',
    )


def test_check_settings_renderer_module_missing(settings):
    settings.GSEF_SESSIONS_PDF_RENDERER = "nowhere.Renderer"
    [error] = check_settings()
    assert (error.id, error.hint) == ("gsef_sessions.E005", "Importing it failed: No module named 'nowhere'")


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


# --- Each setting's type ----------------------------------------------------------------------------

# A wrong value of every setting, with the one error it gives.
WRONG_VALUES = {
    "BASE_URL": (
        "forum.example.org",
        "gsef_sessions.E014",
        "GSEF_SESSIONS_BASE_URL should be an absolute http or https URL such as 'https://forum.example.org', "
        "not 'forum.example.org'.",
    ),
    "DEFAULT_SLOT_MINUTES": (
        0,
        "gsef_sessions.E010",
        "GSEF_SESSIONS_DEFAULT_SLOT_MINUTES should be a positive integer (minutes), not 0.",
    ),
    "MARKDOWN_EXTENSIONS": (
        "extra",
        "gsef_sessions.E013",
        "GSEF_SESSIONS_MARKDOWN_EXTENSIONS should be a list of Markdown extension names (or Extension instances), "
        "not 'extra'.",
    ),
    "ALLOWED_TAGS": (
        ["p", 1],
        "gsef_sessions.E013",
        "GSEF_SESSIONS_ALLOWED_TAGS should be a list of strings, not ['p', 1].",
    ),
    "PDF_RENDERER": (
        "gsef_sessions.pdf.base.PDF",
        "gsef_sessions.E005",
        "GSEF_SESSIONS_PDF_RENDERER should be the dotted path of a gsef_sessions.pdf.base.Renderer subclass, "
        "not 'gsef_sessions.pdf.base.PDF'.",
    ),
    "PDF_BRANDING": (
        {"primary_color": "navy"},
        "gsef_sessions.E016",
        "GSEF_SESSIONS_PDF_BRANDING['primary_color'] should be a colour such as '#1f4e79', not 'navy'.",
    ),
    "PDF_STORAGE_ALIAS": (
        "",
        "gsef_sessions.E012",
        "GSEF_SESSIONS_PDF_STORAGE_ALIAS should be a non-empty string, not ''.",
    ),
    "PDF_ROOT": (
        42,
        "gsef_sessions.E012",
        "GSEF_SESSIONS_PDF_ROOT should be a folder's path (str or pathlib.Path), or None, not 42.",
    ),
    "PDF_REDIRECT": (
        "yes",
        "gsef_sessions.E009",
        "GSEF_SESSIONS_PDF_REDIRECT should be True or False, not 'yes'.",
    ),
    "RENDER_TIME_LIMIT": (
        "120",
        "gsef_sessions.E010",
        "GSEF_SESSIONS_RENDER_TIME_LIMIT should be a positive integer (seconds), not '120'.",
    ),
    "BROKER_VISIBILITY_TIMEOUT": (
        3600.0,
        "gsef_sessions.E010",
        "GSEF_SESSIONS_BROKER_VISIBILITY_TIMEOUT should be a positive integer (seconds), not 3600.0.",
    ),
    "RENDER_MAX_ATTEMPTS": (
        True,  # bool is an int, and must not pass for 1
        "gsef_sessions.E010",
        "GSEF_SESSIONS_RENDER_MAX_ATTEMPTS should be a positive integer (attempts), not True.",
    ),
    "REQUEUE_AFTER": (
        -1,
        "gsef_sessions.E010",
        "GSEF_SESSIONS_REQUEUE_AFTER should be a positive integer (seconds), not -1.",
    ),
    "REQUEUE_INTERVAL": (
        0.0,
        "gsef_sessions.E011",
        "GSEF_SESSIONS_REQUEUE_INTERVAL should be a positive number (seconds), not 0.0.",
    ),
    "PUBLISH_MAX_RETRIES": (
        -1,
        "gsef_sessions.E010",
        "GSEF_SESSIONS_PUBLISH_MAX_RETRIES should be a non-negative integer (retries), not -1.",
    ),
    "PDF_RETRY_AFTER": (
        2.5,
        "gsef_sessions.E010",
        "GSEF_SESSIONS_PDF_RETRY_AFTER should be a positive integer (seconds), not 2.5.",
    ),
    "API_PAGE_SIZE": (
        None,
        "gsef_sessions.E010",
        "GSEF_SESSIONS_API_PAGE_SIZE should be a positive integer (items), not None.",
    ),
    "API_MAX_PAGE_SIZE": (
        "200",
        "gsef_sessions.E010",
        "GSEF_SESSIONS_API_MAX_PAGE_SIZE should be a positive integer (items), not '200'.",
    ),
    "API_THROTTLE_RATES": (
        {"read": "100 per hour"},
        "gsef_sessions.E015",
        "GSEF_SESSIONS_API_THROTTLE_RATES['read'] should be a rate such as '100/hour' (per second, minute, hour "
        "or day), or None for no limit, not '100 per hour'.",
    ),
    "TRUSTED_PROXIES": (
        False,
        "gsef_sessions.E010",
        "GSEF_SESSIONS_TRUSTED_PROXIES should be a non-negative integer (proxies), not False.",
    ),
    "API_CACHE_CONTROL": (
        None,
        "gsef_sessions.E012",
        "GSEF_SESSIONS_API_CACHE_CONTROL should be a non-empty string, not None.",
    ),
    "API_REPORT_CACHE_SECONDS": (
        -60,
        "gsef_sessions.E010",
        "GSEF_SESSIONS_API_REPORT_CACHE_SECONDS should be a non-negative integer (seconds), not -60.",
    ),
    "PAGE_CACHE_CONTROL": (
        "",
        "gsef_sessions.E012",
        "GSEF_SESSIONS_PAGE_CACHE_CONTROL should be a non-empty string, not ''.",
    ),
    "PAGE_CACHE_SECONDS": (
        1.5,
        "gsef_sessions.E010",
        "GSEF_SESSIONS_PAGE_CACHE_SECONDS should be a non-negative integer (seconds), not 1.5.",
    ),
    "API_MAX_BODY_BYTES": (
        "4MB",
        "gsef_sessions.E010",
        "GSEF_SESSIONS_API_MAX_BODY_BYTES should be a positive integer (bytes), not '4MB'.",
    ),
    "WEBHOOK_TIMEOUT": (
        0,
        "gsef_sessions.E011",
        "GSEF_SESSIONS_WEBHOOK_TIMEOUT should be a positive number (seconds), not 0.",
    ),
    "WEBHOOK_MAX_ATTEMPTS": (
        0,
        "gsef_sessions.E010",
        "GSEF_SESSIONS_WEBHOOK_MAX_ATTEMPTS should be a positive integer (attempts), not 0.",
    ),
    "WEBHOOK_RETRY_DELAY": (
        -0.5,
        "gsef_sessions.E011",
        "GSEF_SESSIONS_WEBHOOK_RETRY_DELAY should be a non-negative number (seconds), not -0.5.",
    ),
    "WEBHOOK_MAX_RETRY_DELAY": (
        "30m",
        "gsef_sessions.E011",
        "GSEF_SESSIONS_WEBHOOK_MAX_RETRY_DELAY should be a positive number (seconds), not '30m'.",
    ),
    "WEBHOOK_HTTP_HOSTS": (
        "localhost",  # a string is not a list of them
        "gsef_sessions.E013",
        "GSEF_SESSIONS_WEBHOOK_HTTP_HOSTS should be a list of strings, not 'localhost'.",
    ),
    "WEBHOOK_ALLOW_PRIVATE": (
        1,
        "gsef_sessions.E009",
        "GSEF_SESSIONS_WEBHOOK_ALLOW_PRIVATE should be True or False, not 1.",
    ),
    "WEBHOOK_LOG_DAYS": (
        0,
        "gsef_sessions.E010",
        "GSEF_SESSIONS_WEBHOOK_LOG_DAYS should be a positive integer (days), not 0.",
    ),
    "UPLOAD_MAX_BYTES": (
        5.5e6,
        "gsef_sessions.E010",
        "GSEF_SESSIONS_UPLOAD_MAX_BYTES should be a positive integer (bytes), not 5500000.0.",
    ),
    "MATERIAL_MAX_BYTES": (
        "50M",
        "gsef_sessions.E010",
        "GSEF_SESSIONS_MATERIAL_MAX_BYTES should be a positive integer (bytes), not '50M'.",
    ),
    "IMPORT_MAX_BYTES": (
        "10M",
        "gsef_sessions.E010",
        "GSEF_SESSIONS_IMPORT_MAX_BYTES should be a positive integer (bytes), not '10M'.",
    ),
    "ATTENDANCE_MAX_BYTES": (
        -1,
        "gsef_sessions.E010",
        "GSEF_SESSIONS_ATTENDANCE_MAX_BYTES should be a positive integer (bytes), not -1.",
    ),
    "ATTENDANCE_REQUEUE_AFTER": (
        "15m",
        "gsef_sessions.E010",
        "GSEF_SESSIONS_ATTENDANCE_REQUEUE_AFTER should be a positive integer (seconds), not '15m'.",
    ),
    "UPLOAD_MAX_PIXELS": (
        "25M",
        "gsef_sessions.E010",
        "GSEF_SESSIONS_UPLOAD_MAX_PIXELS should be a positive integer (pixels, width × height), not '25M'.",
    ),
}


def test_rules_cover_every_setting():
    assert RULES.keys() == DEFAULTS.keys()
    assert WRONG_VALUES.keys() == DEFAULTS.keys()


@pytest.mark.parametrize("name", WRONG_VALUES)
def test_check_settings_wrong_type_names_setting_expected_and_value(settings, name):
    value, check_id, message = WRONG_VALUES[name]
    setattr(settings, f"GSEF_SESSIONS_{name}", value)
    assert [(e.id, e.msg) for e in check_settings()] == [(check_id, message)]


@pytest.mark.parametrize("name", DEFAULTS)
def test_rules_default_is_clean(name):
    assert RULES[name](f"GSEF_SESSIONS_{name}", DEFAULTS[name]) == []


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("BASE_URL", "https://forum.example.org/sessions/"),
        ("PDF_ROOT", Path("/srv/pdfs")),
        ("REQUEUE_INTERVAL", 60.0),  # the demo reads it from the environment with float()
        ("WEBHOOK_TIMEOUT", 0.5),
        ("WEBHOOK_RETRY_DELAY", 0),
        ("TRUSTED_PROXIES", 0),
        ("API_THROTTLE_RATES", {"anon": None, "read": "5/s", "export": "1/day"}),
        ("PDF_BRANDING", BRANDING_DEFAULTS),
        ("PDF_BRANDING", {"logo": Path("/srv/logo.png"), "font_paths": [Path("/srv/fonts"), "/usr/share/fonts"]}),
        ("MARKDOWN_EXTENSIONS", ["extra", TocExtension()]),
    ],
)
def test_rules_accept_other_right_values(name, value):
    assert RULES[name](f"GSEF_SESSIONS_{name}", value) == []


def test_check_settings_throttle_rates_unknown_scope(settings):
    settings.GSEF_SESSIONS_API_THROTTLE_RATES = {"anonymous": "10/minute"}
    assert [(e.id, e.msg) for e in check_settings()] == [
        (
            "gsef_sessions.E015",
            "GSEF_SESSIONS_API_THROTTLE_RATES has an unknown scope 'anonymous'; the scopes are 'anon', 'read', "
            "'export'.",
        )
    ]


def test_check_settings_throttle_rates_not_a_dict(settings):
    settings.GSEF_SESSIONS_API_THROTTLE_RATES = "100/hour"
    assert [(e.id, e.msg) for e in check_settings()] == [
        (
            "gsef_sessions.E015",
            "GSEF_SESSIONS_API_THROTTLE_RATES should be a dict of rates by scope ('anon', 'read', 'export'), "
            "not '100/hour'.",
        )
    ]


def test_check_settings_branding_unknown_key(settings):
    settings.GSEF_SESSIONS_PDF_BRANDING = {"colour": "#000000"}
    assert [(e.id, e.msg) for e in check_settings()] == [
        (
            "gsef_sessions.E016",
            "GSEF_SESSIONS_PDF_BRANDING has an unknown key 'colour'; the keys are 'logo', 'primary_color', "
            "'accent_color', 'font', 'font_paths', 'fallback_fonts'.",
        )
    ]


def test_check_settings_branding_fallback_fonts_not_lists(settings):
    settings.GSEF_SESSIONS_PDF_BRANDING = {"fallback_fonts": {"arabic": "Noto Naskh Arabic"}}
    assert [(e.id, e.msg) for e in check_settings()] == [
        (
            "gsef_sessions.E016",
            "GSEF_SESSIONS_PDF_BRANDING['fallback_fonts'] should be a dict of lists of font families by script, "
            "such as {'arabic': ['Noto Naskh Arabic']}, not {'arabic': 'Noto Naskh Arabic'}.",
        )
    ]


def test_check_settings_wrong_time_limit_skips_comparing_it(settings):
    settings.GSEF_SESSIONS_RENDER_TIME_LIMIT = "3600"  # compared with the visibility timeout, it would raise
    assert [e.id for e in check_settings()] == ["gsef_sessions.E010"]


def test_check_settings_broker_without_base_url_is_e017(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    if hasattr(settings, "GSEF_SESSIONS_BASE_URL"):
        del settings.GSEF_SESSIONS_BASE_URL
    assert [error.id for error in check_settings() if error.id == "gsef_sessions.E017"] == ["gsef_sessions.E017"]
    settings.GSEF_SESSIONS_BASE_URL = "https://forum.example.org"
    assert [error.id for error in check_settings() if error.id == "gsef_sessions.E017"] == []
