import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = os.environ.get("DEBUG", "") == "1"
ALLOWED_HOSTS = os.environ.get("ALLOWED_HOSTS", "").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "surveys",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]

ROOT_URLCONF = "reefwatch.urls"
WSGI_APPLICATION = "reefwatch.wsgi.application"

# pgbouncer (heroku-buildpack-pgbouncer) rewrites DATABASE_URL to a local socket at boot;
# transaction pooling needs server-side cursors off.
DATABASES = {"default": dj_database_url.config(conn_max_age=0, ssl_require=True)}
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True

CELERY_BROKER_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
CELERY_TIMEZONE = "UTC"

TIME_ZONE = "UTC"
USE_TZ = True
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "static/"
