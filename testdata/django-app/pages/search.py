from django.contrib.postgres.search import TrigramSimilarity

from .models import Page

MIN_SIMILARITY = 0.2


def search_pages(query, limit=25):
    """Fuzzy title search backed by pg_trgm (see migration 0003)."""
    return (
        Page.objects.filter(published_at__isnull=False)
        .annotate(similarity=TrigramSimilarity("title", query))
        .filter(similarity__gt=MIN_SIMILARITY)
        .order_by("-similarity")[:limit]
    )
