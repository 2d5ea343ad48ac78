"""Query parameters of the lists. They only ever narrow a queryset already limited to what the
reader may see, so no filter can reveal anything unpublished."""

import datetime

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, Subquery
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions as drf_exceptions
from rest_framework import filters as drf_filters

from ..domain.permissions import visible_sessions
from ..domain.programme import MAX_SEARCH_WORDS
from ..enums import SessionStatus
from ..models import Forum, Participation, SessionSponsor, Tombstone
from ..validators import validate_supported_date

UPDATED_SINCE_HELP = _(
    "Only what changed at or after this ISO 8601 time, for mirroring; years 1900 to 2200 (else 400)."
)


def check_year(value):
    """A 400 for dates outside the supported years (year 1 or 9999 overflow some databases'
    arithmetic). JSON Schema cannot bound a date string, so the schema's description says it."""
    validate_supported_date(value)
    return value


class UTCDateTimeField(IsoDateTimeField):
    """In UTC: PostgreSQL refuses offsets beyond ±15:59 (ISO 8601 allows up to ±23:59)."""

    def to_python(self, value):
        value = super().to_python(value)
        try:
            return check_year(value and value.astimezone(datetime.UTC))
        except OverflowError:
            raise ValidationError(_("This time is out of range."), code="invalid") from None


class UTCDateTimeFilter(filters.IsoDateTimeFilter):
    field_class = UTCDateTimeField


class SupportedDateField(forms.DateField):
    def to_python(self, value):
        return check_year(super().to_python(value))


class SupportedDateFilter(filters.DateFilter):
    field_class = SupportedDateField


def updated_since(field_name="updated_at"):
    return UTCDateTimeFilter(field_name=field_name, lookup_expr="gte", help_text=UPDATED_SINCE_HELP)


# What a text parameter may hold, stated in the schema and checked by the form (a 400 names the
# parameter): a value outside it can match nothing, and a NUL would reach the database.
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
COUNTRY_PATTERN = r"^[A-Za-z]{2}$"
LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"
NO_NUL_PATTERN = r"^[^\u0000]*$"


@extend_schema_field({"type": "string", "pattern": SLUG_PATTERN})
class SlugFilter(filters.CharFilter):
    field_class = forms.SlugField


class _PatternFilter(filters.CharFilter):
    field_class = forms.RegexField
    pattern = None

    def __init__(self, **kwargs):
        super().__init__(regex=self.pattern, **kwargs)


@extend_schema_field({"type": "string", "pattern": COUNTRY_PATTERN})
class CountryFilter(_PatternFilter):
    """ISO country codes, whatever their case."""

    pattern = COUNTRY_PATTERN

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("ISO country code, e.g. MX."))
        super().__init__(**kwargs)

    def filter(self, qs, value):
        return super().filter(qs, value.upper())


@extend_schema_field({"type": "string", "pattern": LANGUAGE_PATTERN})
class LanguageFilter(_PatternFilter):
    pattern = LANGUAGE_PATTERN


class ChangedWithSessions(filters.FilterSet):
    """``updated_since`` for what is shown through sessions: changed itself, or one of the visible
    sessions it appears in changed (a new publication makes a person appear without touching them)."""

    updated_since = UTCDateTimeFilter(method="filter_updated_since", help_text=UPDATED_SINCE_HELP)

    def changed_sessions(self, value):
        return visible_sessions(self.request.user).filter(updated_at__gte=value)


class SessionFilter(filters.FilterSet):
    forum = SlugFilter(method="filter_forum", help_text=_("Forum slug."))
    kind = SlugFilter(field_name="kind__slug", help_text=_("Session kind slug, e.g. plenary."))
    date_from = SupportedDateFilter(
        field_name="starts_at__date",
        lookup_expr="gte",
        help_text=_("Starting on or after this date (UTC); years 1900 to 2200 (else 400)."),
    )
    date_to = SupportedDateFilter(
        field_name="starts_at__date",
        lookup_expr="lte",
        help_text=_("Starting on or before this date (UTC); years 1900 to 2200 (else 400)."),
    )
    language = LanguageFilter(
        field_name="translations__language_code", help_text=_("Report available in this language.")
    )
    participant = filters.UUIDFilter(method="filter_participant", help_text=_("UUID of a person who took part."))
    organization = SlugFilter(
        method="filter_organization", help_text=_("Slug of an organisation that took part or sponsored.")
    )
    country = CountryFilter(method="filter_country", help_text=_("ISO country code of a participant, e.g. MX."))
    status = filters.ChoiceFilter(choices=SessionStatus.choices)
    updated_since = updated_since()

    def filter_forum(self, queryset, name, value):
        # By the forum's id (a scalar subquery), not a join on its slug: the database then reads the
        # forum's sessions from the (forum, status, starts_at) index, already in programme order.
        return queryset.filter(forum=Subquery(Forum.objects.filter(slug=value).values("pk")[:1]))

    # Through subqueries rather than joins: a person with two roles must not list a session twice.
    def _through_participations(self, queryset, **lookups):
        return queryset.filter(pk__in=Participation.objects.filter(**lookups).values("session"))

    def filter_participant(self, queryset, name, value):
        return self._through_participations(queryset, person__uuid=value)

    def filter_country(self, queryset, name, value):
        return self._through_participations(queryset, country=value.upper())

    def filter_organization(self, queryset, name, value):
        return queryset.filter(
            Q(pk__in=Participation.objects.filter(organisation__slug=value).values("session"))
            | Q(pk__in=SessionSponsor.objects.filter(organisation__slug=value).values("session"))
        )


class PeopleFilter(ChangedWithSessions):
    country = CountryFilter()
    forum = SlugFilter(method="filter_forum", help_text=_("Took part in this forum (slug)."))

    def filter_updated_since(self, queryset, name, value):
        changed = Participation.objects.filter(session__in=self.changed_sessions(value)).values("person")
        return queryset.filter(Q(updated_at__gte=value) | Q(pk__in=changed))

    def filter_forum(self, queryset, name, value):
        return queryset.filter(pk__in=Participation.objects.filter(session__forum__slug=value).values("person"))


class OrganisationFilter(ChangedWithSessions):
    country = CountryFilter()

    def filter_updated_since(self, queryset, name, value):
        sessions = self.changed_sessions(value)
        return queryset.filter(
            Q(updated_at__gte=value)
            | Q(pk__in=Participation.objects.filter(session__in=sessions).values("organisation"))
            | Q(pk__in=SessionSponsor.objects.filter(session__in=sessions).values("organisation"))
        )


class QuoteFilter(filters.FilterSet):
    forum = SlugFilter(field_name="contribution__round__session__forum__slug", help_text=_("Forum slug."))
    session = filters.UUIDFilter(field_name="contribution__round__session__uuid", help_text=_("Session UUID."))
    person = filters.UUIDFilter(field_name="contribution__participation__person__uuid", help_text=_("Speaker's UUID."))
    updated_since = UTCDateTimeFilter(method="filter_updated_since", help_text=UPDATED_SINCE_HELP)

    def filter_updated_since(self, queryset, name, value):
        # Every change to a report bumps its session (``versioning.touch``).
        return queryset.filter(Q(updated_at__gte=value) | Q(contribution__round__session__updated_at__gte=value))


class TombstoneFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Tombstone.Kind.choices)
    forum = filters.UUIDFilter(field_name="forum_uuid", help_text=_("Forum UUID."))
    updated_since = updated_since("at")


# Bounds the cost of a search: thousands of words took seconds on PostgreSQL and failed on SQLite.
MAX_SEARCH_LENGTH = 200


class SearchFilter(drf_filters.SearchFilter):
    """DRF's ``search=``, whose 400 (e.g. a NUL character) is keyed by the parameter like ours;
    at most ``MAX_SEARCH_LENGTH`` characters, of which the first ``MAX_SEARCH_WORDS`` words count,
    as on the public pages."""

    def get_search_terms(self, request):
        if len(request.query_params.get(self.search_param, "")) > MAX_SEARCH_LENGTH:
            raise drf_exceptions.ValidationError(
                {self.search_param: [_("At most %(limit)d characters.") % {"limit": MAX_SEARCH_LENGTH}]}
            )
        try:
            return super().get_search_terms(request)[:MAX_SEARCH_WORDS]
        except drf_exceptions.ValidationError as error:
            raise drf_exceptions.ValidationError({self.search_param: error.detail}) from error

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"].update(maxLength=MAX_SEARCH_LENGTH, pattern=NO_NUL_PATTERN)
            parameter["description"] = _("%(what)s The first %(words)d words count.") % {
                "what": parameter["description"],
                "words": MAX_SEARCH_WORDS,
            }
        return parameters
