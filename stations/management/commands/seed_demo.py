import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from stations.demo import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Load the demo station (陈仓镇社工站) and its records. Safe to run again: idempotent."

    def handle(self, *args, **options):
        with transaction.atomic():
            station = None
            for config in apps.get_app_configs():
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{config.name}.demo":
                        raise
                    continue
                station = module.seed(station)
                self.stdout.write(f"  {config.verbose_name}: ok")
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready. Logins: zhanzhang, dudao, guanyuan, quguanyuan, shegong01…shegong13 "
                f"(password {DEMO_PASSWORD})"
            )
        )
