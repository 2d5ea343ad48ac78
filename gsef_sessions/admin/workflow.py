"""The workflow on the session's admin pages: actions on the list, buttons on the report, a comment
page where one is wanted (sending back), and the status history. Every step is ``domain.workflow``'s."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.defaultfilters import linebreaksbr
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from ..domain import workflow
from ..domain.permissions import organised_forums

# What the list says once a transition went through for some reports.
DONE = {
    "submit": lambda n: ngettext("%d report submitted for review.", "%d reports submitted for review.", n) % n,
    "send_back": lambda n: (
        ngettext("%d report sent back to its rapporteurs.", "%d reports sent back to their rapporteurs.", n) % n
    ),
    "publish": lambda n: ngettext("%d report published.", "%d reports published.", n) % n,
    "unpublish": lambda n: ngettext("%d report unpublished.", "%d reports unpublished.", n) % n,
}


class TransitionForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 5, "cols": 80}))

    def __init__(self, *args, transition, **kwargs):
        super().__init__(*args, **kwargs)
        comment = self.fields["comment"]
        comment.required = transition.comment_required
        comment.help_text = (
            _("What the rapporteurs should change. They read it in the report's status history.")
            if transition.comment_required
            else _("Optional; kept in the report's status history.")
        )


class SessionWorkflowAdminMixin:
    transition_template = "gsef_sessions/admin/transition.html"

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/workflow/<str:name>/",
                self.admin_site.admin_view(self.transition_view),
                name=f"{opts.app_label}_{opts.model_name}_transition",
            ),
        ] + super().get_urls()

    def _apply(self, request, queryset, transition, comment=""):
        count = 0
        for session in queryset:
            try:
                workflow.apply(transition.name, session=session, user=request.user, comment=comment)
                count += 1
            except (PermissionDenied, ValidationError) as error:
                self.message_user(
                    request, f"{session}: {' '.join(getattr(error, 'messages', [str(error)]))}", messages.ERROR
                )
        if count:
            self.message_user(request, DONE[transition.name](count), messages.SUCCESS)
        return count

    def _confirmation(self, request, transition, sessions, form, **context):
        opts = self.model._meta
        return TemplateResponse(
            request,
            self.transition_template,
            {
                **self.admin_site.each_context(request),
                "title": transition.label,
                "transition": transition,
                "sessions": sessions,
                "form": form,
                "opts": opts,
                "media": self.media,
                **context,
            },
        )

    def transition_view(self, request, object_id, name):
        """A button of the report: confirm (with a comment where one is wanted), then the domain decides."""
        session = self.get_object(request, unquote(object_id))
        transition = workflow.TRANSITIONS.get(name)
        if session is None or transition is None:
            raise Http404
        if not workflow.may(transition, user=request.user, session=session):
            raise PermissionDenied
        form = TransitionForm(request.POST or None, transition=transition)
        if request.method == "POST" and form.is_valid():
            self._apply(request, [session], transition, comment=form.cleaned_data["comment"])
            opts = self.model._meta
            return redirect(
                reverse(
                    f"admin:{opts.app_label}_{opts.model_name}_change",
                    args=[session.pk],
                    current_app=self.admin_site.name,
                )
            )
        return self._confirmation(request, transition, [session], form, object=session)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            opts = self.model._meta
            context["workflow_transitions"] = [
                (
                    t.label,
                    reverse(
                        f"admin:{opts.app_label}_{opts.model_name}_transition",
                        args=[obj.pk, t.name],
                        current_app=self.admin_site.name,
                    ),
                )
                for t in workflow.available(user=request.user, session=obj)
            ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    @admin.display(description=_("Status history"))
    def status_history(self, session):
        changes = list(session.status_changes.select_related("user")) if session.pk else []
        if not changes:
            return _("No status changes yet.")
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{} → {}</td><td>{}</td></tr>",
            (
                (
                    formats.date_format(timezone.localtime(c.at), "SHORT_DATETIME_FORMAT"),
                    c.user or "—",
                    c.get_from_status_display(),
                    c.get_to_status_display(),
                    linebreaksbr(c.comment) or "—",
                )
                for c in changes
            ),
        )
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("When"),
            _("By"),
            pgettext_lazy("history column", "Change"),
            _("Comment"),
            rows,
        )

    def has_organise_permission(self, request):
        """Publishing, unpublishing and sending back are offered to those who organise a forum."""
        return organised_forums(request.user).exists()

    @admin.action(description=_("Submit selected reports for review"))
    def submit_selected(self, request, queryset):
        self._apply(request, queryset, workflow.SUBMIT)

    @admin.action(description=_("Send selected reports back to their rapporteurs"), permissions=["organise"])
    def send_back_selected(self, request, queryset):
        form = TransitionForm(request.POST if "apply" in request.POST else None, transition=workflow.SEND_BACK)
        if form.is_valid():
            self._apply(request, queryset, workflow.SEND_BACK, comment=form.cleaned_data["comment"])
            return None  # back to the list
        return self._confirmation(
            request,
            workflow.SEND_BACK,
            queryset,
            form,
            action="send_back_selected",
            action_checkbox_name=helpers.ACTION_CHECKBOX_NAME,
        )

    @admin.action(description=_("Publish selected reports"), permissions=["organise"])
    def publish_selected(self, request, queryset):
        self._apply(request, queryset, workflow.PUBLISH)

    @admin.action(description=_("Unpublish selected reports"), permissions=["organise"])
    def unpublish_selected(self, request, queryset):
        self._apply(request, queryset, workflow.UNPUBLISH)
