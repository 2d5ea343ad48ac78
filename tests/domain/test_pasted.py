import pytest
from django.utils import translation

from gsef_sessions.domain.pasted import (
    points_text,
    questions_text,
    sync_guiding_questions,
    sync_points,
)
from gsef_sessions.models import Point
from tests.factories import ContributionFactory, RoundFactory

pytestmark = pytest.mark.django_db

BLOCK = """- Young people can learn many skills by working with older people.

- Taiwan has a national strategy in four components:
1) Infrastructure development
2) Innovation

- "There is an opportunity for society."
"""


def texts(contribution, language="en"):
    rows = []
    for point in contribution.points.filter(parent=None).order_by("order"):
        point.set_current_language(language)
        rows.append((point.order, point.text, point.is_quote, [c.text for c in point.children.order_by("order")]))
    return rows


def test_sync_points_creates_points_subpoints_and_quotes():
    contribution = ContributionFactory()
    sync_points(contribution=contribution, text=BLOCK, language="en")
    assert texts(contribution) == [
        (1, "Young people can learn many skills by working with older people.", False, []),
        (2, "Taiwan has a national strategy in four components:", False, ["Infrastructure development", "Innovation"]),
        (3, '"There is an opportunity for society."', True, []),
    ]


def test_sync_points_edit_keeps_ids_and_other_languages():
    contribution = ContributionFactory()
    sync_points(contribution=contribution, text=BLOCK, language="en")
    uuids = list(contribution.points.filter(parent=None).order_by("order").values_list("uuid", flat=True))
    sync_points(
        contribution=contribution,
        text="- Los jóvenes aprenden.\n\n- Taiwán:\n1) Infraestructura\n2) Innovación\n\n- Otra",
        language="es",
    )
    sync_points(contribution=contribution, text=BLOCK.replace("many skills", "a lot"), language="en")
    assert list(contribution.points.filter(parent=None).order_by("order").values_list("uuid", flat=True)) == uuids
    assert texts(contribution, "es")[0][1] == "Los jóvenes aprenden."
    assert texts(contribution, "en")[0][1] == "Young people can learn a lot by working with older people."


def test_sync_points_removes_points_no_longer_pasted():
    contribution = ContributionFactory()
    sync_points(contribution=contribution, text=BLOCK, language="en")
    sync_points(contribution=contribution, text="- Only this one.", language="en")
    assert texts(contribution) == [(1, "Only this one.", False, [])]
    assert Point.objects.filter(contribution=contribution).count() == 1


def test_sync_points_bumps_session_version():
    contribution = ContributionFactory()
    before = contribution.round.session.version
    sync_points(contribution=contribution, text=BLOCK, language="en")
    contribution.round.session.refresh_from_db()
    assert contribution.round.session.version == before + 1


def test_points_text_reads_back_what_was_pasted():
    contribution = ContributionFactory()
    sync_points(contribution=contribution, text=BLOCK, language="en")
    with translation.override("en"):
        block = points_text(contribution=contribution, language="en")
    assert block == (
        "Young people can learn many skills by working with older people.\n\n"
        "Taiwan has a national strategy in four components:\n    1) Infrastructure development\n    2) Innovation\n\n"
        '"There is an opportunity for society."'
    )


def test_sync_guiding_questions_one_per_line():
    rnd = RoundFactory()
    sync_guiding_questions(
        round=rnd,
        text="What are the opportunities offered by digitalization for the future of work?\n\n"
        "• What is the role of the government?\n",
        language="en",
    )
    assert questions_text(round=rnd, language="en") == (
        "What are the opportunities offered by digitalization for the future of work?\n"
        "What is the role of the government?"
    )


def test_sync_points_same_text_writes_nothing():
    contribution = ContributionFactory()
    sync_points(contribution=contribution, text=BLOCK, language="en")
    stamps = list(Point.objects.order_by("pk").values_list("updated_at", flat=True))
    version = contribution.round.session.version
    assert sync_points(contribution=contribution, text=BLOCK, language="en") is False
    contribution.round.session.refresh_from_db()
    assert contribution.round.session.version == version
    assert list(Point.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps


def test_sync_guiding_questions_same_text_writes_nothing():
    rnd = RoundFactory()
    sync_guiding_questions(round=rnd, text="What is the role of the government?", language="en")
    rnd.session.refresh_from_db()
    version = rnd.session.version
    assert sync_guiding_questions(round=rnd, text="What is the role of the government?\n", language="en") is False
    rnd.session.refresh_from_db()
    assert rnd.session.version == version
