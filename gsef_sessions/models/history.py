"""Every change to a report, with its author and time: django-simple-history on the session and on
each of its parts.

django-parler keeps translated fields in ``*Translation`` models of their own, so those are tracked
as well: a point's text is in the history of ``PointTranslation``. Each historical row also names the
session it belongs to (``report_session``), so a report's whole history, deleted parts included, is
one query per model.
"""

import functools
from contextvars import ContextVar

import simple_history
from django.db import models
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from simple_history.manager import HistoryManager
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from .attendance import AttendanceCount
from .materials import Material
from .outcomes import Outcome
from .participations import Participation
from .qa import AudienceQuestion
from .rounds import Contribution, GuidingQuestion, Point, Round
from .sessions import Session, SessionSponsor

# The tracked models and the foreign key to what each belongs to (None: the session itself).
PARENTS = {
    Session: None,
    SessionSponsor: "session",
    Participation: "session",
    AttendanceCount: "session",
    AudienceQuestion: "session",
    Outcome: "session",
    Material: "session",
    Round: "session",
    GuidingQuestion: "round",
    Contribution: "round",
    Point: "contribution",
}
PARENTS.update({model._parler_meta.root_model: "master" for model in list(PARENTS) if hasattr(model, "_parler_meta")})

# Bookkeeping that changes on every save (or, for the version, without one): not history.
UNTRACKED = {"updated_at", "version"}


class ReportHistory(models.Model):
    """What every historical row of a report adds to django-simple-history's own fields."""

    report_session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )

    class Meta:
        abstract = True


#: The author of the changes made in a block (``domain.history.authored_by``), where no request names one.
history_author: ContextVar = ContextVar("gsef_sessions_history_author", default=None)


class ReportRecords(HistoricalRecords):
    """Records real changes only: the paste boxes save every point again, changed or not."""

    def get_history_user(self, instance):
        author = history_author.get()
        return author if author is not None else super().get_history_user(instance)

    def post_save(self, instance, created, using=None, **kwargs):
        if not created and not kwargs.get("raw", False) and self._unchanged(instance):
            return
        super().post_save(instance, created, using=using, **kwargs)

    def _unchanged(self, instance):
        last = getattr(instance, self.manager_name).first()
        return (
            last is not None
            and last.history_type != "-"
            and all(
                getattr(last, field.attname) == getattr(instance, field.attname)
                for field in self.fields_included(instance)
            )
        )


class ReportHistoryManager(HistoryManager):
    """simple-history's manager, its class built once per history model: simple-history 3.13 builds
    it again (``from_queryset``) on every access, which an import of hundreds of rows pays each time."""

    @classmethod
    @functools.cache
    def from_queryset(cls, queryset_class, class_name=None):
        return super().from_queryset(queryset_class, class_name)


def session_path(model):
    """The lookup from a tracked model to its session's id, e.g. ``contribution__round__session``."""
    parent = PARENTS[model]
    if parent is None:
        return "pk"
    parent_model = model._meta.get_field(parent).related_model
    return parent if parent_model is Session else f"{parent}__{session_path(parent_model)}"


def report_session_id(instance):
    """The id of the session a tracked row belongs to."""
    if hasattr(instance, "_report_session_id"):  # noted before its deletion began
        return instance._report_session_id
    parent = PARENTS[type(instance)]
    if parent is None:
        return instance.pk
    field = instance._meta.get_field(parent)
    parent_model, parent_id = field.related_model, getattr(instance, field.attname)
    if parent_model is Session:
        return parent_id
    if field.is_cached(instance):  # a row written with its parent at hand: no query
        return report_session_id(getattr(instance, parent))
    return parent_model._base_manager.filter(pk=parent_id).values_list(session_path(parent_model), flat=True).first()


def _note_the_session(sender, instance, **kwargs):
    # A deletion is recorded once the whole cascade is gone, parents included: ask while they are there.
    instance._report_session_id = report_session_id(instance)


for _model in PARENTS:
    simple_history.register(
        _model,
        app="gsef_sessions",
        records_class=ReportRecords,
        history_manager=ReportHistoryManager,
        bases=[ReportHistory],
        excluded_fields=[field.name for field in _model._meta.fields if field.name in UNTRACKED],
    )
    pre_delete.connect(
        _note_the_session, sender=_model, dispatch_uid=f"gsef_sessions_history_{_model._meta.model_name}"
    )


@receiver(pre_create_historical_record, dispatch_uid="gsef_sessions_report_history")
def _name_the_session(sender, instance, history_instance, **kwargs):
    if isinstance(history_instance, ReportHistory):
        history_instance.report_session_id = report_session_id(instance)
