"""Two people, two database connections, the same document: the second save is refused."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from cases import services
from cases.forms import AssessmentForm
from cases.models import Assessment, Case
from stations.concurrency import EditConflict, save_versioned
from tests.cases.factories import complete_case
from tests.factories import ResidentFactory, RoomFactory, StationFactory, UserFactory


def run_in_threads(*targets):
    """Run each target in its own thread (its own connection), starting together."""
    barrier = threading.Barrier(len(targets))
    results = [None] * len(targets)

    def runner(index, target):
        try:
            barrier.wait()
            results[index] = target()
        except Exception as error:  # the test inspects what each thread raised
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i, t)) for i, t in enumerate(targets)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_the_second_of_two_simultaneous_edits_is_refused():
    worker = UserFactory()
    case = complete_case(stage="assessment", resident=ResidentFactory(), worker=worker)
    assessment = case.assessments.get()
    loaded_version = assessment.version

    def edit(summary):
        def save():
            instance = Assessment.objects.get(pk=assessment.pk)
            form = AssessmentForm(
                {"assessed_on": "2022-03-05", "summary": summary, "version": loaded_version},
                instance=instance,
            )
            assert form.is_valid(), form.errors
            return save_versioned(form)

        return save

    results = run_in_threads(edit("社工甲的结论"), edit("社工乙的结论"))

    conflicts = [r for r in results if isinstance(r, EditConflict)]
    saved = [r for r in results if isinstance(r, Assessment)]
    assert len(conflicts) == 1 and len(saved) == 1, results
    final = Assessment.objects.get(pk=assessment.pk)
    assert final.summary == saved[0].summary
    assert final.version == loaded_version + 1
    assert ("预估结论", final.summary) in [(str(k), v) for k, v in conflicts[0].changed_fields]


@pytest.mark.django_db(transaction=True)
def test_simultaneous_new_cases_get_distinct_numbers():
    station = StationFactory(code="CCZ")
    room = RoomFactory(station=station)
    worker = UserFactory(station=station, rooms=[room])
    residents = [ResidentFactory(room=room) for _ in range(4)]

    def open_case(resident):
        return lambda: (
            services.case_create(
                resident=resident, worker=worker, source="self", presenting_problem="x", by=worker
            ).number
        )

    numbers = run_in_threads(*[open_case(r) for r in residents])
    year = timezone.localdate().year
    assert sorted(numbers) == [f"CCZ-{year}-{n:04d}" for n in range(1, 5)], numbers
    assert Case.objects.count() == 4
