from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from .models import Page
from .search import search_pages


def index(request):
    pages = Page.objects.filter(published_at__lte=timezone.now()).select_related("notebook")[:20]
    return render(request, "pages/index.html", {"pages": pages})


def page_detail(request, notebook, slug):
    page = get_object_or_404(Page, notebook__slug=notebook, slug=slug, published_at__isnull=False)
    return render(request, "pages/page_detail.html", {"page": page})


def search(request):
    query = request.GET.get("q", "").strip()
    results = search_pages(query) if query else []
    return render(request, "pages/search.html", {"query": query, "results": results})
