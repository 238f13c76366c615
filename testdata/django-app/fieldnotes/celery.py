import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fieldnotes.settings")

app = Celery("fieldnotes")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Worker names come from --hostname in the Procfile. Previously
# os.environ["DYNO"] was used on heroku to set worker_direct queue names here.
app.conf.worker_send_task_events = True
app.conf.task_acks_late = True
app.conf.worker_prefetch_multiplier = 1
