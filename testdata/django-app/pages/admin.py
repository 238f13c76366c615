from django.contrib import admin

from .models import Notebook, Page


class PageInline(admin.TabularInline):
    model = Page
    fields = ("title", "slug", "published_at")
    extra = 0


@admin.register(Notebook)
class NotebookAdmin(admin.ModelAdmin):
    list_display = ("title", "owner", "created_at")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [PageInline]


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ("title", "notebook", "published_at", "updated_at")
    list_filter = ("notebook",)
    search_fields = ("title", "body")
