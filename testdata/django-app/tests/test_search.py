import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from pages.models import Notebook, Page
from pages.search import search_pages


@pytest.fixture
def notebook(db):
    owner = get_user_model().objects.create_user("ranger", "ranger@example.org", "pw")
    return Notebook.objects.create(title="Alpine Flora", slug="alpine-flora", owner=owner)


def test_fuzzy_title_match(notebook):
    Page.objects.create(notebook=notebook, title="Moss campion", published_at=timezone.now())
    Page.objects.create(notebook=notebook, title="Sky pilot", published_at=timezone.now())

    titles = [p.title for p in search_pages("mos campian")]

    assert titles == ["Moss campion"]


def test_unpublished_pages_are_hidden(notebook):
    Page.objects.create(notebook=notebook, title="Draft: marmots", published_at=None)

    assert list(search_pages("marmots")) == []
