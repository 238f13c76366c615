"""
Django settings for fieldnotes.

Configuration comes from the environment (12-factor). See docs/deploying.md
for the full list of variables.
"""
import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-insecure-key")
DEBUG = os.environ.get("DJANGO_DEBUG", "False") == "True"
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",") if h]

# Heroku sets DYNO on every dyno ("web.1", "worker.1", "run.1234").
DYNO_NAME = os.environ.get("DYNO")
ON_HEROKU = DYNO_NAME is not None

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "pages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "fieldnotes.urls"
WSGI_APPLICATION = "fieldnotes.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(conn_max_age=600, ssl_require=True),
    # Read-only replica of the analytics warehouse, for the reporting views.
    "analytics": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ.get("ANALYTICS_DB_NAME", "fieldnotes_analytics"),
        "USER": os.environ.get("ANALYTICS_DB_USER", "reporter"),
        "PASSWORD": os.environ.get("ANALYTICS_DB_PASSWORD", ""),
        "HOST": os.environ.get("ANALYTICS_DB_HOST", "fieldnotes-analytics.c9akciq32lbz.us-west-2.rds.amazonaws.com"),
        "PORT": os.environ.get("ANALYTICS_DB_PORT", "5432"),
        "OPTIONS": {"connect_timeout": 5, "application_name": "fieldnotes-reports"},
    },
}
DATABASE_ROUTERS = ["pages.routers.AnalyticsRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/Denver"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = ON_HEROKU
SESSION_COOKIE_SECURE = ON_HEROKU
CSRF_COOKIE_SECURE = ON_HEROKU

CELERY_BROKER_URL = os.environ.get("REDIS_URL", "redis://localhost:6379/0")
CELERY_TASK_ALWAYS_EAGER = DEBUG

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": f"{DYNO_NAME or 'local'} %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

if os.environ.get("SENTRY_DSN"):
    import sentry_sdk

    sentry_sdk.init(
        dsn=os.environ["SENTRY_DSN"],
        server_name=DYNO_NAME,
        traces_sample_rate=0.1,
    )
