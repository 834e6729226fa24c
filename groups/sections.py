"""The resident page's block of group work: the groups a resident belongs to, with sign-ins."""

from django.db.models import Count

from groups.models import GroupMember


def resident_groups(request, resident) -> dict:
    """One query: the resident's memberships in groups the user may see, with attendance counts."""
    memberships = (
        GroupMember.objects.visible_to(request.user)
        .filter(resident=resident)
        .select_related("group", "group__room")
        .annotate(attended=Count("attendances"))
        .order_by("-group__start_date")
    )
    return {"memberships": list(memberships)}
