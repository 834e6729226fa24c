"""Small-count protection survives subtraction: the exact station total minus the other rooms
never gives a "<5" room's count exactly (complementary suppression, reports.services)."""

import datetime
import random

import pytest

from reports import services
from tests.factories import KeyPopulationTagFactory, ResidentFactory, RoomFactory

FROM, TO = datetime.date(2022, 1, 1), datetime.date(2022, 12, 31)


def candidates(shown: list, total: int) -> list[set]:
    """What an attacker who knows the total can say about each cell: its possible values."""
    ranges = []
    for value in shown:
        if value == services.SUPPRESSED:
            ranges.append((0, services.SUPPRESSION_THRESHOLD - 1))
        elif value == services.COMPLEMENT:
            ranges.append((0, total))
        else:
            ranges.append((value, value))
    result = []
    for index, (low, high) in enumerate(ranges):
        others_low = sum(r[0] for i, r in enumerate(ranges) if i != index)
        others_high = sum(r[1] for i, r in enumerate(ranges) if i != index)
        result.append({v for v in range(low, high + 1) if others_low <= total - v <= others_high})
    return result


def assert_no_small_cell_recoverable(counts, shown):
    possible = candidates(shown, sum(counts))
    for count, values in zip(counts, possible, strict=True):
        if 0 < count < services.SUPPRESSION_THRESHOLD:
            assert len(values) > 1, (counts, shown)


@pytest.mark.parametrize(
    "counts",
    [[3, 0, 0, 0], [3, 0], [1, 7, 9], [4, 4, 0], [4, 4, 12], [2, 5, 5], [0, 0, 0], [6, 8]],
)
def test_differencing_cannot_recover_a_small_room(counts):
    shown = services.protect_column(counts)
    assert_no_small_cell_recoverable(counts, shown)
    for count, value in zip(counts, shown, strict=True):
        if 0 < count < services.SUPPRESSION_THRESHOLD:
            assert value == services.SUPPRESSED


def test_differencing_cannot_recover_a_small_room_in_random_columns():
    rng = random.Random(14)
    for _ in range(2000):
        counts = [rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 20]) for _ in range(rng.randint(2, 7))]
        if all(count == 4 for count in counts):
            continue  # the exact total alone says it: see protect_column
        assert_no_small_cell_recoverable(counts, services.protect_column(counts))


def test_a_column_without_small_counts_is_shown_exactly():
    assert services.protect_column([0, 5, 12]) == [0, 5, 12]


def test_the_reported_weekly_case_total_minus_other_rooms_gives_nothing(world, fake_figures):
    """The finding: station total exact, every other room 0 exactly, one room "<5"."""
    room3 = RoomFactory(station=world.station, code="r3", order=3)
    children = ResidentFactory.create_batch(3, room=world.room1)
    for child in children:
        KeyPopulationTagFactory(resident=child, category="child_in_difficulty")
    fake_figures.served["cases"] = [child.pk for child in children]
    total = {
        row["key"]: row["served"]
        for row in services.key_populations(station=world.station, date_from=FROM, date_to=TO)
    }["child_in_difficulty"]
    rooms = [world.room1, world.room2, room3]
    table = services.key_populations_by_room(
        station=world.station, date_from=FROM, date_to=TO, rooms=rooms
    )
    index = services.KeyPopulation.values.index("child_in_difficulty")
    column = [row["counts"][index] for row in table["rows"]]
    assert total == 3
    assert column[0] == services.SUPPRESSED
    assert_no_small_cell_recoverable([3, 0, 0], column)
    # Each room's own page says the same as the table (no exact 0 to subtract).
    for room, shown in zip(rooms, column, strict=True):
        page = {
            row["key"]: row["served"]
            for row in services.key_populations(
                station=world.station, date_from=FROM, date_to=TO, room=room
            )
        }
        assert page["child_in_difficulty"] == shown
