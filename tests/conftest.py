"""Personas and the shared world every permission table runs against.

The world: one station with room 1 and room 2; station staff; a worker of each room; a
supervisor of both rooms; an official; and a second station that nobody here may see.
"""

from dataclasses import dataclass

import pytest
from django.utils import translation

from stations.models import District, Role, Room, Station, User
from tests.factories import RoomFactory, StationFactory, UserFactory

PERSONAS = [
    "anonymous",
    "staff",
    "worker1",
    "worker2",
    "supervisor",
    "official",
    "district_official",
]


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def default_language_around_each_test():
    """LocaleMiddleware leaves a request's language active in the thread: after a test that
    switched to English, a later test checking Chinese outside a request would see English."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def login_lockout_off(request, settings):
    """django-axes needs the request in authenticate(), which client.login() does not pass.
    Tests marked `lockout` keep it on to test the lockout itself through the login form."""
    if "lockout" not in request.keywords:
        settings.AXES_ENABLED = False


@pytest.fixture(autouse=True)
def two_factor_off(request, settings):
    """Production requires two-factor login of staff and supervisors (OTP_REQUIRED); the personas
    here have no authenticator. Tests marked `two_factor` switch it on."""
    settings.OTP_REQUIRED = "two_factor" in request.keywords


@dataclass
class World:
    station: Station
    room1: Room
    room2: Room
    other_station: Station
    other_room: Room
    staff: User
    worker1: User
    worker2: User
    supervisor: User
    official: User
    district: District
    district_official: User

    def persona(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)


@pytest.fixture
def world(db) -> World:
    district = District.objects.create(name="测试区", code="testdist")
    station = StationFactory(name="测试镇社工站", code="TST", district=district)
    room1 = RoomFactory(station=station, name="一号社工室", code="r1", order=1)
    room2 = RoomFactory(station=station, name="二号社工室", code="r2", order=2)
    other_station = StationFactory(name="别镇社工站", code="OTH")
    other_room = RoomFactory(station=other_station, name="别镇社工室", code="o1")
    return World(
        station=station,
        room1=room1,
        room2=room2,
        other_station=other_station,
        other_room=other_room,
        staff=UserFactory(username="staff", role=Role.STATION_STAFF, station=station),
        worker1=UserFactory(username="worker1", station=station, rooms=[room1]),
        worker2=UserFactory(username="worker2", station=station, rooms=[room2]),
        supervisor=UserFactory(
            username="supervisor", role=Role.SUPERVISOR, station=station, rooms=[room1, room2]
        ),
        official=UserFactory(username="official", role=Role.OFFICIAL, station=station),
        district=district,
        district_official=UserFactory(
            username="district_official",
            role=Role.DISTRICT_OFFICIAL,
            station=None,
            district=district,
        ),
    )


@pytest.fixture
def staff(world):
    return world.staff


@pytest.fixture
def worker1(world):
    return world.worker1


@pytest.fixture
def worker2(world):
    return world.worker2


@pytest.fixture
def supervisor(world):
    return world.supervisor


@pytest.fixture
def official(world):
    return world.official
