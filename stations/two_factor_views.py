"""The two-factor pages: the code step after the password, enrolment, recovery codes
(stations.two_factor holds the rules and writes)."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters

from stations import two_factor
from stations.two_factor import STATE_DONE, STATE_VERIFY, TWO_FACTOR_STATE


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("验证码"),
        max_length=32,
        help_text=gettext_lazy("手机身份验证器上显示的6位数字；手机不在身边时，输入一个恢复码。"),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class EnrolCodeForm(CodeForm):
    code = forms.CharField(
        label=gettext_lazy("验证码"),
        max_length=32,
        help_text=gettext_lazy("扫码后，身份验证器上显示的6位数字。"),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


def _next_url(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def _locked_message():
    return _("验证码错误次数过多，两步验证已暂时锁定，请稍后再试或联系站长。")


@sensitive_post_parameters("code")
def two_factor_verify(request):
    """After the password: the authenticator's code or a recovery code."""
    if request.session.get(TWO_FACTOR_STATE) != STATE_VERIFY:
        return redirect(_next_url(request))
    form = CodeForm(request.POST or None)
    locked = two_factor.code_step_locked(request.user)
    if request.method == "POST" and not locked and form.is_valid():
        if two_factor.two_factor_verify(
            request=request, user=request.user, code=form.cleaned_data["code"]
        ):
            if request.user.otp_device.name == two_factor.RECOVERY_NAME:
                messages.warning(
                    request,
                    _("已用恢复码登录，该恢复码已作废；还剩 %(count)d 个。")
                    % {"count": two_factor.recovery_codes_left(request.user)},
                )
            return redirect(_next_url(request))
        form.add_error("code", _("验证码不正确。"))
        locked = two_factor.code_step_locked(request.user)
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "locked": locked and _locked_message(), "next": _next_url(request)},
        status=429 if locked and request.method == "POST" else 200,
    )


@sensitive_post_parameters("code")
def two_factor_enrol(request):
    """Enrolment (QR code and secret, confirmed with a code), or, once enrolled, the status and
    the recovery codes."""
    state = request.session.get(TWO_FACTOR_STATE)
    if state == STATE_VERIFY:
        return redirect("two_factor_verify")
    if state == STATE_DONE and two_factor.has_device(request.user):
        return render(
            request,
            "registration/two_factor_status.html",
            {"codes_left": two_factor.recovery_codes_left(request.user)},
        )
    locked = two_factor.code_step_locked(request.user)
    if request.method == "POST":
        form = EnrolCodeForm(request.POST)
        if not locked and form.is_valid():
            codes = two_factor.two_factor_enrol(
                request=request, user=request.user, code=form.cleaned_data["code"]
            )
            if codes is not None:
                messages.success(request, _("两步验证已启用。"))
                return render(
                    request,
                    "registration/two_factor_codes.html",
                    {"codes": codes, "next": _next_url(request)},
                )
            form.add_error("code", _("验证码不正确，请核对手机时间后重试。"))
            locked = two_factor.code_step_locked(request.user)
        device = request.user.totpdevice_set.filter(confirmed=False).order_by("-pk").first()
        if device is None:
            device = two_factor.two_factor_enrolment_start(user=request.user)
    else:
        form = EnrolCodeForm()
        device = two_factor.two_factor_enrolment_start(user=request.user)
    return render(
        request,
        "registration/two_factor_enrol.html",
        {
            "form": form,
            "qr_svg": two_factor.qr_code_svg(device),
            "secret": two_factor.secret_base32(device),
            "required": two_factor.two_factor_required(request.user),
            "locked": locked and _locked_message(),
            "next": _next_url(request),
        },
    )


def recovery_codes(request):
    """Ten new recovery codes, shown once; the old ones stop working."""
    if not two_factor.has_device(request.user):
        return redirect("two_factor_enrol")
    if request.method == "POST":
        codes = two_factor.recovery_codes_regenerate(request=request, user=request.user)
        return render(
            request, "registration/two_factor_codes.html", {"codes": codes, "next": reverse("home")}
        )
    return render(
        request,
        "registration/two_factor_regenerate.html",
        {"codes_left": two_factor.recovery_codes_left(request.user)},
    )
