"""The session page's "Import attendance": upload a platform's attendance report (a Zoom CSV); a
Celery task counts it (``domain.attendance_import``) while this page shows its progress."""

import zoneinfo

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..domain.attendance_import import receive_attendance_report
from ..domain.permissions import can_edit
from ..enums import AttendanceImportStatus, DateOrder


class AttendanceForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Attendance report"),
        help_text=gettext_lazy("A Zoom meeting participants export or webinar attendee report (.csv)."),
    )
    zone = forms.ChoiceField(
        label=gettext_lazy("Times in the file are in"),
        help_text=gettext_lazy("Zoom writes times without their zone: the one its account was set to."),
    )
    date_order = forms.ChoiceField(
        label=gettext_lazy("Dates are"),
        required=False,
        choices=[("", gettext_lazy("Found from the file"))] + DateOrder.choices,
        help_text=gettext_lazy("Needed only when no date in the file tells (e.g. 05/06/2021)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["zone"].choices = [(zone, zone) for zone in sorted(zoneinfo.available_timezones())]


class SessionAttendanceAdminMixin:
    attendance_template = "gsef_sessions/admin/import_attendance.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/attendance/",
                self.admin_site.admin_view(self.attendance_view),
                name=f"{opts.app_label}_{opts.model_name}_attendance",
            ),
        ] + super().get_urls()

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and can_edit(request.user, obj):
            opts = self.model._meta
            context["attendance_url"] = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_attendance", args=[obj.pk], current_app=self.admin_site.name
            )
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def attendance_view(self, request, object_id):
        session = self.get_object(request, object_id)
        if session is None:
            raise Http404
        if not can_edit(request.user, session):
            raise PermissionDenied
        form = AttendanceForm(initial={"zone": session.forum.timezone})
        if request.method == "POST":
            form = AttendanceForm(request.POST, request.FILES)
            if form.is_valid():
                upload = form.cleaned_data["file"]
                try:
                    _row, new = receive_attendance_report(
                        session=session,
                        user=request.user,
                        data=upload.read(),
                        filename=upload.name,
                        zone=form.cleaned_data["zone"],
                        date_order=form.cleaned_data["date_order"],
                    )
                except ValidationError as error:
                    form.add_error("file", error)
                else:
                    if new:
                        messages.success(request, _("The report is being counted: its figures appear below."))
                    else:
                        messages.info(request, _("This file was already imported: nothing changed."))
                    return HttpResponseRedirect(request.path)
        imports = list(session.attendance_imports.prefetch_related("counts"))
        busy = any(row.status in (AttendanceImportStatus.QUEUED, AttendanceImportStatus.COUNTING) for row in imports)
        return TemplateResponse(
            request,
            self.attendance_template,
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "object": session,
                "title": _("Import attendance"),
                "media": self.media + form.media,
                "form": form,
                "imports": imports,
                "busy": busy,
            },
        )
