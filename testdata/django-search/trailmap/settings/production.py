import os
import ssl

import dj_database_url

from .base import *  # noqa: F401,F403

DEBUG = False

DATABASES = {
    "default": dj_database_url.parse(f"{os.environ['DATABASE_URL']}?sslmode=require", conn_max_age=600),
    "salesforce": {
        "ENGINE": "salesforce.backend",
        "CONSUMER_KEY": env("SF_CONSUMER_KEY"),
        "CONSUMER_SECRET": env("SF_CONSUMER_SECRET"),
        "HOST": "https://login.salesforce.com",
    },
}

# Heroku Redis (premium plans) only accepts TLS, with a self-signed certificate.
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": env("REDIS_URL"),
        "OPTIONS": {
            "CLIENT_CLASS": "django_redis.client.DefaultClient",
            "CONNECTION_POOL_KWARGS": {"ssl_cert_reqs": None},
        },
    }
}

CELERY_BROKER_URL = env("REDIS_URL")
CELERY_BROKER_USE_SSL = {"ssl_cert_reqs": ssl.CERT_NONE}

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env("EMAIL_HOST", default="smtp.mailgun.org")
EMAIL_USE_TLS = True
