"""The tasks Celery finds through ``gsef_sessions.tasks``: beat schedules and hosts name them."""

from gsef_sessions import tasks
from project.celery import app


def test_tasks_keep_their_names():
    assert sorted(getattr(tasks, name).name for name in tasks.__all__) == [
        "gsef_sessions.count_attendance",
        "gsef_sessions.deliver_webhook",
        "gsef_sessions.render_pdf",
        "gsef_sessions.requeue_stale_attendance",
        "gsef_sessions.requeue_stale_deliveries",
        "gsef_sessions.requeue_stale_renders",
    ]


def test_tasks_beat_schedule_names_registered_tasks(settings):
    app.autodiscover_tasks(force=True)  # as a worker does when it starts
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled == {
        "gsef_sessions.requeue_stale_renders",
        "gsef_sessions.requeue_stale_deliveries",
        "gsef_sessions.requeue_stale_attendance",
    }
    assert scheduled <= set(app.tasks)
