from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GsefSessionsConfig(AppConfig):
    name = "gsef_sessions"
    verbose_name = _("Forum session reports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Imported for their side effects: registering checks and signal receivers.
        from . import (
            checks,  # noqa: F401
            receivers,  # noqa: F401
        )
