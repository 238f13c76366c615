from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("<slug:notebook>/<slug:slug>/", views.page_detail, name="page-detail"),
]
