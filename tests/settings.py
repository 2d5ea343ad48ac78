"""The demo's settings as production runs them (DEBUG off), with a key that is only for tests.

Set in the environment, so that what the tests start (manage.py, Celery workers) has it too.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz")

from project.settings import *  # noqa: F403
