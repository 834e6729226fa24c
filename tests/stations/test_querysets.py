"""stations.querysets.RoomScopedQuerySet: every room-scoped model names room paths that exist."""

from django.apps import apps

from stations.querysets import RoomScopedQuerySet


def room_scoped_models():
    return [
        model
        for model in apps.get_models()
        if isinstance(model._default_manager.all(), RoomScopedQuerySet)
    ]


def test_the_room_scoped_models_are_found():
    names = {model.__name__ for model in room_scoped_models()}
    assert {"Resident", "Case", "Activity", "Group", "Beneficiary"} <= names


def test_every_room_scoped_model_resolves_its_room_paths(world):
    for model in room_scoped_models():
        for user in (world.worker1, world.staff):
            # Compiling the query raises FieldError on a path or station field that does not exist.
            str(model._default_manager.visible_to(user).query)
