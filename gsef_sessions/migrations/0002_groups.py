"""The two working groups: rapporteurs write reports, organisers also publish them."""

from django.db import migrations

from ._grants import grant

PARTS = [
    "participation", "round", "guidingquestion", "contribution", "point", "audiencequestion",
    "attendancecount", "sessionsponsor",
]
RAPPORTEUR = (
    ["view_forum", "view_sessionkind", "view_session", "change_session"]
    + ["view_organisation", "add_organisation", "view_person", "add_person", "change_person"]
    + [f"{action}_{model}" for model in PARTS for action in ("view", "add", "change", "delete")]
)
ORGANISER = RAPPORTEUR + [
    "change_forum", "add_sessionkind", "change_sessionkind", "add_session", "delete_session",
    "change_organisation", "view_forumpartner", "add_forumpartner", "change_forumpartner",
    "delete_forumpartner", "publish_session",
]
GROUPS = {"Rapporteurs": RAPPORTEUR, "Organisers": ORGANISER}


def create_groups(apps, schema_editor):
    grant(apps, GROUPS)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("gsef_sessions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
