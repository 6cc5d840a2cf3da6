import os
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.baseline import SHIPPED_FIXTURES, ensure_baseline, record_baseline, restore_baseline
from tests.browser import CHROMIUM, CHROMIUM_ARGS

SEEDS = Path(settings.SEEDS_DIR)
HECHT_BOOK = SEEDS / "000_a550a1fc7bc0e144.txt"
CJG_BOOK = SEEDS / "002_2136f128de0e1279.txt"


# One reason for every test that needs the source books, so the run ends with one line about them.
SEEDS_MISSING = f"de bronboeken staan niet in {SEEDS} — zet CATALOGUE_SEEDS_DIR naar de map met de bronteksten"


def seed_path(path: Path) -> Path:
    """A source book, or skip the test with the reason when the seeds are not beside the project."""
    if not path.exists():
        pytest.skip(SEEDS_MISSING)
    return path


def pytest_collection_modifyitems(items) -> None:
    """Give schemathesis' generated tests (one per API operation) a node id of their own.

    Its plugin names each item "test[GET /api/v1/...]" but leaves them all the same node id, so pytest
    counted 21 tests as 2: the progress stopped at 96% and xdist reported a run short of what it collected.
    """
    for item in items:
        params = item.name.partition("[")[2].removesuffix("]")
        if params and not item.nodeid.endswith("]"):
            item._id = item._id.with_params(params)  # pytest 9's structured node id (private, pinned)


def pytest_terminal_summary(terminalreporter) -> None:
    """One line per skip reason ("12 tests overgeslagen: ..."), in place of a line per skipped test."""
    reasons = Counter()
    for report in terminalreporter.stats.get("skipped", []):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reasons[reason.removeprefix("Skipped: ")] += 1
    for reason, count in reasons.most_common():
        terminalreporter.write_line(f"{count} {'test' if count == 1 else 'tests'} overgeslagen: {reason}")


@pytest.fixture
def hecht_book() -> Path:
    return seed_path(HECHT_BOOK)


@pytest.fixture
def cjg_book() -> Path:
    return seed_path(CJG_BOOK)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Every test starts with an empty cache: a rolled-back test leaves the catalogue version as it
    found it, and entries it cached must not leak into the next test (its data may have been written
    past the model signals, e.g. with ``bulk_create``)."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        record_baseline()


@pytest.fixture(scope="module", autouse=True)
def _baseline_after_module(django_db_setup, django_db_blocker):
    """Put the baseline back after a module whose committed tests (live server, threads) flushed it."""
    yield
    with django_db_blocker.unblock():
        ensure_baseline()


@pytest.fixture(scope="module")
def _shipped_catalogue_of_module(django_db_setup, django_db_blocker):
    """The shipped 2026 catalogues, for the tests of one module that are about them.

    Loaded (committed) once per module, so each test still runs in a transaction that is rolled back and
    may change the data freely; the database is put back to the baseline when the module ends.
    """
    from services import versioning

    with django_db_blocker.unblock():
        ensure_baseline()
        call_command("loaddata", *SHIPPED_FIXTURES, verbosity=0)
        versioning.advance()
    yield
    with django_db_blocker.unblock():
        restore_baseline()


@pytest.fixture
def shipped_catalogue(db, _shipped_catalogue_of_module):
    """The shipped 2026 catalogues of Hecht and CJG Rijnmond, for a test about them (see above)."""


@pytest.fixture
def empty_catalogue(db):
    """Remove all catalogue rows inside the test's transaction (rolled back afterwards)."""
    from municipalities.models import Municipality, Region, Uptake
    from services.models import (
        Edition,
        GlossaryTerm,
        LegalBasis,
        LegalFramework,
        Membership,
        Organisation,
        Product,
        ProductTier,
        Tier,
        Unit,
    )

    for model in (
        Uptake,
        LegalBasis,
        ProductTier,
        Product,
        Edition,
        Tier,
        Unit,
        GlossaryTerm,
        Membership,
        Organisation,
        LegalFramework,
    ):
        model.objects.all().delete()
    Municipality.objects.update(successor=None)
    Municipality.objects.all().delete()
    Region.objects.update(parent=None)
    Region.objects.all().delete()


@pytest.fixture
def catalogue(db):
    """A small realistic catalogue (two organisations, tiers, laws, memberships, uptake) beside the
    shipped data; see tests/catalogue_data.py."""
    from tests.catalogue_data import build_catalogue

    return build_catalogue()


@pytest.fixture(scope="module")
def browser():
    """One Chromium per module (tests/browser.py)."""
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread; Django's ORM (used by the fixtures
    # around these tests, never concurrently with the page) must still be allowed here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous
