"""``manage.py eservices_retention [--dry-run]``: apply each service's retention period."""

from django.core.management.base import BaseCommand

from eservices.requests.held import purge_abandoned
from eservices.requests.retention import apply_retention, services_with_retention


class Command(BaseCommand):
    help = (
        "Anonymise or delete closed requests older than their service's retention period, and "
        "delete files held for a check-your-answers step that was never confirmed. "
        "With --dry-run, only say what would be done."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Change nothing; list what would change."
        )

    def handle(self, *args, dry_run=False, verbosity=1, **options):
        total = 0
        for service in services_with_retention():
            result = apply_retention(service, dry_run=dry_run)
            total += result.count
            if not result.count:
                continue
            self.stdout.write(
                "%s: %s %d request(s) closed more than %d days ago"
                % (
                    result.service,
                    ("would " + result.action) if dry_run else result.action + "d",
                    result.count,
                    service.retention_days,
                )
            )
            if verbosity > 1:
                for number in result.tracking_numbers:
                    self.stdout.write("  " + number)
        summary = "Dry run: %d request(s) would change." if dry_run else "%d request(s) changed."
        self.stdout.write(summary % total)
        if not dry_run:
            self.stdout.write("%d abandoned held file(s) deleted." % purge_abandoned())
