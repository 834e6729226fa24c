"""The search behind the pickers (stations/pickers.py): JSON, scoped, bounded."""

from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET

from stations.pickers import PICKERS, picker_results
from stations.views_base import personal_data_required


@require_GET
@personal_data_required
def pick(request, kind):
    """`?q=` words (name, pseudonym, room, age, tag …) → `{"results": [{"id", "label",
    "detail"}], "more": bool}` among the rows the user may choose. Officials get 403."""
    picker = PICKERS.get(kind)
    if picker is None:
        raise Http404
    response = JsonResponse(picker_results(picker, request.user, request.GET.get("q", "")))
    response["Cache-Control"] = "no-store"  # names of people: never kept by a cache
    return response
