"""One-time form tokens: a repeated submission returns the record already made.

Every create form renders `{% form_token %}` (a hidden `form_token` field with a fresh random
value). `OnceMiddleware` claims the token of a POST with a unique insert before the view runs:

- the first request runs the view; if it redirects (saved), the token remembers where to;
  if it answers anything else (the form re-rendered with errors, an error), the token is released
  so that the corrected form can be sent again;
- a repeat (double tap, back-and-resubmit, a retry on a bad connection) never reaches the view:
  it gets the first request's redirect, i.e. the record already made; while the first is still
  running it waits a little, then is told to check before sending again.

No view needs to know: the middleware does it for the whole site.

A script that sends a form with fetch() (the offline outbox, static/js/offline.js) adds the header
`X-Outbox: 1`: a saving answer then comes as JSON `{"saved": true, "repeat": bool, "location": url}`
instead of a redirect (which fetch would follow, reading the next page and its messages); a form
with errors still comes back as its page, from which the script reads the messages.
"""

import secrets
import time

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from stations.models import FormToken, TokenStatus

FIELD = "form_token"
OUTBOX_HEADER = "X-Outbox"
WAIT_SECONDS = 5.0
POLL_SECONDS = 0.2


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _valid(token: str) -> bool:
    return 16 <= len(token) <= 64 and token.replace("-", "").replace("_", "").isalnum()


class OnceMiddleware:
    """Place after the CSRF, authentication and message middleware: the token is claimed in
    `process_view`, after the CSRF check has passed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.claimed_form_tokens = []
        try:
            response = self.get_response(request)
        except BaseException:
            for claimed in request.claimed_form_tokens:
                FormToken.objects.filter(pk=claimed.pk).delete()
            raise
        for claimed in request.claimed_form_tokens:
            if response.status_code in (301, 302, 303) and response.get("Location"):
                claimed.status = TokenStatus.DONE
                claimed.location = response["Location"][:500]
                claimed.save(update_fields=["status", "location"])
            else:
                FormToken.objects.filter(pk=claimed.pk).delete()
        return self._readable(request, response)

    @staticmethod
    def _readable(request, response):
        """For a fetch() sender, a redirect (saved, or the first submission's record) as JSON."""
        if request.headers.get(OUTBOX_HEADER) != "1" or request.method != "POST":
            return response
        # Only a form with a token that was saved (or had been): not a redirect to the login page.
        repeat = getattr(request, "form_token_repeat", False)
        if not (request.claimed_form_tokens or repeat):
            return response
        if response.status_code not in (301, 302, 303) or not response.get("Location"):
            return response
        return JsonResponse(
            {
                "saved": True,
                "repeat": repeat,
                "location": response["Location"],
            }
        )

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST" or not request.user.is_authenticated:
            return None
        token = request.POST.get(FIELD, "")
        if not token or not _valid(token):
            return None
        try:
            with transaction.atomic():
                claimed = FormToken.objects.create(
                    token=token, user=request.user, path=request.path[:500]
                )
        except IntegrityError:
            return self._repeat(request, token)
        request.claimed_form_tokens.append(claimed)
        return None

    def _repeat(self, request, token):
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            first = FormToken.objects.filter(token=token).first()
            if first is None:
                # Released meanwhile (the first had errors): this one is a fresh attempt.
                return self.process_view(request, None, (), {})
            if first.user_id != request.user.pk:
                return render(request, "400.html", status=400)
            if first.status == TokenStatus.DONE:
                request.form_token_repeat = True
                messages.info(request, _("这份表单已经提交过，没有重复保存；以下是已保存的记录。"))
                return HttpResponseRedirect(first.location)
            if time.monotonic() >= deadline:
                return render(request, "stations/form_token_running.html", status=409)
            time.sleep(POLL_SECONDS)
