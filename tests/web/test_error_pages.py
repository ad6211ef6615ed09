"""Styled 400/403/404/500 pages in the reader's language that give the reason; never a bare
English "403 Forbidden", and never Django's debug page under `make run` (`xihu serve`)."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from xihu.apps.accounts.models import User
from xihu.apps.web import errors
from xihu.errors import Refused

pytestmark = pytest.mark.django_db
BARE = ("<h1>Not Found</h1>", "<h1>Forbidden", "403 Forbidden", "<h1>Bad Request", "Server Error (500)")


def _styled(response, status: int) -> str:
    html = response.content.decode()
    assert response.status_code == status
    assert 'id="error"' in html and 'class="main-menu"' in html or status == 500
    assert not any(bare in html for bare in BARE), html[:300]
    return html


def test_unknown_edition_is_a_404_that_names_it_in_chinese_and_english(client, demo):
    html = _styled(client.get("/editions/nope/proposals/"), 404)
    assert "找不到页面" in html and "没有简称为“nope”的届次。" in html
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = _styled(client.get("/editions/nope/results/"), 404)
    assert "Page not found" in html and "There is no edition with the short name “nope”." in html


def test_a_404_without_a_reason_and_one_with(client, demo):
    assert "此地址没有页面。" in _styled(client.get("/no/such/page/"), 404)
    html = _styled(client.get(reverse("web:ledger_entry", args=[99999])), 404)
    assert "No ledger entry" not in html  # translated: the reason is given in Chinese
    assert 'id="error-reasons"' in html


def test_403_gives_the_reason(client, demo):
    client.force_login(User.objects.get(username="street_nanpu"))
    html = _styled(client.get(reverse("ballots:street", args=[demo.slug, "guangrunmen"])), 403)
    assert "无权访问" in html and 'id="error-reasons"' in html
    client.force_login(User.objects.get(username="staff_xiawan"))
    html = _styled(client.get(reverse("proposals:screen", args=[demo.slug, "xiangshan"])), 403)
    assert "您不能打开此页面。" in html


def test_a_refusal_that_reaches_the_top_is_a_403_with_every_reason(demo):
    request = RequestFactory().get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    with translation.override("zh-hans"):
        response = errors.RefusedMiddleware(lambda r: None).process_exception(
            request, Refused(["第一个原因", "第二个原因"]))
    html = _styled(response, 403)
    assert "第一个原因" in html and "第二个原因" in html


def test_csrf_failure_is_explained(demo):
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(username="admin"))
    html = _styled(client.post(reverse("web:advance", args=[demo.slug]), {"confirm": "yes"}), 403)
    assert "表单未被接受" in html and "未做任何更改" in html


def test_400_and_500_pages(demo):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with translation.override("zh-hans"):
        assert "无法理解该请求" in _styled(errors.bad_request(request), 400)
        html = _styled(errors.server_error(request), 500)
    assert "服务器出错" in html and 'lang="zh-CN"' in html


def _open(url: str):
    assert url.startswith("http://127.0.0.1:")
    return urllib.request.urlopen(url, timeout=10)  # noqa: S310 - the local test server only


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_make_run_serves_the_styled_pages_not_the_debug_page(tmp_path):
    """`make run` = `xihu serve` with the dev settings: DEBUG is off (unless XIHU_DEBUG=1), so a
    404 is the styled page in Chinese, and the static files are still served."""
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "XIHU_DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env["XIHU_DATA_DIR"] = str(tmp_path)
    subprocess.run([sys.executable, "-m", "xihu", "migrate", "-v", "0"], env=env, check=True, timeout=300)
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "xihu", "serve", f"127.0.0.1:{port}"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                _open(base + "/ledger/")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        with pytest.raises(urllib.error.HTTPError) as missing:
            _open(base + "/editions/nope/")
        html = missing.value.read().decode()
        assert missing.value.code == 404
        assert "找不到页面" in html and "没有简称为“nope”的届次。" in html
        assert "Django" not in html and "Traceback" not in html and "URLconf" not in html
        assert _open(base + "/static/xihu/site.css").status == 200
    finally:
        server.terminate()
        server.wait(timeout=20)
