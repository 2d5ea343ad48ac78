"""A participant's role becomes one of its forum's roles (a foreign key) instead of a fixed choice;
its history keeps the role each version had."""

import django.db.models.deletion
from django.db import migrations, models



def to_forum_roles(apps, schema_editor):
    Role = apps.get_model("gsef_sessions", "ParticipantRole")
    roles = {(forum_id, slug): pk for pk, forum_id, slug in Role.objects.values_list("pk", "forum_id", "slug")}
    Participation = apps.get_model("gsef_sessions", "Participation")
    for pk, forum_id, slug in Participation.objects.values_list("pk", "session__forum_id", "role_slug"):
        Participation.objects.filter(pk=pk).update(role_id=roles[forum_id, slug])
    # A version of a deleted session keeps no role: its forum's roles are no longer known.
    Session = apps.get_model("gsef_sessions", "Session")
    forums = dict(Session.objects.values_list("pk", "forum_id"))
    History = apps.get_model("gsef_sessions", "HistoricalParticipation")
    for pk, session_id, slug in History.objects.values_list("pk", "report_session_id", "role_slug"):
        History.objects.filter(pk=pk).update(role_id=roles.get((forums.get(session_id), slug)))


class Migration(migrations.Migration):
    dependencies = [("gsef_sessions", "0018_participant_roles")]

    operations = [
        migrations.RemoveConstraint(model_name="participation", name="gsef_participation_unique_role"),
        migrations.RemoveConstraint(model_name="participation", name="gsef_participation_unique_order"),
        migrations.RenameField(model_name="participation", old_name="role", new_name="role_slug"),
        migrations.RenameField(model_name="historicalparticipation", old_name="role", new_name="role_slug"),
        migrations.AddField(
            model_name="participation",
            name="role",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="participations",
                to="gsef_sessions.participantrole",
                verbose_name="role",
            ),
        ),
        migrations.AddField(
            model_name="historicalparticipation",
            name="role",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="gsef_sessions.participantrole",
                verbose_name="role",
            ),
        ),
        migrations.RunPython(to_forum_roles, migrations.RunPython.noop),
        migrations.RemoveField(model_name="participation", name="role_slug"),
        migrations.RemoveField(model_name="historicalparticipation", name="role_slug"),
        migrations.AlterField(
            model_name="participation",
            name="role",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="participations",
                to="gsef_sessions.participantrole",
                verbose_name="role",
            ),
        ),
        migrations.AlterModelOptions(
            name="participation",
            options={
                "ordering": ["session", "role__order", "order"],
                "verbose_name": "participant",
                "verbose_name_plural": "participants",
            },
        ),
        migrations.AddConstraint(
            model_name="participation",
            constraint=models.UniqueConstraint(
                fields=("session", "person", "role"),
                name="gsef_participation_unique_role",
                violation_error_message="This person already holds this role in this session.",
            ),
        ),
        migrations.AddConstraint(
            model_name="participation",
            constraint=models.UniqueConstraint(
                fields=("session", "role", "order"),
                name="gsef_participation_unique_order",
                violation_error_message="Two participants in the same role have the same order.",
            ),
        ),
    ]
