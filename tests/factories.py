import datetime
import io
import struct
import zlib
import zoneinfo

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from gsef_sessions import models
from gsef_sessions.domain.roles import add_default_roles
from gsef_sessions.enums import OutcomeKind, RoundKind

MEXICO = zoneinfo.ZoneInfo("America/Mexico_City")


def at(day, hour, minute=0):
    """A time in October 2020, the forum's month, in Mexico City (the forum's time zone)."""
    return datetime.datetime(2020, 10, day, hour, minute, tzinfo=MEXICO)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "pw")

    @factory.post_generation
    def groups(self, create, names, **kwargs):
        for name in names or ():
            self.groups.add(Group.objects.get(name=name))
        self.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organisation

    slug = factory.Sequence(lambda n: f"org-{n}")
    name = factory.Sequence(lambda n: f"Organisation {n}")


class ForumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Forum
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"forum-{n}")
    name = "GSEF Global Virtual Forum"
    start_date = datetime.date(2020, 10, 19)
    end_date = datetime.date(2020, 10, 23)
    timezone = "America/Mexico_City"
    languages = factory.LazyFunction(lambda: ["es", "en", "fr"])

    @factory.post_generation
    def organisers(self, create, users, **kwargs):
        for user in users or ():
            self.organisers.add(user)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create:
            add_default_roles(forum=self)


class SessionKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SessionKind
        django_get_or_create = ("forum", "slug")

    forum = factory.SubFactory(ForumFactory)
    slug = "plenary"
    name = "Plenary"


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Session
        skip_postgeneration_save = True

    forum = factory.SubFactory(ForumFactory)
    kind = factory.LazyAttribute(lambda o: SessionKindFactory(forum=o.forum))
    slug = factory.Sequence(lambda n: f"session-{n}")
    number = 3
    title = "New Digitalization Era and the Future of Work"
    starts_at = datetime.datetime(2020, 10, 21, 8, 30, tzinfo=MEXICO)
    languages = factory.LazyFunction(lambda: ["es", "en", "fr"])

    @factory.post_generation
    def rapporteurs(self, create, users, **kwargs):
        for user in users or ():
            self.rapporteurs.add(user)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Person

    given_name = "Soledad"
    family_name = factory.Sequence(lambda n: f"Aragón Martínez {n}")


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Participation

    class Params:
        role_slug = "panelist"  # one of the forum's roles

    session = factory.SubFactory(SessionFactory)
    person = factory.SubFactory(PersonFactory)
    role = factory.LazyAttribute(lambda o: o.session.forum.roles.get(slug=o.role_slug))
    order = factory.Sequence(lambda n: n + 1)
    post = "Secretary of Labor and Employment Promotion, Mexico"


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Round

    session = factory.SubFactory(SessionFactory)
    kind = RoundKind.ROUND
    order = factory.Sequence(lambda n: n + 1)


class GuidingQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.GuidingQuestion

    round = factory.SubFactory(RoundFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = "What are the challenges of digitalization for the social economy?"


class ContributionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Contribution

    round = factory.SubFactory(RoundFactory)
    participation = factory.LazyAttribute(lambda o: ParticipationFactory(session=o.round.session))
    order = factory.Sequence(lambda n: n + 1)


class PointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Point

    contribution = factory.SubFactory(ContributionFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = "The pandemic has accelerated the process of digitalization in various productive activities."


class AudienceQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AudienceQuestion

    session = factory.SubFactory(SessionFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = "What is the strategy for the inclusion of migrants to work in Bilbao?"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AttendanceCount

    session = factory.SubFactory(SessionFactory)
    order = 1
    platform = "Zoom"
    count = 441
    taken_at = datetime.datetime(2020, 10, 21, 9, 55, tzinfo=MEXICO)


class MaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Material

    session = factory.SubFactory(SessionFactory)
    kind = "slides"
    order = factory.Sequence(lambda n: n + 1)
    title = "Slides of the session"
    url = "https://example.org/slides.pdf"


class SessionSponsorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SessionSponsor

    session = factory.SubFactory(SessionFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    order = factory.Sequence(lambda n: n + 1)


def policy_dialogue(**session):
    """A report the seed's layout cannot hold: introductory remarks, a keynote, a titled segment
    without guiding questions where the moderator speaks twice (A, B, A), and conclusions, then two
    key takeaways and a call to action. Each turn has one point naming it ("Turn 1"…), so a test
    can read their order. Its rapporteur Rosa Luna is credited, and the notes of "IISD ENB"; it was
    not recorded, and has slides (a link)."""
    session = SessionFactory(
        **{
            "credit_rapporteurs": True,
            "rapporteurs": [UserFactory(first_name="Rosa", last_name="Luna")],
            "source_credit": "IISD ENB",
            "source_url": "https://enb.iisd.org/",
            "not_recorded": True,
            **session,
        }
    )
    MaterialFactory(session=session, title="Slides of the dialogue", language="fr")
    moderator = ParticipationFactory(session=session, role_slug="moderator", person__given_name="Ana", order=1)
    panelist = ParticipationFactory(session=session, person__given_name="Bo", order=1)
    turns = 0
    for order, (kind, title, speakers) in enumerate(
        [
            (RoundKind.INTRODUCTION, "", [moderator]),
            (RoundKind.OTHER, "Keynote", [panelist]),
            (RoundKind.ROUND, "First half of the dialogue", [moderator, panelist, moderator]),
            (RoundKind.CONCLUSIONS, "", [panelist]),
        ],
        start=1,
    ):
        rnd = RoundFactory(session=session, kind=kind, title=title, order=order)
        for speaker in speakers:
            turns += 1
            contribution = ContributionFactory(round=rnd, participation=speaker, order=turns)
            PointFactory(contribution=contribution, order=1, text=f"Turn {turns}")
    for kind, texts in ((OutcomeKind.TAKEAWAY, ["Takeaway 1", "Takeaway 2"]), (OutcomeKind.CALL_TO_ACTION, ["Call 1"])):
        for order, text in enumerate(texts, start=1):
            models.Outcome.objects.create(session=session, kind=kind, order=order, text=text)
    return session


def image_upload(name="photo.png", *, size=(4, 3), format="PNG", mode="RGB", after=b"", **options):
    """An uploaded image drawn by Pillow (``options`` go to its encoder), with ``after`` appended."""
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, format, **options)
    return SimpleUploadedFile(name, buffer.getvalue() + after)


def blank_png(width, height):
    """A valid black-and-white PNG of ``width`` × ``height`` pixels, a few KB however many pixels
    (the decompression bomb of the issue: 12000 × 12000 in 17 KB)."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = bytes((1 + (width + 7) // 8) * height)  # each row: filter byte 0, then its bits, all 0
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def empty_gsef_session(*, rapporteur, slug="imported"):
    """An empty draft of GSEF 2020 (its fixtures loaded), written by ``rapporteur``: where imports go."""
    plenary = models.Session.objects.get(slug="plenary-3")
    return SessionFactory(
        forum=plenary.forum,
        kind=models.SessionKind.objects.get(forum=plenary.forum, slug="plenary"),
        slug=slug,
        title="To be imported",
        rapporteurs=[rapporteur],
    )
