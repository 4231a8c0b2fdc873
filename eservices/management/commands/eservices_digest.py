"""``manage.py eservices_digest [--email]``: open and overdue requests per service.

Run it from cron each working morning; ``--email`` sends the table to ``MANAGERS`` as well.
"""

from django.core.mail import mail_managers
from django.core.management.base import BaseCommand
from django.db.models import Count
from django.utils import timezone

from eservices.backoffice.filters import overdue_q
from eservices.catalog.models import ServicePage
from eservices.requests.models import RequestSubmission


def digest_rows(now=None) -> list[tuple[str, str, int, int]]:
    """(service national ID, title, open, overdue) for services with open requests."""
    rows = (
        RequestSubmission.objects.filter(status__is_final=False)
        .values("page_id", "page__title")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=overdue_q(now)))
        .order_by("page__title", "page_id")
    )
    ids = dict(ServicePage.objects.values_list("pk", "national_id"))
    return [
        (ids.get(row["page_id"], ""), row["page__title"], row["open"], row["overdue"])
        for row in rows
    ]


class Command(BaseCommand):
    help = "Report the open and overdue requests of every service."

    def add_arguments(self, parser):
        parser.add_argument("--email", action="store_true", help="Also mail it to MANAGERS.")

    def handle(self, *args, email=False, **options):
        rows = digest_rows()
        now = timezone.localtime()
        lines = ["Requests on %s" % now.strftime("%Y-%m-%d %H:%M"), ""]
        lines.append("%-12s %7s %7s  %s" % ("service ID", "open", "overdue", "service"))
        for national_id, title, open_count, overdue in rows:
            lines.append("%-12s %7d %7d  %s" % (national_id, open_count, overdue, title))
        lines.append("%-12s %7d %7d" % ("total", sum(r[2] for r in rows), sum(r[3] for r in rows)))
        text = "\n".join(lines)
        self.stdout.write(text)
        if email:
            mail_managers("E-services desk: open and overdue requests", text)
