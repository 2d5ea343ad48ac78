"""Guiding questions get a UUID and change times, like the other parts of a report.

A unique field cannot be added to existing rows with one default (Django's "Migrations that add
unique fields"): it is added nullable, filled with a UUID per row, then made unique. Historical
rows get their question's UUID, so a revert brings a question back with its id."""

import uuid

import django.utils.timezone
from django.db import migrations, models
from django.db.models import Min


def fill(apps, schema_editor):
    db = schema_editor.connection.alias
    Question = apps.get_model("gsef_sessions", "GuidingQuestion")
    History = apps.get_model("gsef_sessions", "HistoricalGuidingQuestion")
    # A question created once history was kept was created when it was first recorded.
    first_recorded = dict(History.objects.using(db).values_list("id").annotate(first=Min("history_date")).order_by())
    uuids = {}
    questions = list(Question.objects.using(db).only("pk", "created_at"))
    for question in questions:
        question.uuid = uuids[question.pk] = uuid.uuid4()
        question.created_at = first_recorded.get(question.pk, question.created_at)
    Question.objects.using(db).bulk_update(questions, ["uuid", "created_at"], batch_size=500)
    for pk, first in first_recorded.items():  # deleted questions' rows too: one id each
        History.objects.using(db).filter(id=pk).update(uuid=uuids.get(pk) or uuid.uuid4(), created_at=first)


class Migration(migrations.Migration):

    dependencies = [
        ("gsef_sessions", "0007_session_listing_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="guidingquestion",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, null=True, verbose_name="UUID"),
        ),
        migrations.AddField(
            model_name="guidingquestion",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name="created at"),
        ),
        migrations.AddField(
            model_name="guidingquestion",
            name="updated_at",
            field=models.DateTimeField(auto_now=True, verbose_name="updated at"),
        ),
        migrations.AddField(
            model_name="historicalguidingquestion",
            name="uuid",
            field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False, null=True, verbose_name="UUID"),
        ),
        migrations.AddField(
            model_name="historicalguidingquestion",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name="created at"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="guidingquestion",
            name="uuid",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True, verbose_name="UUID"),
        ),
        migrations.AlterField(
            model_name="historicalguidingquestion",
            name="uuid",
            field=models.UUIDField(db_index=True, default=uuid.uuid4, editable=False, verbose_name="UUID"),
        ),
    ]
