import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded photos and files go to a temporary MEDIA_ROOT, never the project's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
