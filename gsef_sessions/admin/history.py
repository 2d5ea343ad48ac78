"""A report's history in the admin: every change to the session and its parts, who made it and
when, and the way back to any earlier version of a part. The rules are ``domain.history``'s."""

import datetime

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.text import Truncator, capfirst
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from ..domain import history
from ..domain.permissions import can_edit
from ..models.history import PARENTS

HISTORY_PER_PAGE = 50


def when(moment):
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


class Describer:
    """Readable names for what records show, each looked up once per page."""

    def __init__(self):
        self._names = {}

    def name(self, model, pk):
        if (model, pk) not in self._names:
            obj = model._base_manager.filter(pk=pk).first()
            self._names[model, pk] = str(obj) if obj is not None else f"#{pk}"
        return self._names[model, pk]

    def what(self, record):
        """E.g. "Point: The pandemic has… (English)" for the English text of a point."""
        model = record.instance_type
        if PARENTS[model] == "master":
            owner = model._meta.get_field("master").related_model
            try:
                language = get_language_info(record.language_code)["name_translated"]
            except KeyError:
                language = record.language_code
            name = Truncator(self.name(owner, record.master_id)).chars(80)
            return f"{capfirst(owner._meta.verbose_name)}: {name} ({language})"
        return f"{capfirst(model._meta.verbose_name)}: {Truncator(self.name(model, record.id)).chars(80)}"

    def value(self, field, value):
        if value is None or value == "" or value == []:
            return "—"
        if field.is_relation:
            return self.name(field.related_model, value)
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(field, models.BooleanField):
            return _("yes") if value else _("no")
        if isinstance(value, datetime.datetime):
            return when(value)
        if isinstance(value, (list, tuple)):
            return ", ".join(map(str, value))
        return Truncator(str(value)).chars(300)


class ReportHistoryAdminMixin:
    history_template = "gsef_sessions/admin/history.html"
    revert_template = "gsef_sessions/admin/revert.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/history/<str:model_name>/<int:history_id>/revert/",
                self.admin_site.admin_view(self.revert_view),
                name=f"{opts.app_label}_{opts.model_name}_revert",
            ),
        ] + super().get_urls()

    def _url(self, name, *args):
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_{name}", args=args, current_app=self.admin_site.name)

    def _context(self, request, session, title, **context):
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "object": session,
            "title": title,
            "media": self.media,
            **context,
        }

    def history_view(self, request, object_id, extra_context=None):
        """The report's history: the session and every part of it, newest change first."""
        session = self.get_object(request, unquote(object_id))
        if session is None:  # Django's answer to an id that names no row
            return super().history_view(request, object_id, extra_context)
        if not self.has_view_or_change_permission(request, session):
            raise PermissionDenied
        may_revert = can_edit(request.user, session)
        page = Paginator(history.history_of(session=session), HISTORY_PER_PAGE).get_page(request.GET.get(PAGE_VAR))
        describe = Describer()
        rows = []
        for entry in page:
            record = entry.record
            rows.append(
                {
                    "when": when(record.history_date),
                    "who": record.history_user,
                    "what": describe.what(record),
                    "action": record.get_history_type_display(),
                    "reason": record.history_change_reason,
                    "changes": [
                        (
                            capfirst(field.verbose_name),
                            None if entry.previous is None else describe.value(field, before),
                            describe.value(field, after),
                        )
                        for field, before, after in entry.changes()
                    ],
                    "current": entry.current,
                    "revert_url": None
                    if not (entry.revertable and may_revert)
                    else self._url("revert", session.pk, entry.model._meta.model_name, record.history_id),
                    "restores": record.history_type == "-",
                }
            )
        return TemplateResponse(
            request,
            self.history_template,
            self._context(
                request,
                session,
                _("History: %s") % session,
                rows=rows,
                page=page,
                page_var=PAGE_VAR,
            ),
        )

    def revert_view(self, request, object_id, model_name, history_id):
        """Confirm, then put one part back as a record shows it."""
        session = self.get_object(request, unquote(object_id))
        record = session and history.find_record(session=session, model_name=model_name, history_id=history_id)
        if record is None:
            raise Http404
        if not can_edit(request.user, session):
            raise PermissionDenied
        history_url = self._url("history", session.pk)
        describe = Describer()
        if request.method == "POST":
            try:
                history.revert(record=record, user=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("%(what)s is back as it was on %(date)s.")
                    % {
                        "what": describe.what(record),
                        "date": when(record.history_date),
                    },
                    messages.SUCCESS,
                )
            return redirect(history_url)
        model = record.instance_type
        now = model._base_manager.filter(pk=record.id).first()
        restored = {f.name for f in history.restorable_fields(model, user=request.user, session=session)}
        fields = [
            (
                capfirst(field.verbose_name),
                describe.value(field, getattr(record, field.attname)),
                describe.value(field, getattr(now, field.attname)) if now is not None else "—",
            )
            for field in history.shown_fields(record)
            if field.name in restored and (now is None or getattr(now, field.attname) != getattr(record, field.attname))
        ]
        return TemplateResponse(
            request,
            self.revert_template,
            self._context(
                request,
                session,
                _("Revert %s") % describe.what(record),
                record=record,
                fields=fields,
                exists=now is not None,
                history_url=history_url,
                recorded=when(record.history_date),
            ),
        )
