"""Deployment checks of the site's own settings (`manage.py check --deploy`)."""

from django.conf import settings
from django.core.checks import Tags, Warning


def two_factor_required_check(app_configs, **kwargs):
    """Production without two-factor login: a stolen password opens the admin and every record."""
    if settings.OTP_REQUIRED:
        return []
    return [
        Warning(
            "OTP_REQUIRED is off: station staff, supervisors and the admin log in with a "
            "password alone.",
            hint="Unset OTP_REQUIRED (on by default with DEBUG off) or set OTP_REQUIRED=true; "
            "README 'Two-factor login'.",
            id="stations.W001",
        )
    ]


def register():
    from django.core.checks import register as register_check

    register_check(two_factor_required_check, Tags.security, deploy=True)
