"""The rapporteurs' and organisers' admin: thin ModelAdmins that call domain/."""

from . import directory, rounds, sessions  # noqa: F401  (registration)
from . import webhooks  # noqa: F401  (registration)
