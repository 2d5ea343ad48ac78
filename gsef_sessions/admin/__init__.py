"""The rapporteurs' and organisers' admin: thin ModelAdmins that call domain/."""

from . import (  # noqa: F401  (registration)
    directory,
    rounds,
    sessions,
    webhooks,  # noqa: F401  (registration)
)
