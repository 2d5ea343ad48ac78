"""gsef-sessions: structured, published reports of a forum's sessions."""

__version__ = "0.1.0"
