from django.core.management.base import CommandError

from stations.models import Room, Station, User


def station_and_room(station_code, room_code):
    try:
        station = Station.objects.get(code=station_code)
    except Station.DoesNotExist:
        raise CommandError(f"No station with code {station_code!r}.") from None
    room = None
    if room_code:
        try:
            room = Room.objects.get(station=station, code=room_code)
        except Room.DoesNotExist:
            raise CommandError(f"No room {room_code!r} in station {station_code}.") from None
    return station, room


def command_user(username):
    """The account the rows are recorded as written by: --user, else the first superuser."""
    users = User.objects.filter(is_active=True)
    user = (
        users.filter(username=username).first()
        if username
        else users.filter(is_superuser=True).order_by("pk").first()
    )
    if user is None:
        raise CommandError("Name an active account with --user (or create a superuser).")
    return user
