import datetime
from decimal import Decimal

from tests.volunteers.factories import ServiceRecordFactory, VolunteerFactory
from volunteers.figures import volunteer_figures

YEAR = {"date_from": datetime.date(2022, 1, 1), "date_to": datetime.date(2022, 12, 31)}


def test_volunteer_figures_count_only_confirmed_records(world):
    alice = VolunteerFactory(room=world.room1, registered_on=datetime.date(2021, 5, 1))
    bob = VolunteerFactory(room=world.room2, registered_on=datetime.date(2022, 6, 1))
    carol = VolunteerFactory(room=world.room1, registered_on=datetime.date(2022, 2, 1))
    VolunteerFactory(room=world.room1, registered_on=datetime.date(2023, 1, 2))  # too late
    VolunteerFactory(  # left before the year began
        room=world.room1,
        registered_on=datetime.date(2020, 1, 1),
        status="left",
        left_on=datetime.date(2021, 12, 31),
    )
    VolunteerFactory(  # left during the year: still registered in it
        room=world.room2,
        registered_on=datetime.date(2020, 1, 1),
        status="left",
        left_on=datetime.date(2022, 3, 1),
    )
    ServiceRecordFactory(volunteer=alice, hours=Decimal("3"), date=datetime.date(2022, 3, 1))
    ServiceRecordFactory(
        volunteer=alice, hours=Decimal("2.5"), date=datetime.date(2022, 4, 1), status="corrected"
    )
    ServiceRecordFactory(volunteer=bob, hours=Decimal("4"), date=datetime.date(2022, 7, 1))
    ServiceRecordFactory(volunteer=carol, hours=Decimal("8"), status="recorded")
    ServiceRecordFactory(
        volunteer=carol, hours=Decimal("5"), date=datetime.date(2022, 8, 1), status="disputed"
    )
    ServiceRecordFactory(volunteer=bob, hours=Decimal("6"), date=datetime.date(2023, 1, 3))
    other = VolunteerFactory(room=world.other_room)
    ServiceRecordFactory(volunteer=other, hours=Decimal("20"))

    assert volunteer_figures(station=world.station, **YEAR) == {
        "registered": 4,
        "active": 2,
        "person_times": 3,
        "hours": 9.5,
    }
    assert volunteer_figures(station=world.station, rooms=[world.room1], **YEAR) == {
        "registered": 2,
        "active": 1,
        "person_times": 2,
        "hours": 5.5,
    }


def test_volunteer_figures_of_an_empty_period_are_zero(world):
    figures = volunteer_figures(
        station=world.station,
        date_from=datetime.date(2030, 1, 1),
        date_to=datetime.date(2030, 1, 31),
    )
    assert figures == {"registered": 0, "active": 0, "person_times": 0, "hours": 0.0}
