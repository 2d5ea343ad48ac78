"""Drops 0009's triggers and function: nothing listens for them any more (reports are read through
the cache by version); reversed, they are created again. PostgreSQL only, as 0009 was."""

from importlib import import_module

from django.db import migrations

notifications = import_module("gsef_sessions.migrations.0009_report_state_notifications")


class Migration(migrations.Migration):
    dependencies = [("gsef_sessions", "0014_render_warnings")]

    operations = [migrations.RunPython(notifications.drop, notifications.create)]
