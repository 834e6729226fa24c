import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from activities.models import Activity
from reports.load import TIERS, Loader
from stations.models import Station


class Command(BaseCommand):
    help = (
        "Add fictional records at a benchmark size: tier S, M, L or XL (reports/load.py, README "
        "'Performance'). For a benchmark database only: the rows are fictional."
    )

    def add_arguments(self, parser):
        parser.add_argument("--tier", choices=sorted(TIERS), default="S")
        parser.add_argument("--seed", type=int, default=2022)

    def handle(self, *args, tier, seed, **options):
        if not Station.objects.filter(code="CCZ").exists():
            call_command("seed_demo", verbosity=0)
        if Activity.objects.filter(title="负载测试活动1").exists():
            raise CommandError(
                "This database already holds a generated load: use a fresh database "
                "(createdb, migrate) for another tier."
            )
        start = time.monotonic()
        Loader(TIERS[tier], seed=seed, out=self.stdout.write).run()
        self.stdout.write(
            self.style.SUCCESS(f"Tier {tier} loaded in {time.monotonic() - start:.0f} s.")
        )
