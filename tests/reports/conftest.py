import pytest

from tests.reports.fakes import install


@pytest.fixture
def fake_figures(monkeypatch):
    """Every app's figure functions replaced by known numbers (tests of the report's arithmetic)."""
    return install(monkeypatch, only_missing=False)


@pytest.fixture
def figures_or_fakes(monkeypatch):
    """Stand-ins only for the figure modules that have not landed yet in this branch."""
    return install(monkeypatch, only_missing=True)
