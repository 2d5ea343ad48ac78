"""System checks: misconfigurations an integrator should hear about at startup."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage
from django.utils.module_loading import import_string

from .conf import settings as app_settings
from .domain import queueing


@register()
def check_settings(app_configs=None, **kwargs):
    errors = []
    for app in ("parler", "django_countries"):
        if app not in settings.INSTALLED_APPS:
            errors.append(Error(
                f"gsef_sessions needs '{app}' in INSTALLED_APPS.", id="gsef_sessions.E001",
                hint=f"Add '{app}' to INSTALLED_APPS.",
            ))
    if not getattr(settings, "USE_TZ", False):
        errors.append(Error(
            "gsef_sessions stores session times as aware datetimes and needs USE_TZ = True.",
            id="gsef_sessions.E002",
        ))
    return errors + _check_pdf_storage() + _check_renderer() + _check_time_limits() + _check_api_schema()


def _inside(path, folder):
    return bool(folder) and Path(path).resolve().is_relative_to(Path(folder).resolve())


def _check_pdf_storage():
    from .storage import configured_pdf_storage

    try:
        storage = configured_pdf_storage()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="gsef_sessions.E003")]
    if isinstance(storage, FileSystemStorage):
        for name in ("MEDIA_ROOT", "STATIC_ROOT"):
            if _inside(storage.location, getattr(settings, name, None)):
                return [Error(
                    f"PDFs are kept in {storage.location}, inside {name}: drafts would be web-served.",
                    id="gsef_sessions.E004", hint="Point GSEF_SESSIONS_PDF_ROOT at a folder outside it.",
                )]
    return []


def _check_renderer():
    try:
        import_string(app_settings.PDF_RENDERER)
    except ImportError as exc:
        return [Error(f"GSEF_SESSIONS_PDF_RENDERER cannot be imported: {exc}", id="gsef_sessions.E005")]
    return []


def _check_time_limits():
    limit, visibility = app_settings.RENDER_TIME_LIMIT, app_settings.BROKER_VISIBILITY_TIMEOUT
    errors = []
    if limit + 10 >= visibility:
        errors.append(Error(
            f"GSEF_SESSIONS_RENDER_TIME_LIMIT ({limit} s, + 10 s hard limit) must stay below "
            f"GSEF_SESSIONS_BROKER_VISIBILITY_TIMEOUT ({visibility} s), or Redis gives running renders to a second worker.",
            id="gsef_sessions.E006",
        ))
    configured = (getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", None) or {}).get("visibility_timeout")
    if configured is not None and configured != visibility:
        errors.append(Error(
            f"CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout'] is {configured} s but "
            f"GSEF_SESSIONS_BROKER_VISIBILITY_TIMEOUT is {visibility} s.", id="gsef_sessions.E007",
            hint="Set the transport option from the app's setting (see project/settings.py).",
        ))
    return errors


def _check_api_schema():
    # drf-spectacular reads its schema class from DRF's settings when it documents our views.
    if "drf_spectacular" not in settings.INSTALLED_APPS:
        return []
    configured = (getattr(settings, "REST_FRAMEWORK", None) or {}).get("DEFAULT_SCHEMA_CLASS", "")
    if configured != "drf_spectacular.openapi.AutoSchema":
        return [Error(
            "The API's OpenAPI schema needs drf-spectacular's schema class.", id="gsef_sessions.E008",
            hint='Set REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema", ...}.',
        )]
    return []


@register(deploy=True)
def check_deploy(app_configs=None, **kwargs):
    if queueing.runs_eagerly():
        return [Warning(
            "Celery runs tasks eagerly (no broker): every PDF renders inside a web request, and webhooks are "
            "sent only while `manage.py deliver_webhooks --watch` runs.",
            id="gsef_sessions.W001",
            hint="Set CELERY_BROKER_URL (e.g. redis://…) and run Celery workers and beat: PDFs and webhooks need them.",
        )]
    return []
