#!/usr/bin/env python
"""An existing site that adds gsef_sessions from its wheel (see bin/test, stage "host")."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hostsite.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
