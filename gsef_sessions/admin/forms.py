"""Admin forms: the fast paths (paste a block of points, type the questions one per line)."""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.utils.functional import cached_property
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from parler.forms import TranslatableBaseInlineFormSet, TranslatableModelForm

from ..domain.pasted import points_text, questions_text, sync_guiding_questions, sync_points
from ..validators import validate_text_block


class AutoOrderFormSetMixin:
    """Rows left without an order go after the others (of the same ``order_within`` value, where
    orders count within it, e.g. a participant's role), so rapporteurs rarely type one."""

    order_within = None

    def get_unique_error_message(self, unique_check):
        # Django's names the fields (e.g. "participation"); a person reads the columns' labels.
        parent = getattr(getattr(self, "fk", None), "name", None)  # the same in every row of an inline
        labels = [
            str(self.form.base_fields[name].label) if name in self.form.base_fields else name
            for name in unique_check
            if name != parent
        ]
        return _("Two rows have the same %(columns)s: each row needs its own.") % {
            "columns": get_text_list([label.lower() for label in labels], _("and"))
        }

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "order" in form.fields:
            form.fields["order"].required = False

    def clean(self):
        live = [f for f in self.forms if f.is_valid() and f.cleaned_data and not f.cleaned_data.get("DELETE")]
        following = {}
        for form in live:
            if form.cleaned_data.get("order") is not None:
                group = form.cleaned_data.get(self.order_within)
                following[group] = max(following.get(group, 1), form.cleaned_data["order"] + 1)
        for form in live:
            if "order" in form.fields and form.cleaned_data.get("order") is None:
                group = form.cleaned_data.get(self.order_within)
                form.cleaned_data["order"] = form.instance.order = following.get(group, 1)
                following[group] = form.instance.order + 1
        super().clean()


class OrderedInlineFormSet(AutoOrderFormSetMixin, forms.BaseInlineFormSet):
    pass


class OrderedTranslatableInlineFormSet(AutoOrderFormSetMixin, TranslatableBaseInlineFormSet):
    pass


class KnownChoicesAutocomplete(AutocompleteSelect):
    """Django's autocomplete, labelling the chosen row from ``known`` where its formset read it with
    every row at once (Django's widget reads the chosen row again for each row of a page)."""

    known = None  # {str(pk): label}, given to each form's widget by its formset

    def optgroups(self, name, value, attr=None):
        chosen = [str(pk) for pk in value if pk not in (None, "")]
        if self.known is None or any(pk not in self.known for pk in chosen):
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        for pk in chosen:
            options.append(self.create_option(name, pk, self.known[pk], True, len(options)))
        return [(None, options, 0)]


class ParticipantFormSet(OrderedTranslatableInlineFormSet):
    order_within = "role"  # "2nd panelist": orders count within the role
    known_choices = ("person", "organisation")  # fields with a KnownChoicesAutocomplete

    @cached_property
    def forms(self):
        forms = super().forms
        rows = list(self.get_queryset())  # already read for the forms: no query
        for name in self.known_choices:
            known = {
                str(getattr(row, f"{name}_id")): str(getattr(row, name)) for row in rows if getattr(row, f"{name}_id")
            }
            for form in forms:
                widget = form.fields[name].widget
                getattr(widget, "widget", widget).known = known
        return forms


class LanguageInlineFormSet(OrderedInlineFormSet):
    """Hands the admin's editing language to forms of models that are not translatable themselves."""

    language_code = None

    @cached_property
    def forms(self):
        forms = super().forms
        for form in forms:
            form.language_code = self.language_code
        return forms


class PastedTextField(forms.CharField):
    """Browsers send a textarea's line breaks as CRLF; compare and store them as LF. Checked like the
    texts it becomes, so that an unprintable character is a form error, not a failed save."""

    default_validators = [validate_text_block]

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


class ExtraTextMixin:
    """A form with one extra text area that writes through a domain function after saving."""

    extra_field = None  # the name of the text area

    def initial_extra(self):
        raise NotImplementedError

    def save_extra(self):
        raise NotImplementedError

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial[self.extra_field] = self.initial_extra()

    def save_extra_if_changed(self):
        if self.extra_field in self.changed_data and self.instance.pk:
            self.save_extra()


class RoundForm(ExtraTextMixin, TranslatableModelForm):
    extra_field = "questions_text"
    questions_text = PastedTextField(
        label=_("Guiding questions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=_("One question per line."),
    )

    def initial_extra(self):
        return questions_text(round=self.instance, language=self.language_code)

    def save_extra(self):
        sync_guiding_questions(
            round=self.instance, text=self.cleaned_data["questions_text"], language=self.language_code
        )


class ContributionForm(ExtraTextMixin, forms.ModelForm):
    language_code = None
    extra_field = "points_text"
    points_text = PastedTextField(
        label=_("Points"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "cols": 100}),
        help_text=_(
            "Paste the speaker's points: a blank line or a bullet (-, •, *) starts a point; "
            "a line in quotation marks is a direct quote; 1), 2)… lines under a point ending in “:” "
            "are its sub-points."
        ),
    )

    def initial_extra(self):
        return points_text(contribution=self.instance, language=self.language_code)

    def save_extra(self):
        sync_points(contribution=self.instance, text=self.cleaned_data["points_text"], language=self.language_code)
