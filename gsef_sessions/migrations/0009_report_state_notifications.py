"""PostgreSQL triggers that NOTIFY gsef_sessions_reports after every statement on the tables a
report's state is read from (api/report_states.py); nothing on other databases."""

from django.db import migrations

CHANNEL = "gsef_sessions_reports"  # api.report_states.CHANNEL, as it was when this was written
FUNCTION = "gsef_sessions_notify_reports"
MODELS = ["session", "sessiontranslation", "forum", "render"]


def _tables(apps):
    return [apps.get_model("gsef_sessions", name)._meta.db_table for name in MODELS]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN PERFORM pg_notify('{CHANNEL}', TG_TABLE_NAME); RETURN NULL; END $$"
    )
    for table in _tables(apps):
        schema_editor.execute(
            f'CREATE TRIGGER {FUNCTION} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "{table}" '
            f"FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in _tables(apps):
        schema_editor.execute(f'DROP TRIGGER IF EXISTS {FUNCTION} ON "{table}"')
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")


class Migration(migrations.Migration):

    dependencies = [("gsef_sessions", "0008_guidingquestion_uuid")]

    operations = [migrations.RunPython(create, drop)]
