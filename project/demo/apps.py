from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo-only helpers for the demo host site (not part of the reusable app)."""

    name = "project.demo"
    label = "demo"
    default_auto_field = "django.db.models.BigAutoField"
