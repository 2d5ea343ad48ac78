"""System checks: misconfigurations an integrator should hear about at startup.

Every ``GSEF_SESSIONS_*`` setting has a rule in ``RULES``, keyed like ``conf.DEFAULTS`` (a test holds
the two together). A value that breaks its rule is an error naming the setting, what it should be and
what it is; the checks that compute with a setting skip it until it has the right type.

Ids, one per kind of problem:

- E001 an app we need is not in INSTALLED_APPS; E002 USE_TZ is off.
- E003 no folder for PDFs; E004 PDFs kept inside MEDIA_ROOT or STATIC_ROOT.
- E005 PDF_RENDERER is not the dotted path of an importable Renderer subclass.
- E006 RENDER_TIME_LIMIT reaches BROKER_VISIBILITY_TIMEOUT; E007 Celery's visibility timeout differs.
- E008 DRF's schema class is not drf-spectacular's.
- E009 not a bool.
- E010 not a positive (or non-negative) integer; E011 not a positive (or non-negative) number.
- E012 not a string or a path; E013 not a list of strings.
- E014 BASE_URL is not an absolute http(s) URL.
- E015 API_THROTTLE_RATES is not a dict of DRF rates by scope.
- E016 PDF_BRANDING does not match ``pdf.base.BRANDING_DEFAULTS``.
- E017 a broker is configured but BASE_URL is not set (workers and cached answers link with it).
- W001 (deploy) Celery runs tasks eagerly.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage
from django.utils.module_loading import import_string
from markdown import Extension

from .conf import DEFAULTS
from .conf import settings as app_settings
from .domain import queueing
from .pdf.base import BRANDING_DEFAULTS, Renderer
from .storage import configured_pdf_storage


@register()
def check_settings(app_configs=None, **kwargs):
    errors = []
    for app in ("parler", "django_countries"):
        if app not in settings.INSTALLED_APPS:
            errors.append(
                Error(
                    f"gsef_sessions needs '{app}' in INSTALLED_APPS.",
                    id="gsef_sessions.E001",
                    hint=f"Add '{app}' to INSTALLED_APPS.",
                )
            )
    if not getattr(settings, "USE_TZ", False):
        errors.append(
            Error(
                "gsef_sessions stores session times as aware datetimes and needs USE_TZ = True.",
                id="gsef_sessions.E002",
            )
        )
    found = {name: rule(f"GSEF_SESSIONS_{name}", getattr(app_settings, name)) for name, rule in RULES.items()}
    errors += [error for name_errors in found.values() for error in name_errors]
    wrong = {name for name, name_errors in found.items() if name_errors}
    if not wrong & {"PDF_ROOT", "PDF_STORAGE_ALIAS"}:
        errors += _check_pdf_storage()
    if not wrong & {"RENDER_TIME_LIMIT", "BROKER_VISIBILITY_TIMEOUT"}:
        errors += _check_time_limits()
    return errors + _check_api_schema() + _check_base_url()


# --- Each setting's type ------------------------------------------------------------------------------
# A rule takes the setting's name and value and returns its errors (none when the value is right).


def _wrong(setting, expected, value, check_id, hint=None):
    return Error(f"{setting} should be {expected}, not {value!r}.", id=check_id, hint=hint)


def _rule(check_id, expected, accepts):
    return lambda setting, value: [] if accepts(value) else [_wrong(setting, expected, value, check_id)]


def _amount(unit, *, whole=True, zero=False):
    """A positive integer or number, or with ``zero`` a non-negative one."""
    types = int if whole else (int, float)

    def accepts(value):
        # bool is a subclass of int: True must not pass for 1.
        return isinstance(value, types) and not isinstance(value, bool) and (value >= 0 if zero else value > 0)

    expected = f"{'a non-negative' if zero else 'a positive'} {'integer' if whole else 'number'} ({unit})"
    return _rule("gsef_sessions.E010" if whole else "gsef_sessions.E011", expected, accepts)


def _is_path(value):
    return isinstance(value, (str, os.PathLike))


def _is_list(value, accepts):
    return isinstance(value, (list, tuple)) and all(accepts(item) for item in value)


def _is_str(value):
    return isinstance(value, str)


def _is_absolute_url(value):
    if not _is_str(value):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _renderer(setting, value):
    expected = "the dotted path of a gsef_sessions.pdf.base.Renderer subclass"
    if not _is_str(value):
        return [_wrong(setting, expected, value, "gsef_sessions.E005")]
    try:
        found = import_string(value)
    except ImportError as exc:
        return [_wrong(setting, expected, value, "gsef_sessions.E005", hint=f"Importing it failed: {exc}")]
    if isinstance(found, type) and issubclass(found, Renderer):
        return []
    return [_wrong(setting, expected, value, "gsef_sessions.E005")]


# DRF's rate format (SimpleRateThrottle.parse_rate reads the period's first letter).
_RATE = re.compile(r"\d+/(s|sec|second|m|min|minute|h|hour|d|day)")


def _throttle_rates(setting, value):
    scopes = DEFAULTS["API_THROTTLE_RATES"]  # every scope the API's throttles read
    names = ", ".join(map(repr, scopes))
    if not isinstance(value, dict):
        return [_wrong(setting, f"a dict of rates by scope ({names})", value, "gsef_sessions.E015")]
    errors = []
    for scope, rate in value.items():
        if scope not in scopes:
            errors.append(
                Error(f"{setting} has an unknown scope {scope!r}; the scopes are {names}.", id="gsef_sessions.E015")
            )
        elif rate is not None and not (_is_str(rate) and _RATE.fullmatch(rate)):
            expected = "a rate such as '100/hour' (per second, minute, hour or day), or None for no limit"
            errors.append(_wrong(f"{setting}[{scope!r}]", expected, rate, "gsef_sessions.E015"))
    return errors


# The colours both engines read: Typst's rgb() and CSS take these forms.
_COLOUR = re.compile(r"#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}")


def _is_colour(value):
    return _is_str(value) and bool(_COLOUR.fullmatch(value))


_BRANDING = {
    "logo": ("a file's path, or '' for none", lambda value: not value or _is_path(value)),
    "primary_color": ("a colour such as '#1f4e79'", _is_colour),
    "accent_color": ("a colour such as '#c8102e'", _is_colour),
    "font": ("a font family's name, or '' for the engine's own", _is_str),
    "font_paths": ("a list of paths of font files or folders", lambda value: _is_list(value, _is_path)),
    "fallback_fonts": (
        "a dict of lists of font families by script, such as {'arabic': ['Noto Naskh Arabic']}",
        lambda value: (
            isinstance(value, dict)
            and all(_is_str(script) and _is_list(families, _is_str) for script, families in value.items())
        ),
    ),
}


def _branding(setting, value):
    keys = ", ".join(map(repr, BRANDING_DEFAULTS))
    if not isinstance(value, dict):
        return [_wrong(setting, f"a dict with some of the keys {keys}", value, "gsef_sessions.E016")]
    errors = []
    for key, item in value.items():
        if key not in _BRANDING:
            errors.append(Error(f"{setting} has an unknown key {key!r}; the keys are {keys}.", id="gsef_sessions.E016"))
        elif not _BRANDING[key][1](item):
            errors.append(_wrong(f"{setting}[{key!r}]", _BRANDING[key][0], item, "gsef_sessions.E016"))
    return errors


_BOOL = _rule("gsef_sessions.E009", "True or False", lambda value: isinstance(value, bool))
_TEXT = _rule("gsef_sessions.E012", "a non-empty string", lambda value: _is_str(value) and value != "")
_STRINGS = _rule("gsef_sessions.E013", "a list of strings", lambda value: _is_list(value, _is_str))

RULES = {
    "BASE_URL": _rule(
        "gsef_sessions.E014", "an absolute http or https URL such as 'https://forum.example.org'", _is_absolute_url
    ),
    "DEFAULT_SLOT_MINUTES": _amount("minutes"),
    "MARKDOWN_EXTENSIONS": _rule(
        "gsef_sessions.E013",
        "a list of Markdown extension names (or Extension instances)",
        lambda value: _is_list(value, lambda item: isinstance(item, (str, Extension))),
    ),
    "ALLOWED_TAGS": _STRINGS,
    "PDF_RENDERER": _renderer,
    "PDF_BRANDING": _branding,
    "PDF_STORAGE_ALIAS": _TEXT,
    "PDF_ROOT": _rule(
        "gsef_sessions.E012",
        "a folder's path (str or pathlib.Path), or None",
        lambda value: value is None or _is_path(value),
    ),
    "PDF_REDIRECT": _BOOL,
    "RENDER_TIME_LIMIT": _amount("seconds"),
    "BROKER_VISIBILITY_TIMEOUT": _amount("seconds"),
    "RENDER_MAX_ATTEMPTS": _amount("attempts"),
    "REQUEUE_AFTER": _amount("seconds"),
    "REQUEUE_INTERVAL": _amount("seconds", whole=False),
    "PUBLISH_MAX_RETRIES": _amount("retries", zero=True),
    "PDF_RETRY_AFTER": _amount("seconds"),  # an HTTP Retry-After: whole seconds
    "API_PAGE_SIZE": _amount("items"),
    "API_MAX_PAGE_SIZE": _amount("items"),
    "API_THROTTLE_RATES": _throttle_rates,
    "TRUSTED_PROXIES": _amount("proxies", zero=True),
    "API_CACHE_CONTROL": _TEXT,
    "API_REPORT_CACHE_SECONDS": _amount("seconds", zero=True),
    "PAGE_CACHE_CONTROL": _TEXT,
    "PAGE_CACHE_SECONDS": _amount("seconds", zero=True),
    "API_MAX_BODY_BYTES": _amount("bytes"),
    "WEBHOOK_TIMEOUT": _amount("seconds", whole=False),
    "WEBHOOK_MAX_ATTEMPTS": _amount("attempts"),
    "WEBHOOK_RETRY_DELAY": _amount("seconds", whole=False, zero=True),
    "WEBHOOK_MAX_RETRY_DELAY": _amount("seconds", whole=False),
    "WEBHOOK_HTTP_HOSTS": _STRINGS,
    "WEBHOOK_ALLOW_PRIVATE": _BOOL,
    "WEBHOOK_LOG_DAYS": _amount("days"),
    "UPLOAD_MAX_BYTES": _amount("bytes"),
    "MATERIAL_MAX_BYTES": _amount("bytes"),
    "IMPORT_MAX_BYTES": _amount("bytes"),
    "ATTENDANCE_MAX_BYTES": _amount("bytes"),
    "ATTENDANCE_REQUEUE_AFTER": _amount("seconds"),
    "UPLOAD_MAX_PIXELS": _amount("pixels, width × height"),
}


# --- Settings together --------------------------------------------------------------------------------


def _inside(path, folder):
    return bool(folder) and Path(path).resolve().is_relative_to(Path(folder).resolve())


def _check_pdf_storage():
    try:
        storage = configured_pdf_storage()
    except ImproperlyConfigured as exc:
        return [Error(str(exc), id="gsef_sessions.E003")]
    if isinstance(storage, FileSystemStorage):
        for name in ("MEDIA_ROOT", "STATIC_ROOT"):
            if _inside(storage.location, getattr(settings, name, None)):
                return [
                    Error(
                        f"PDFs are kept in {storage.location}, inside {name}: drafts would be web-served.",
                        id="gsef_sessions.E004",
                        hint="Point GSEF_SESSIONS_PDF_ROOT at a folder outside it.",
                    )
                ]
    return []


def _check_time_limits():
    limit, visibility = app_settings.RENDER_TIME_LIMIT, app_settings.BROKER_VISIBILITY_TIMEOUT
    errors = []
    if limit + 10 >= visibility:
        errors.append(
            Error(
                f"GSEF_SESSIONS_RENDER_TIME_LIMIT ({limit} s, + 10 s hard limit) must stay below "
                f"GSEF_SESSIONS_BROKER_VISIBILITY_TIMEOUT ({visibility} s), "
                "or Redis gives running renders to a second worker.",
                id="gsef_sessions.E006",
            )
        )
    configured = (getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", None) or {}).get("visibility_timeout")
    if configured is not None and configured != visibility:
        errors.append(
            Error(
                f"CELERY_BROKER_TRANSPORT_OPTIONS['visibility_timeout'] is {configured} s but "
                f"GSEF_SESSIONS_BROKER_VISIBILITY_TIMEOUT is {visibility} s.",
                id="gsef_sessions.E007",
                hint="Set the transport option from the app's setting (see project/settings.py).",
            )
        )
    return errors


def _check_api_schema():
    # drf-spectacular reads its schema class from DRF's settings when it documents our views.
    if "drf_spectacular" not in settings.INSTALLED_APPS:
        return []
    configured = (getattr(settings, "REST_FRAMEWORK", None) or {}).get("DEFAULT_SCHEMA_CLASS", "")
    if configured != "drf_spectacular.openapi.AutoSchema":
        return [
            Error(
                "The API's OpenAPI schema needs drf-spectacular's schema class.",
                id="gsef_sessions.E008",
                hint='Set REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema", ...}.',
            )
        ]
    return []


def _check_base_url():
    # Workers (PDFs, webhooks) and cached bodies build absolute links without a request: with a
    # broker they run elsewhere, and a default origin would send readers to the wrong site.
    if queueing.runs_eagerly() or hasattr(settings, "GSEF_SESSIONS_BASE_URL"):
        return []
    return [
        Error(
            "GSEF_SESSIONS_BASE_URL is not set, and Celery has a broker: workers, webhooks and cached answers "
            f"would link to {DEFAULTS['BASE_URL']}.",
            id="gsef_sessions.E017",
            hint="Set GSEF_SESSIONS_BASE_URL to the site's public origin, e.g. https://forum.example.org.",
        )
    ]


@register(deploy=True)
def check_deploy(app_configs=None, **kwargs):
    if queueing.runs_eagerly():
        return [
            Warning(
                "Celery runs tasks eagerly (no broker): every PDF renders inside a web request, and webhooks are "
                "sent only while `manage.py deliver_webhooks --watch` runs.",
                id="gsef_sessions.W001",
                hint="Set CELERY_BROKER_URL (e.g. redis://…) and run Celery workers and beat: "
                "PDFs and webhooks need them.",
            )
        ]
    return []
