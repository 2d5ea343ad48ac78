"""Admin forms: the fast paths (paste a block of points, type the questions one per line)."""

from django import forms
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from parler.forms import TranslatableBaseInlineFormSet, TranslatableModelForm

from ..domain.pasted import points_text, questions_text, sync_guiding_questions, sync_points
from ..validators import validate_text_block


class AutoOrderFormSetMixin:
    """Rows left without an order go after the others, so rapporteurs rarely type one."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "order" in form.fields:
            form.fields["order"].required = False

    def clean(self):
        live = [f for f in self.forms if f.is_valid() and f.cleaned_data and not f.cleaned_data.get("DELETE")]
        taken = [f.cleaned_data["order"] for f in live if f.cleaned_data.get("order") is not None]
        following = max(taken, default=0) + 1
        for form in live:
            if "order" in form.fields and form.cleaned_data.get("order") is None:
                form.cleaned_data["order"] = form.instance.order = following
                following += 1
        super().clean()


class OrderedInlineFormSet(AutoOrderFormSetMixin, forms.BaseInlineFormSet):
    pass


class OrderedTranslatableInlineFormSet(AutoOrderFormSetMixin, TranslatableBaseInlineFormSet):
    pass


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
