#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.management import execute_from_command_line

    from config import embedded

    embedded.start_postgres()  # the embedded PostgreSQL, unless DATABASE_URL names a database

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
