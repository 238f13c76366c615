import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reefwatch.settings")

app = Celery("reefwatch")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
