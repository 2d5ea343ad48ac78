"""Slim models, one module per concept; rules that span models live in ``domain/``."""

from .attendance import AttendanceCount
from .forums import Forum, ForumPartner, SessionKind
from .organisations import Organisation
from .participations import Participation
from .people import Person
from .qa import AudienceQuestion
from .rounds import Contribution, GuidingQuestion, Point, Round
from .sessions import Session, SessionSponsor

__all__ = [
    "AttendanceCount", "AudienceQuestion", "Contribution", "Forum", "ForumPartner", "GuidingQuestion",
    "Organisation", "Participation", "Person", "Point", "Round", "Session", "SessionKind", "SessionSponsor",
]
