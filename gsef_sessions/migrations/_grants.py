"""Granting the working groups the permissions of models a migration adds (not a migration itself:
the loader skips modules whose names start with an underscore)."""

from django.contrib.auth.management import create_permissions


def grant(apps, grants):
    """Give each group of ``grants`` (``{group name: [codename, …]}``) those permissions, creating the
    group where it does not exist."""
    # Permissions are normally made after migrate; the groups need them now.
    app_config = apps.get_app_config("gsef_sessions")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in grants.items():
        group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=name)
        permissions = Permission.objects.filter(content_type__app_label="gsef_sessions", codename__in=codenames)
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Missing permissions: {sorted(missing)}")
        group.permissions.add(*permissions)
