import datetime

from stations.figures import key_population_figures, resident_counts
from tests.factories import KeyPopulationTagFactory, ResidentFactory

D = datetime.date


def test_key_population_figures_count_distinct_residents_with_a_tag_in_force(
    world, django_assert_num_queries
):
    a = ResidentFactory(room=world.room1)
    b = ResidentFactory(room=world.room2)
    archived = ResidentFactory(
        room=world.room1, archived_at=datetime.datetime(2022, 6, 1, tzinfo=datetime.UTC)
    )
    elsewhere = ResidentFactory(room=world.other_room)
    KeyPopulationTagFactory(resident=a, category="dibao", start_date=D(2021, 1, 1))
    KeyPopulationTagFactory(resident=a, category="dibao", start_date=D(2022, 3, 1))  # same person
    KeyPopulationTagFactory(
        resident=b, category="dibao", start_date=D(2020, 1, 1), end_date=D(2022, 1, 15)
    )
    KeyPopulationTagFactory(
        resident=b,
        category="disabled",
        start_date=D(2019, 1, 1),
        end_date=D(2021, 12, 31),
        disability_category="visual",
        disability_grade=1,
    )  # ended before
    KeyPopulationTagFactory(resident=a, category="elderly_alone", start_date=D(2023, 1, 1))  # after
    KeyPopulationTagFactory(resident=archived, category="dibao", start_date=D(2021, 1, 1))
    KeyPopulationTagFactory(resident=elsewhere, category="dibao", start_date=D(2021, 1, 1))

    with django_assert_num_queries(1):
        figures = key_population_figures(
            station=world.station, date_from=D(2022, 1, 1), date_to=D(2022, 12, 31)
        )
    assert figures["dibao"] == 2
    assert figures["disabled"] == 0
    assert figures["elderly_alone"] == 0
    assert set(figures) >= {"dibao", "extreme_poverty", "left_behind_child"}
    room1 = key_population_figures(
        station=world.station, date_from=D(2022, 1, 1), date_to=D(2022, 12, 31), rooms=[world.room1]
    )
    assert room1["dibao"] == 1


def test_resident_counts_registered_by_the_end_of_the_period(world):
    ResidentFactory(room=world.room1, registered_on=D(2021, 5, 1))
    ResidentFactory(room=world.room2, registered_on=D(2022, 5, 1))
    ResidentFactory(room=world.room1, registered_on=D(2023, 1, 2))
    ResidentFactory(
        room=world.room1,
        registered_on=D(2022, 1, 2),
        archived_at=datetime.datetime(2022, 6, 1, tzinfo=datetime.UTC),
    )
    ResidentFactory(room=world.other_room, registered_on=D(2022, 1, 2))
    counts = resident_counts(
        station=world.station, date_from=D(2022, 1, 1), date_to=D(2022, 12, 31)
    )
    assert counts["registered"] == 2
    assert counts["new"] == 1
    assert (
        resident_counts(
            station=world.station,
            date_from=D(2022, 1, 1),
            date_to=D(2022, 12, 31),
            rooms=[world.room2],
        )["registered"]
        == 1
    )
