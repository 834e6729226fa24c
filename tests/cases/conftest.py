import pytest


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Photos of visits and records go to a temporary MEDIA_ROOT, never the project's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
