from stations.access import can_use_admin
from stations.exports import can_export_unmasked
from stations.two_factor import STATE_DONE, TWO_FACTOR_STATE
from stations.workbench import nav_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "show_admin_link": False}
    if getattr(request, "session", {}).get(TWO_FACTOR_STATE, STATE_DONE) != STATE_DONE:
        # owing the two-factor code or enrolment: the menu would lead nowhere else yet
        return {"nav_items": [], "show_admin_link": False}
    return {
        "nav_items": nav_for(user),
        "show_admin_link": can_use_admin(user),
        "can_export_unmasked": can_export_unmasked(user),
    }
