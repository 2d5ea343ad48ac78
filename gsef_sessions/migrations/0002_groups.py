"""The two working groups: rapporteurs write reports, organisers also publish them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

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
    # Permissions are normally made after migrate; these groups need them now.
    app_config = apps.get_app_config("gsef_sessions")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        perms = Permission.objects.filter(content_type__app_label="gsef_sessions", codename__in=codenames)
        missing = set(codenames) - set(perms.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Missing permissions: {sorted(missing)}")
        group.permissions.add(*perms)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("gsef_sessions", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
