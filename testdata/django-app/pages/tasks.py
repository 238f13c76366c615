import logging
import os
import tempfile
from datetime import timedelta

from celery import shared_task
from django.core.mail import send_mass_mail
from django.utils import timezone

from .models import Page

log = logging.getLogger(__name__)

# Dynos have an ephemeral filesystem; only /tmp is safe to write to there.
EXPORT_DIR = "/tmp" if "DYNO" in os.environ else tempfile.gettempdir()


@shared_task
def send_weekly_digest():
    since = timezone.now() - timedelta(days=7)
    pages = list(Page.objects.filter(published_at__gte=since).select_related("notebook__owner"))
    if not pages:
        log.info("weekly digest: nothing published since %s", since.date())
        return 0

    messages = []
    for page in pages:
        owner = page.notebook.owner
        messages.append(
            (f"New in {page.notebook.title}: {page.title}", page.body[:500], None, [owner.email])
        )
    send_mass_mail(messages, fail_silently=False)
    return len(messages)


@shared_task
def export_notebook(notebook_id):
    from .exporters import NotebookExporter

    path = os.path.join(EXPORT_DIR, f"notebook-{notebook_id}.zip")
    NotebookExporter(notebook_id).write_zip(path)
    return path
