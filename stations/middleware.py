from django.shortcuts import render


class RejectNulBytesMiddleware:
    """A NUL character in a query parameter is never real input, and PostgreSQL refuses it in a
    text comparison (a 500 on every search box). Answer 400 with the Chinese error page instead.
    Form fields already refuse NUL in POSTed text (Django's ProhibitNullCharactersValidator)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return render(request, "400.html", status=400)
        return self.get_response(request)
