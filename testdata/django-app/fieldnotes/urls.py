from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path


def healthcheck(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", healthcheck),
    path("", include("pages.urls")),
]
