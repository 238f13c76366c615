from django.http import JsonResponse

from .models import Survey


def index(request):
    latest = Survey.objects.order_by("-surveyed_at")[:50]
    return JsonResponse({"surveys": [s.as_json() for s in latest]})
