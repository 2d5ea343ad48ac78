"""System checks: misconfigurations an integrator should hear about at startup."""

from django.conf import settings
from django.core.checks import Error, register


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
    return errors
