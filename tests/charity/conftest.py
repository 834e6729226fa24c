from dataclasses import dataclass

import pytest

from charity.models import CharityProject, Fund
from stations.models import Household, Resident
from tests.charity.factories import CharityProjectFactory, FundFactory
from tests.factories import HouseholdFactory, ResidentFactory


@dataclass
class Charity:
    fund: Fund
    project: CharityProject
    household1: Household  # room 1
    household2: Household  # room 2
    resident1: Resident  # room 1


@pytest.fixture
def charity(world) -> Charity:
    """A fund whose committee is the supervisor, with a project in room 1 and room 2."""
    fund = FundFactory(
        station=world.station, committee=[world.supervisor], rooms=[world.room1, world.room2]
    )
    project = CharityProjectFactory(
        fund=fund, title="暖冬救助", rooms=[world.room1, world.room2], responsible=world.staff
    )
    return Charity(
        fund=fund,
        project=project,
        household1=HouseholdFactory(room=world.room1, name="王一户"),
        household2=HouseholdFactory(room=world.room2, name="赵二户"),
        resident1=ResidentFactory(room=world.room1, real_name="孙小明"),
    )
