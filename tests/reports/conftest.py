import pytest

from tests.reports.fakes import install


@pytest.fixture
def fake_figures(monkeypatch):
    """Every app's figure functions replaced by known numbers (tests of the report's arithmetic)."""
    return install(monkeypatch)
