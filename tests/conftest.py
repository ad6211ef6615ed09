"""Shared fixtures: the demo district, users with roles, and the browser set-up for Chromium."""

import os

import pytest

CHROMIUM = os.environ.get("XIHU_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(autouse=True)
def _fresh_process_caches():
    """Caches of rows that never change (frozen ballots) last a web worker's life; each test's
    database starts afresh and may reuse ids, so each test starts with empty caches (boxes:
    voting/hot.py; the figures, page bodies and whole pages kept per log head too: web/bodies.py,
    web/pagecache.py)."""
    from django.core.cache import caches

    from xihu.apps.voting import frozen, hot

    frozen.forget()
    hot.forget()
    for cache in caches.all():
        cache.clear()
    yield
    frozen.forget()
    hot.forget()
    for cache in caches.all():
        cache.clear()


@pytest.fixture(autouse=True)
def _log_coverage(request):
    """Every test runs under the recorder of platform writes made without a log entry; the
    report is tests/ledger/test_coverage.py, which runs last."""
    from tests.ledger.log_coverage import SESSION
    from xihu.apps.ledger.coverage import LogCoverage

    with LogCoverage() as recorder:
        recorder.context = request.node.nodeid
        yield recorder
    SESSION.absorb(recorder)


def pytest_collection_modifyitems(config, items):
    """Tests under tests/e2e/ drive Debian's Chromium: on a machine without it they skip with a
    clear message; in CI (XIHU_REQUIRE_BROWSER=1) they run, and fail if it is missing. The
    log-coverage report runs after every other test."""
    report = [item for item in items if "log_coverage_report" in item.keywords]
    items[:] = [item for item in items if item not in report] + report
    browser_tests = [item for item in items if "/e2e/" in str(item.path)]
    for item in browser_tests:
        item.add_marker(pytest.mark.e2e)
    if os.path.exists(CHROMIUM) or os.environ.get("XIHU_REQUIRE_BROWSER") == "1":
        return
    skip = pytest.mark.skip(
        reason=f"Chromium not found at {CHROMIUM}: browser tests skipped "
        "(install Debian's `chromium`, or set XIHU_CHROMIUM)"
    )
    for item in browser_tests:
        item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
        ],
    }


@pytest.fixture
def demo(db):
    """The demo district with its 2017-18 edition in the collection stage (no stage data)."""
    from xihu.apps.demo.loader import load_demo

    edition, _created = load_demo(with_stage_data=False)
    return edition


@pytest.fixture
def tree(db):
    """A district with two streets of two communities each (tests.factories.make_tree)."""
    from tests.factories import make_tree

    return make_tree()


@pytest.fixture
def admin(tree):
    from tests.factories import make_user

    return make_user("district_admin", tree["d"], "admin")
