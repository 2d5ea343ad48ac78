"""Representations. Reads: translated texts follow the context's language; a session and what it
contains follow ``domain.languages.report_language`` (the reader's, else the report's own).
Writes: a report as ``domain.report_writes`` takes it, in model names through ``source``."""

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..domain import read_model
from ..domain.assignments import display_name
from ..domain.languages import localise, report_language
from ..domain.markdown import markdown_to_html
from ..domain.report_writes import MAX_ORDER
from ..enums import AttendanceKind, MaterialKind, RoundKind
from ..fields import language_choices
from ..links import api_url
from ..models import (
    AttendanceCount,
    AudienceQuestion,
    GuidingQuestion,
    Material,
    Outcome,
    Participation,
    Point,
    Round,
    Session,
    Tombstone,
)
from ..validators import PlainTextValidator
from .base import file_url
from .typed import serializer_for

# Generated from the read model's types: what the report and the sessions list answer.
SessionSummarySerializer = serializer_for(read_model.SessionSummary)
SessionDetailSerializer = serializer_for(read_model.SessionDetail)


class Localised(serializers.Serializer):
    """Translated fields in the context's language, else its fallback (else any translation)."""

    def to_representation(self, instance):
        language = self.context["language"]
        localise(instance, language=language, fallback=self.context.get("fallback") or language)
        return super().to_representation(instance)


class Translated(Localised):
    """A resource of its own: it says which language it is shown in and which it has."""

    language = serializers.SerializerMethodField()
    available_languages = serializers.SerializerMethodField()

    def get_language(self, obj) -> str:
        return obj.get_current_language()

    def get_available_languages(self, obj) -> list[str]:
        return obj.get_available_languages()


class InSessionLanguage(Translated):
    """Shown in its session's report language; nested objects follow it until this one is done."""

    def session_of(self, instance):
        return instance

    def to_representation(self, instance):
        session = self.session_of(instance)
        shown = report_language(session=session, requested=self.context["requested"])
        saved = {key: self.context.get(key) for key in ("language", "fallback")}
        self.context.update(language=shown, fallback=session.original_language)
        try:
            with translation.override(shown):
                return super().to_representation(instance)
        finally:
            self.context.update(saved)


class OptionalURLField(serializers.URLField):
    """A web address, or null where there is none (never an empty string, which is no URI)."""

    def __init__(self, **kwargs):
        super().__init__(allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


class OrganisationRefSerializer(Localised):
    uuid = serializers.UUIDField()
    url = serializers.SerializerMethodField()
    slug = serializers.SlugField()
    name = serializers.CharField()
    short_name = serializers.CharField()
    country = serializers.CharField()
    website = OptionalURLField()
    logo = serializers.SerializerMethodField()

    def get_url(self, org) -> str:
        return api_url("organization-detail", slug=org.slug)

    def get_logo(self, org) -> str | None:
        return file_url(org.logo)


class PersonRefSerializer(serializers.Serializer):
    uuid = serializers.UUIDField()
    url = serializers.SerializerMethodField()
    name = serializers.CharField(source="full_name")
    country = serializers.CharField()

    def get_url(self, person) -> str:
        return api_url("person-detail", uuid=person.uuid)


class PartnerSerializer(serializers.Serializer):
    role = serializers.SerializerMethodField()
    organization = OrganisationRefSerializer(source="organisation")

    @extend_schema_field(serializers.ChoiceField(read_model.SPONSOR_ROLES))
    def get_role(self, partner):
        # Forum partners carry their role; a session's own sponsors have none.
        return getattr(partner, "role", "session")


def printed_post(part):
    """Post and affiliation, as the report prints them."""
    return ", ".join(filter(None, [part.post, part.affiliation]))


def session_url(session):
    return api_url("session-detail", forum_slug=session.forum.slug, session_slug=session.slug)


class SessionRefSerializer(InSessionLanguage):
    uuid = serializers.UUIDField()
    url = serializers.SerializerMethodField()
    forum = serializers.SlugField(source="forum.slug")
    slug = serializers.SlugField()
    title = serializers.CharField()
    starts_at = serializers.DateTimeField()

    def get_url(self, session) -> str:
        return session_url(session)


class ForumSerializer(Translated):
    uuid = serializers.UUIDField()
    url = serializers.SerializerMethodField()
    slug = serializers.SlugField()
    name = serializers.CharField()
    edition = serializers.CharField()
    theme = serializers.CharField()
    tagline = serializers.CharField()
    city = serializers.CharField()
    start_date = serializers.DateField()
    end_date = serializers.DateField()
    time_zone = serializers.CharField(source="timezone")
    official_languages = serializers.ListField(source="languages", child=serializers.CharField())
    session_count = serializers.IntegerField()
    partners = PartnerSerializer(many=True, source="partners.all")
    updated_at = serializers.DateTimeField()
    links = serializers.SerializerMethodField()

    def get_url(self, forum) -> str:
        return api_url("forum-detail", slug=forum.slug)

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_links(self, forum):
        return {
            "sessions": f"{api_url('session-list')}?forum={forum.slug}",
            "quotes": f"{api_url('quote-list')}?forum={forum.slug}",
            "schedule_json": api_url("forum-schedule-json", slug=forum.slug),
            "schedule_xml": api_url("forum-schedule-xml", slug=forum.slug),
            "calendar": api_url("forum-calendar", slug=forum.slug),
        }


class ApiRootSerializer(serializers.Serializer):
    """Where to start: the API's collections, per forum exports are under each forum."""

    forums = serializers.URLField()
    sessions = serializers.URLField()
    people = serializers.URLField()
    organizations = serializers.URLField()
    quotes = serializers.URLField()
    tombstones = serializers.URLField()
    schema = serializers.URLField(help_text=_("The OpenAPI schema."))
    docs = serializers.URLField(help_text=_("The schema's documentation, to read and try."))


class SessionRoleSerializer(serializers.Serializer):
    """A session someone took part in, with the role and post printed there."""

    session = SessionRefSerializer()
    role = serializers.SlugField(source="role.slug", help_text=_("One of the forum's roles."))
    post = serializers.SerializerMethodField()

    def get_post(self, part) -> str:
        shown = report_language(session=part.session, requested=self.context["requested"])
        localise(part, language=shown, fallback=part.session.original_language)
        return printed_post(part)


class PersonSerializer(Translated):
    uuid = serializers.UUIDField()
    url = serializers.SerializerMethodField()
    name = serializers.CharField(source="full_name")
    given_name = serializers.CharField()
    family_name = serializers.CharField()
    honorific = serializers.CharField()
    country = serializers.CharField()
    photo = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()
    bio = serializers.SerializerMethodField()
    bio_html = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField()
    sessions = SessionRoleSerializer(many=True, source="visible_participations")

    def get_url(self, person) -> str:
        return api_url("person-detail", uuid=person.uuid)

    def get_photo(self, person) -> str | None:
        return file_url(person.photo)

    def get_links(self, person) -> list[str]:
        return [line.strip() for line in person.links.splitlines() if line.strip()]

    def get_bio(self, person) -> str:
        # Optional: many people have no bio in any language.
        return person.safe_translation_getter("bio", default="")

    def get_bio_html(self, person) -> str:
        return markdown_to_html(self.get_bio(person))


class OrganisationSerializer(Translated, OrganisationRefSerializer):
    updated_at = serializers.DateTimeField()
    sessions = serializers.SerializerMethodField()

    @extend_schema_field(SessionRefSerializer(many=True))
    def get_sessions(self, org):
        """Visible sessions it took part in or sponsored, each once, in programme order."""
        sessions = {
            s.pk: s
            for s in [
                *(p.session for p in org.visible_participations),
                *(s.session for s in org.visible_session_sponsorships),
            ]
        }
        ordered = sorted(sessions.values(), key=lambda s: (s.starts_at, s.pk))
        return SessionRefSerializer(ordered, many=True, context=self.context).data


class QuoteSerializer(InSessionLanguage):
    uuid = serializers.UUIDField()
    url = serializers.SerializerMethodField()
    text = serializers.CharField()
    speaker = PersonRefSerializer(source="contribution.participation.person")
    post = serializers.SerializerMethodField()
    session = SessionRefSerializer(source="contribution.round.session")
    updated_at = serializers.DateTimeField()

    def session_of(self, point):
        return point.contribution.round.session

    def get_url(self, point) -> str:
        return api_url("quote-detail", uuid=point.uuid)

    def get_post(self, point) -> str:
        part = point.contribution.participation
        localise(part, language=self.context["language"], fallback=self.context["fallback"])
        return printed_post(part)


class TombstoneSerializer(serializers.ModelSerializer):
    forum = serializers.UUIDField(source="forum_uuid", allow_null=True)

    class Meta:
        model = Tombstone
        fields = ["kind", "uuid", "forum", "reason", "at"]


# --- Writes ------------------------------------------------------------------------------------------
# Field names are the API's (those of the reads); ``source`` gives the model's, which the domain takes.

LANGUAGE_CODES = [code for code, _name in language_choices()]


# SQL's smallint, integer and bigint (PostgreSQL's ranges), whatever database the schema is built on.
INTEGER_RANGES = {
    "SmallIntegerField": (-(2**15), 2**15 - 1),
    "IntegerField": (-(2**31), 2**31 - 1),
    "BigIntegerField": (-(2**63), 2**63 - 1),
    "PositiveSmallIntegerField": (0, 2**15 - 1),
    "PositiveIntegerField": (0, 2**31 - 1),
    "PositiveBigIntegerField": (0, 2**63 - 1),
}


def from_model(model, name, **kwargs):
    """Whether a write field is required, nullable or blank, and its length or range, as the model
    field (translated ones included) has them, so the schema states them."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        field = model._parler_meta.root_model._meta.get_field(name)
    options = {"required": not (field.blank or field.has_default()), "allow_null": field.null}
    if field.get_internal_type() in ("CharField", "TextField"):
        options["allow_blank"] = field.blank
        options["validators"] = [check for check in field.validators if isinstance(check, PlainTextValidator)]
        if field.max_length and not field.choices:
            options["max_length"] = field.max_length
    if field.get_internal_type() in INTEGER_RANGES:
        options["min_value"], options["max_value"] = INTEGER_RANGES[field.get_internal_type()]
    return {**options, **kwargs}


class LocalDateTimeField(serializers.DateTimeField):
    """A time without an offset stays naive: the domain reads it in the forum's time zone, as the admin does."""

    def enforce_timezone(self, value):
        return value if timezone.is_naive(value) else super().enforce_timezone(value)


def order_field():
    return serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ORDER,
        help_text=_("1, 2, 3…; left out, an item keeps its place and a new one goes after the others."),
    )


class ItemWriteSerializer(serializers.Serializer):
    uuid = serializers.UUIDField(
        required=False,
        help_text=_(
            "The item's id: an item of this list is updated in place. Left out, or an id the report does not "
            "have, a new item is made (with that id, which other items of the request may refer to)."
        ),
    )
    order = order_field()


class SubPointWriteSerializer(ItemWriteSerializer):
    text = serializers.CharField(**from_model(Point, "text"))
    is_quote = serializers.BooleanField(**from_model(Point, "is_quote"))


class PointWriteSerializer(SubPointWriteSerializer):
    children = SubPointWriteSerializer(many=True, required=False, help_text=_("Sub-points (one level)."))


class ContributionWriteSerializer(ItemWriteSerializer):
    participant = serializers.UUIDField(source="participation", help_text=_("The speaker: a participant's UUID."))
    points = PointWriteSerializer(many=True, required=False)


class GuidingQuestionWriteSerializer(ItemWriteSerializer):
    text = serializers.CharField(**from_model(GuidingQuestion, "text"))


class RoundWriteSerializer(ItemWriteSerializer):
    kind = serializers.ChoiceField(RoundKind.choices, **from_model(Round, "kind"))
    title = serializers.CharField(**from_model(Round, "title"))
    guiding_questions = GuidingQuestionWriteSerializer(many=True, required=False, source="questions")
    contributions = ContributionWriteSerializer(many=True, required=False)


class ParticipantWriteSerializer(ItemWriteSerializer):
    person = serializers.UUIDField(help_text=_("The person's UUID."))
    role = serializers.SlugField(
        required=False,
        help_text=_("The slug of one of the forum's roles; a new participant without one gets its first speaker role."),
    )
    post = serializers.CharField(**from_model(Participation, "post"))
    affiliation = serializers.CharField(**from_model(Participation, "affiliation"))
    organization = serializers.SlugField(
        **from_model(Participation, "organisation", source="organisation", help_text=_("The organisation's slug.")),
    )
    country = serializers.ChoiceField(countries, **from_model(Participation, "country"))


class AudienceQuestionWriteSerializer(ItemWriteSerializer):
    text = serializers.CharField(**from_model(AudienceQuestion, "text"))
    asked_by = serializers.CharField(**from_model(AudienceQuestion, "asked_by"))
    is_answered = serializers.BooleanField(**from_model(AudienceQuestion, "is_answered"))
    answer = serializers.CharField(**from_model(AudienceQuestion, "answer"))
    answered_by = serializers.UUIDField(
        **from_model(
            AudienceQuestion,
            "answered_by",
            help_text=_("The answering participant's UUID."),
        )
    )


class StatementWriteSerializer(ItemWriteSerializer):
    text = serializers.CharField(**from_model(Outcome, "text"))


class BlankForNullMixin:
    """A value that may be absent: null, as reads print it, is stored as blank."""

    def validate_empty_values(self, data):
        empty, value = super().validate_empty_values(data)
        return empty, "" if empty and value is None else value


class LinkField(BlankForNullMixin, serializers.URLField):
    pass


class OptionalLanguageField(BlankForNullMixin, serializers.ChoiceField):
    pass


class MaterialWriteSerializer(ItemWriteSerializer):
    """A link; a file is uploaded in the admin, and a write keeps it."""

    kind = serializers.ChoiceField(MaterialKind.choices, **from_model(Material, "kind"))
    title = serializers.CharField(**from_model(Material, "title"))
    content_language = OptionalLanguageField(
        LANGUAGE_CODES, source="language", required=False, allow_null=True, allow_blank=True
    )
    link = LinkField(**from_model(Material, "url", source="url", allow_null=True))


class CreditsWriteSerializer(serializers.Serializer):
    credit_rapporteurs = serializers.BooleanField(**from_model(Session, "credit_rapporteurs"))
    source = serializers.CharField(**from_model(Session, "source_credit", source="source_credit"))
    source_url = LinkField(**from_model(Session, "source_url", allow_null=True))


class QAWriteSerializer(serializers.Serializer):
    note = serializers.CharField(**from_model(Session, "qa_note", source="qa_note"))
    questions = AudienceQuestionWriteSerializer(many=True, required=False, source="audience_questions")


class AttendanceWriteSerializer(ItemWriteSerializer):
    kind = serializers.ChoiceField(choices=AttendanceKind.choices, **from_model(AttendanceCount, "kind"))
    platform = serializers.CharField(**from_model(AttendanceCount, "platform"))
    count = serializers.IntegerField(**from_model(AttendanceCount, "count"))
    taken_at = LocalDateTimeField(**from_model(AttendanceCount, "taken_at"))
    note = serializers.CharField(**from_model(AttendanceCount, "note"))


class SponsorWriteSerializer(serializers.Serializer):
    """The session's own cooperating organisations (the forum's partners are the forum's), matched by organisation."""

    organization = serializers.SlugField(source="organisation", help_text=_("The organisation's slug."))
    order = order_field()


class ReportWriteSerializer(serializers.Serializer):
    """A report as written, in the request's ``Content-Language``. Lists are matched by id; on a PUT,
    a list given is the whole list (items it leaves out are deleted) and a field left out gets its
    default; a PATCH writes only what it gives and deletes nothing. A list left out is left as it is."""

    slug = serializers.SlugField(**from_model(Session, "slug", help_text=_("Organisers only may change it.")))
    kind = serializers.SlugField(
        help_text=_("The slug of one of the forum's session kinds. Organisers only may change it.")
    )
    number = serializers.IntegerField(**from_model(Session, "number"))
    title = serializers.CharField(**from_model(Session, "title"))
    subtitle = serializers.CharField(**from_model(Session, "subtitle"))
    description = serializers.CharField(**from_model(Session, "description", help_text=_("Markdown.")))
    starts_at = LocalDateTimeField(
        **from_model(Session, "starts_at", help_text=_("Without an offset: the forum's time zone."))
    )
    ends_at = LocalDateTimeField(**from_model(Session, "ends_at"))
    interpretation_languages = serializers.ListField(
        child=serializers.ChoiceField(LANGUAGE_CODES),
        source="languages",
        required=False,
        help_text=_("Among the forum's languages."),
    )
    platforms = serializers.CharField(**from_model(Session, "platforms"))
    room = serializers.CharField(**from_model(Session, "room"))
    original_language = serializers.ChoiceField(LANGUAGE_CODES, required=False)
    participants = ParticipantWriteSerializer(many=True, required=False, source="participations")
    rounds = RoundWriteSerializer(many=True, required=False)
    qa = QAWriteSerializer(source="*", required=False)
    materials = MaterialWriteSerializer(many=True, required=False)
    not_recorded = serializers.BooleanField(**from_model(Session, "not_recorded"))
    key_takeaways = StatementWriteSerializer(many=True, required=False)
    calls_to_action = StatementWriteSerializer(many=True, required=False)
    attendance = AttendanceWriteSerializer(many=True, required=False)
    sponsors = SponsorWriteSerializer(many=True, required=False)
    credits = CreditsWriteSerializer(source="*", required=False)


class SessionCreateSerializer(ReportWriteSerializer):
    forum = serializers.SlugField(help_text=_("The slug of a forum you organise."))


# --- Assignments -------------------------------------------------------------------------------------
# Never public: who writes a report is for its forum's organisers only.


class RapporteurSerializer(serializers.Serializer):
    username = serializers.CharField(source="get_username", help_text=_("What the user signs in with."))
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return display_name(user)


class RapporteursSerializer(serializers.Serializer):
    rapporteurs = RapporteurSerializer(many=True)


class RapporteursWriteSerializer(serializers.Serializer):
    rapporteurs = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("The usernames of the session's rapporteurs: the list replaces those assigned."),
    )
