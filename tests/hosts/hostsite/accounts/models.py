from django.contrib.auth.models import AbstractUser
from django.db import models


class User(AbstractUser):
    """The host's own user model: gsef_sessions must only ever refer to AUTH_USER_MODEL."""

    email = models.EmailField("email address", unique=True)
