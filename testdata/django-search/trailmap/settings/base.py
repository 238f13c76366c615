import environ

env = environ.Env()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.postgres",
    "salesforce",
    "catalog",
    "monitoring",
]

# django-salesforce talks to the Salesforce API directly; it is not Heroku Connect.
SALESFORCE_DB_ALIAS = "salesforce"
DATABASE_ROUTERS = ["salesforce.router.ModelRouter"]
