import datetime
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gsef_sessions.domain.report_writes import create_report, update_report
from gsef_sessions.enums import SessionStatus
from gsef_sessions.models import (
    AudienceQuestion,
    Contribution,
    GuidingQuestion,
    Participation,
    Point,
    Round,
    Session,
)
from tests.factories import (
    MEXICO,
    ForumFactory,
    OrganisationFactory,
    ParticipationFactory,
    PersonFactory,
    PointFactory,
    RoundFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(organiser):
    return a_report(organiser)


def a_report(organiser):
    """A report with two panelists, one round whose first speaker made a point with a sub-point;
    the round's title and the point are also in Spanish."""
    session = SessionFactory(forum=ForumFactory(organisers=[organiser]))
    first = ParticipationFactory(session=session, order=1)
    ParticipationFactory(session=session, order=2)
    rnd = RoundFactory(session=session, order=1, title="Round one")
    point = PointFactory(
        contribution__round=rnd, contribution__participation=first, contribution__order=1, order=1, text="Point"
    )
    PointFactory(contribution=point.contribution, parent=point, order=1, text="Sub-point")
    for obj, field, text in ((rnd, "title", "Ronda uno"), (point, "text", "Punto")):
        obj.set_current_language("es")
        setattr(obj, field, text)
        obj.save()
    session.refresh_from_db()
    return session


def write(session, user, data, *, language="en", partial=True):
    return update_report(
        session=session,
        user=user,
        data=data,
        language=language,
        expected_version=Session.objects.get(pk=session.pk).version,
        partial=partial,
    )


def in_round(rnd, **lists):
    """A write of ``lists`` into an existing round."""
    return {"rounds": [{"uuid": rnd.uuid, **lists}]}


def header(session):
    """What a full write must give."""
    return {"slug": session.slug, "kind": session.kind.slug, "title": session.title, "starts_at": session.starts_at}


def texts(queryset, field, language):
    return [
        obj.safe_translation_getter(field, language_code=language) for obj in queryset.prefetch_related("translations")
    ]


def test_items_are_matched_by_id_and_keep_their_other_languages(session, organiser):
    rnd = session.rounds.get()
    contribution = rnd.contributions.get()
    point = contribution.points.get(parent=None)
    sub = point.children.get()
    write(
        session,
        organiser,
        {
            "rounds": [
                {
                    "uuid": rnd.uuid,
                    "title": "First round",
                    "contributions": [
                        {
                            "uuid": contribution.uuid,
                            "participation": contribution.participation.uuid,
                            "points": [
                                {
                                    "uuid": point.uuid,
                                    "text": "Point, edited",
                                    "children": [{"uuid": sub.uuid, "text": "Sub, edited"}],
                                }
                            ],
                        }
                    ],
                }
            ]
        },
    )
    assert list(Round.objects.values_list("uuid", flat=True)) == [rnd.uuid]
    assert set(Point.objects.values_list("uuid", flat=True)) == {point.uuid, sub.uuid}
    assert (texts(Round.objects, "title", "en"), texts(Round.objects, "title", "es")) == (
        ["First round"],
        ["Ronda uno"],
    )
    assert texts(Point.objects.filter(parent=None), "text", "es") == ["Punto"]
    assert texts(Point.objects.filter(parent=None), "text", "en") == ["Point, edited"]


def test_a_full_write_deletes_what_its_lists_leave_out_a_partial_one_keeps_it(session, organiser):
    first = session.participations.get(order=1)
    new = {"person": PersonFactory().uuid, "post": "Mayor"}
    write(
        session, organiser, {"participations": [{"uuid": first.uuid, "person": first.person.uuid}, new]}, partial=True
    )
    assert session.participations.count() == 3
    write(
        session,
        organiser,
        {**header(session), "participations": [{"uuid": first.uuid, "person": first.person.uuid}]},
        partial=False,
    )
    assert list(session.participations.values_list("uuid", flat=True)) == [first.uuid]
    # A full write resets what it leaves out: the post printed at this session was not given.
    assert Participation.objects.get().safe_translation_getter("post") == ""
    # Lists it leaves out are left as they are.
    assert session.rounds.count() == 1


def test_orders_can_swap_and_new_items_go_after_the_others(session, organiser):
    first, second = session.participations.order_by("order")
    write(
        session,
        organiser,
        {
            "participations": [
                {"uuid": first.uuid, "order": 2},
                {"uuid": second.uuid, "order": 1},
                {"person": PersonFactory().uuid},
            ]
        },
    )
    assert list(session.participations.order_by("order").values_list("uuid", "order")) == [
        (second.uuid, 1),
        (first.uuid, 2),
        (session.participations.get(order=3).uuid, 3),
    ]


def test_new_items_may_bring_their_own_ids_for_others_to_refer_to(session, organiser):
    speaker, person = uuid.uuid4(), PersonFactory()
    write(
        session,
        organiser,
        {
            "participations": [{"uuid": speaker, "person": person.uuid, "role": "keynote"}],
            "rounds": [
                {
                    "kind": "conclusions",
                    "questions": [{"text": "What now?"}],
                    "contributions": [
                        {"participation": speaker, "points": [{"text": '"We must act."', "is_quote": True}]}
                    ],
                }
            ],
            "audience_questions": [
                {"text": "And tomorrow?", "is_answered": True, "answer": "Yes.", "answered_by": speaker}
            ],
        },
    )
    conclusions = session.rounds.get(kind="conclusions")
    assert (conclusions.order, conclusions.contributions.get().participation.uuid) == (2, speaker)
    assert texts(conclusions.questions, "text", "en") == ["What now?"]
    assert AudienceQuestion.objects.get().answered_by.person == person


def test_guiding_questions_reordered_by_id_keep_their_other_languages(session, organiser):
    rnd = session.rounds.get()
    write(session, organiser, {"rounds": [{"uuid": rnd.uuid, "questions": [{"text": "One?"}, {"text": "Two?"}]}]})
    one, two = rnd.questions.all()
    write(
        session,
        organiser,
        {
            "rounds": [
                {
                    "uuid": rnd.uuid,
                    "questions": [
                        {"uuid": one.uuid, "text": "¿Uno?"},
                        {"uuid": two.uuid, "text": "¿Dos?"},
                    ],
                }
            ]
        },
        language="es",
    )
    # Reordered in English only: each question takes its Spanish with it.
    write(
        session,
        organiser,
        {
            "rounds": [
                {
                    "uuid": rnd.uuid,
                    "questions": [
                        {"uuid": two.uuid, "order": 1, "text": "Two?"},
                        {"uuid": one.uuid, "order": 2, "text": "One?"},
                    ],
                }
            ]
        },
    )
    assert list(rnd.questions.values_list("uuid", "order")) == [(two.uuid, 1), (one.uuid, 2)]
    assert (texts(rnd.questions, "text", "en"), texts(rnd.questions, "text", "es")) == (
        ["Two?", "One?"],
        ["¿Dos?", "¿Uno?"],
    )


def test_a_full_write_adds_guiding_questions_without_ids_and_deletes_those_left_out(session, organiser):
    rnd = session.rounds.get()
    write(session, organiser, {"rounds": [{"uuid": rnd.uuid, "questions": [{"text": "One?"}, {"text": "Two?"}]}]})
    one, two = rnd.questions.all()
    write(
        session,
        organiser,
        {
            **header(session),
            "rounds": [
                {
                    "uuid": rnd.uuid,
                    "questions": [
                        {"uuid": two.uuid, "text": "Two, edited?"},
                        {"text": "Three?"},
                    ],
                }
            ],
        },
        partial=False,
    )
    kept, added = rnd.questions.all()
    assert (kept.uuid, kept.order, added.order) == (two.uuid, 2, 3)
    assert added.uuid not in {one.uuid, two.uuid}
    assert texts(rnd.questions, "text", "en") == ["Two, edited?", "Three?"]
    assert not GuidingQuestion.objects.filter(uuid=one.uuid).exists()


def test_a_guiding_question_listed_twice_is_refused(session, organiser):
    rnd = session.rounds.get()
    write(session, organiser, {"rounds": [{"uuid": rnd.uuid, "questions": [{"text": "One?"}]}]})
    one = rnd.questions.get()
    with pytest.raises(ValidationError) as error:
        write(
            session,
            organiser,
            in_round(rnd, questions=[{"uuid": one.uuid, "text": "One?"}, {"uuid": one.uuid, "text": "Again?"}]),
        )
    assert error.value.message_dict == {"rounds.0.questions.1.uuid": ["This item is listed twice."]}
    assert texts(rnd.questions, "text", "en") == ["One?"]


def test_an_invalid_write_reports_every_error_by_path_and_writes_nothing(session, organiser):
    before, nobody = session.version, uuid.uuid4()
    first = session.participations.get(order=1)
    rnd = session.rounds.get()
    with pytest.raises(ValidationError) as error:
        write(
            session,
            organiser,
            {
                "title": "Changed",
                "languages": ["de"],
                "participations": [
                    {"uuid": first.uuid, "person": nobody, "post": "Changed"},
                    {"person": first.person.uuid, "order": 2},
                ],
                "rounds": [{"uuid": rnd.uuid, "title": "Changed", "contributions": [{"participation": nobody}]}],
                "audience_questions": [{"text": "?", "answer": "Unmarked."}],
            },
        )
    assert error.value.message_dict == {
        "languages": ["Not among the forum's languages: de."],
        "participations.0.person": [f"Unknown person: “{nobody}”."],
        "participations.1": [
            "This person already holds this role in this session.",
            "Two participants in the same role have the same order.",
        ],
        "rounds.0.contributions.0.participation": [f"Unknown participant: “{nobody}”."],
        "audience_questions.0.is_answered": ["A question with an answer must be marked answered."],
    }
    session.refresh_from_db()
    assert (session.version, session.title, session.participations.count()) == (
        before,
        "New Digitalization Era and the Future of Work",
        2,
    )
    # parler cached the rolled-back texts as they were saved: they must not be read back.
    assert Round.objects.get().safe_translation_getter("title", language_code="en") == "Round one"


def test_a_stale_write_changes_nothing(session, organiser):
    with pytest.raises(ValidationError) as stale:
        update_report(
            session=session,
            user=organiser,
            data={"title": "Lost?"},
            language="en",
            expected_version=session.version - 1,
            partial=True,
        )
    assert stale.value.code == "stale_version"
    assert Session.objects.get().title == "New Digitalization Era and the Future of Work"


def test_one_version_bump_per_write_and_none_for_a_write_that_changes_nothing(session, organiser):
    version = session.version
    rnd = session.rounds.get()
    write(
        session,
        organiser,
        {"title": "New title", "rounds": [{"uuid": rnd.uuid, "title": "New", "questions": [{"text": "?"}]}]},
    )
    assert Session.objects.get().version == version + 1
    write(session, organiser, {"title": "New title", "rounds": [{"uuid": rnd.uuid, "title": "New"}]})
    assert Session.objects.get().version == version + 1


def test_blank_texts_do_not_start_a_translation(session, organiser):
    rnd = session.rounds.get()
    contribution = rnd.contributions.get()
    write(
        session,
        organiser,
        {
            "rounds": [
                {
                    "uuid": rnd.uuid,
                    "title": "",
                    "contributions": [
                        {"uuid": contribution.uuid, "participation": contribution.participation.uuid},
                    ],
                }
            ]
        },
        language="fr",
    )
    assert sorted(Round.objects.get().get_available_languages()) == ["en", "es"]


def test_rapporteurs_edit_their_drafts_but_not_kind_slug_or_published_reports(session):
    rapporteur = UserFactory(groups=["Rapporteurs"])
    session.rapporteurs.add(rapporteur)
    write(session, rapporteur, {"subtitle": "By the rapporteur", "kind": "plenary", "slug": session.slug})
    for change in ({"slug": "elsewhere"}, {"kind": "workshop"}):
        with pytest.raises(PermissionDenied):
            write(session, rapporteur, change)
    Session.objects.filter(pk=session.pk).update(status=SessionStatus.PUBLISHED)
    with pytest.raises(PermissionDenied):
        write(session, rapporteur, {"subtitle": "After publication"})
    with pytest.raises(PermissionDenied):
        write(session, UserFactory(groups=["Rapporteurs"]), {"subtitle": "Not assigned"})


def test_model_rules_apply(session, organiser):
    other_forum_kind = SessionFactory().kind
    rnd, contribution = session.rounds.get(), Contribution.objects.get()
    with pytest.raises(ValidationError) as error:
        write(
            session,
            organiser,
            {
                "kind": other_forum_kind.slug if other_forum_kind.slug != "plenary" else "nope",
                "ends_at": session.starts_at - datetime.timedelta(hours=1),
                "rounds": [{"uuid": session.rounds.get().uuid}, {"kind": "introduction"}, {"kind": "introduction"}],
                "sponsors": [{"organisation": "a"}, {"organisation": "a"}],
            },
        )
    assert error.value.message_dict == {
        "kind": ["Unknown session kind: “nope”."],
        "rounds.2": ["A session has one introduction and one conclusions part at most."],
        "sponsors.1.organisation": ["This item is listed twice."],
    }
    with pytest.raises(ValidationError) as error:
        write(
            session,
            organiser,
            {
                "ends_at": session.starts_at,
                "rounds": [
                    {
                        "uuid": rnd.uuid,
                        "contributions": [
                            {
                                "uuid": contribution.uuid,
                                "participation": contribution.participation.uuid,
                                "order": 1,
                                "points": [
                                    {"text": "Not a speaker's"},
                                ],
                            },
                            {"participation": contribution.participation.uuid, "order": 1},
                        ],
                    }
                ],
            },
        )
    assert error.value.message_dict == {
        "ends_at": ["The end must be after the start."],
        "rounds.0.contributions.1": ["Two contributions in this round have the same order."],
    }


def test_an_id_from_another_report_is_refused_without_saying_it_exists(session, organiser):
    foreign = ParticipationFactory()
    with pytest.raises(ValidationError) as error:
        write(session, organiser, {"participations": [{"uuid": foreign.uuid, "person": foreign.person.uuid}]})
    assert error.value.message_dict == {
        "participations.0.uuid": ["This id cannot be used for a new item: leave it out, or choose another."]
    }
    assert Participation.objects.get(uuid=foreign.uuid).session != session


def test_times_without_offset_are_the_forums_local_time(session, organiser):
    write(session, organiser, {"starts_at": datetime.datetime(2020, 10, 21, 9, 0)})
    assert Session.objects.get().starts_at == datetime.datetime(2020, 10, 21, 9, 0, tzinfo=MEXICO)


def test_organisers_create_sessions_in_their_forums_only(session, organiser):
    data = {
        "forum": session.forum.slug,
        "slug": "workshop-1",
        "kind": "plenary",
        "title": "Taller",
        "subtitle": "",
        "starts_at": session.starts_at,
        "original_language": "es",
        "sponsors": [{"organisation": OrganisationFactory().slug}],
    }
    created = create_report(user=organiser, data=data)
    assert (created.title, list(created.get_available_languages()), created.sponsors.count(), created.version) == (
        "Taller",
        ["es"],
        1,
        2,
    )
    assert created.renders.exists()  # touched like any change: its PDF is on record
    with pytest.raises(ValidationError):
        create_report(user=organiser, data={**data, "forum": ForumFactory().slug})
    with pytest.raises(PermissionDenied):
        create_report(user=UserFactory(groups=["Rapporteurs"]), data=data)


def test_a_speaker_may_take_several_turns_in_a_round(session, organiser):
    first, second = session.participations.get(order=1), session.participations.get(order=2)
    rnd = session.rounds.get()
    turns = [{"uuid": rnd.contributions.get().uuid}] + [
        {"participation": speaker.uuid, "order": order, "points": [{"text": f"Turn {order}"}]}
        for order, speaker in [(2, second), (3, first)]
    ]
    write(session, organiser, {"rounds": [{"uuid": rnd.uuid, "contributions": turns}]})
    assert [
        (c.participation.order, c.points.filter(parent=None).get().text) for c in rnd.contributions.order_by("order")
    ] == [(1, "Point"), (2, "Turn 2"), (1, "Turn 3")]


def test_materials_are_written_as_links_and_one_without_a_link_is_refused(session, organiser):
    write(
        session,
        organiser,
        {
            "materials": [{"kind": "recording", "title": "Video", "url": "https://video.example.org/1"}],
            "not_recorded": False,
        },
    )
    assert list(session.materials.values_list("kind", "order", "url", "translations__title")) == [
        ("recording", 1, "https://video.example.org/1", "Video")
    ]
    with pytest.raises(ValidationError) as error:
        write(session, organiser, {"materials": [{"kind": "slides", "title": "Slides"}]})
    assert error.value.message_dict == {"materials.0": ["Give a link or upload a file: one of the two."]}


def _new_turn_queries(organiser, points):
    """The queries of a write that adds a turn of ``points`` points to a report of its own."""
    session = a_report(organiser)
    rnd, speaker = session.rounds.get(), session.participations.get(order=2)
    turn = {"participation": speaker.uuid, "points": [{"text": f"Point {n}."} for n in range(points)]}
    with CaptureQueriesContext(connection) as queries:
        write(session, organiser, in_round(rnd, contributions=[turn]))
    assert Point.objects.filter(contribution__round=rnd, contribution__participation=speaker).count() == points
    return [query["sql"] for query in queries]


def test_a_new_point_costs_its_row_its_text_and_their_history_and_no_checks(organiser):
    _new_turn_queries(organiser, 1)  # the first write of a test fills caches
    one, three = _new_turn_queries(organiser, 1), _new_turn_queries(organiser, 3)
    assert len(three) - len(one) == 2 * 4  # the INSERTs below, and no query to check anything
    tables = sorted(sql.split('"')[1] for sql in three if sql.startswith("INSERT"))
    assert tables == sorted(
        ["gsef_sessions_contribution", "gsef_sessions_historicalcontribution", "gsef_sessions_render"]
        + 3 * ["gsef_sessions_point", "gsef_sessions_point_translation"]
        + 3 * ["gsef_sessions_historicalpoint", "gsef_sessions_historicalpointtranslation"]
    )


def test_orders_that_clash_within_a_list_or_with_a_kept_item_are_refused(session, organiser):
    rnd = session.rounds.get()
    turn = rnd.contributions.get()
    questions = [{"text": "Why?", "order": 4}, {"text": "How?", "order": 4}]
    turns = [
        {"participation": turn.participation.uuid, "order": 1},
        {"uuid": turn.uuid, "points": [{"text": "Another point.", "order": 1}]},
    ]
    with pytest.raises(ValidationError) as clash:
        write(session, organiser, in_round(rnd, questions=questions, contributions=turns))
    assert clash.value.message_dict == {
        "rounds.0.questions.1": ["Two guiding questions have the same order."],
        "rounds.0.contributions.0": ["Two contributions in this round have the same order."],
        "rounds.0.contributions.1.points.0": ["Two points of this contribution have the same order."],
    }
    assert list(rnd.questions.all()) == [] and rnd.contributions.count() == 1 and Point.objects.count() == 2
