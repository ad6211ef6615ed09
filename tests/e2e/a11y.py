"""Shared by the accessibility and Content-Security-Policy page tests: a live server over data
built once per test module, and the page check (axe-core's serious and critical violations, and
every securitypolicyviolation the page reports, under the enforced policy).

pytest-django's live_server fixture flushes the database after each test; these tests only
read pages, so the module builds its data once, serves it from its own server thread and
flushes when the module ends, as TransactionTestCase does."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

BLOCKING = {"serious", "critical"}
AXE = Axe()

# Before any script of the page: collect every violation of the Content-Security-Policy.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'}`
    + ` at ${e.sourceFile || location.pathname}:${e.lineNumber} ${e.sample || ''}`);
});
"""


@contextmanager
def served(django_db_blocker, build: Callable[[], dict]) -> Iterator[dict]:
    """Build the data (committed), start a live server on it; flush everything at the end."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        try:
            data = build()
            server = LiveServer("localhost")
            server._live_server_modified_settings.enable()
            try:
                yield {**data, "url": server.url}
            finally:
                server._live_server_modified_settings.disable()
                server.stop()
        finally:
            call_command("flush", interactive=False, verbosity=0)


def session_cookie(url: str, username: str) -> dict:
    """A logged-in session for a browser context, without going through the login page."""
    from django.conf import settings
    from django.test import Client

    from xihu.apps.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username=username))
    return {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
            "url": url}


def open_page(browser, url: str, path: str, language: str, cookies=(), viewport=None):
    """A fresh context in the language asked for, with the CSP listener; the page loaded."""
    from django.conf import settings

    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": url},
                         *cookies])
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    response = page.goto(url + path)
    page.wait_for_load_state("load")
    return page, response, console


def check_page(page, response, console, language: str, status: int = 200) -> None:
    """The page loaded in its language, no CSP violation, no serious or critical axe finding."""
    assert response.status == status, (page.url, response.status)
    lang = page.evaluate("document.documentElement.lang")
    assert lang == ("zh-CN" if language == "zh-hans" else "en"), (page.url, lang)
    assert page.evaluate("document.contentType") == "text/html"
    policy = response.headers.get("content-security-policy", "")
    assert "script-src 'self'" in policy and "style-src 'self'" in policy, policy
    violations = page.evaluate("window.__cspViolations")
    refused = [line for line in console if "Content Security Policy" in line]
    assert violations == [] and refused == [], (page.url, violations, refused)
    blocking = axe_blocking(page)
    assert blocking == [], f"{page.url} ({language}):\n" + "\n".join(blocking)


def axe_blocking(page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now, one line each."""
    results = AXE.run(page)
    return [f"{v['impact']} {v['id']}: {v['help']} at "
            + ", ".join(" ".join(map(str, node["target"])) for node in v["nodes"][:5])
            for v in results.response["violations"] if v["impact"] in BLOCKING]
