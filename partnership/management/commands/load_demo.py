from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from partnership import demo
from partnership.registry import registry


class Command(BaseCommand):
    help = "Create or refresh the demo partnerships, people and data (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.ALLOW_DEMO_DATA:
            raise CommandError("Demo data is disabled here (ALLOW_DEMO_DATA is off): its "
                               "passwords are published.")
        with transaction.atomic():
            demo.load(self.stdout)
            for loader in registry.demo_loaders:
                loader(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        self.stdout.write(f"Every demo account's password is: {demo.DEMO_PASSWORD}")
        for user in demo.DEMO_USERS:
            where = user.partnership or (f"OPCC {user.opcc}" if user.opcc else "all partnerships")
            roles = ", ".join(role.label for role in user.roles) or (
                "system admin" if user.superuser else "OPCC officer")
            self.stdout.write(f"  {user.email:42} {roles} ({where})")
