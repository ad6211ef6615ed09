"""Issue 14, point 16: nothing English left in the Chinese interface. Every msgid the code and
templates use is translated in a zh catalogue (none empty or fuzzy: test_catalogues); every model
name (the admin's lists, the evaluation's counts) is translated, django-axes' too; the admin's
index in zh shows no English model name; main pages in zh show no English UI string; the stage
refusal gives a local date and time, not a raw timestamp."""

import re
from datetime import timedelta
from pathlib import Path

import polib
import pytest
from django.apps import apps
from django.utils import timezone, translation

from scripts.compile_messages import catalogues
from tests.i18n.msgids import used_msgids

SOURCE = Path(__file__).resolve().parents[2] / "src" / "xihu"
HAN = re.compile(r"[\u4e00-\u9fff]")


def _english(text: str) -> bool:
    return any(c.isascii() and c.isalpha() for c in text)


def test_every_msgid_in_use_is_translated():
    missing = []
    with translation.override("zh-hans"):
        for context, msgid, path in used_msgids(SOURCE):
            shown = translation.pgettext(context, msgid) if context else translation.gettext(msgid)
            if shown == msgid and _english(msgid):
                missing.append(f"{path.relative_to(SOURCE)}: {msgid}")
    assert len(missing) == 0, missing[:20]


def test_the_extraction_finds_python_and_template_strings():
    found = {msgid for _c, msgid, _p in used_msgids(SOURCE)}
    assert "Check your choices" in found and "Station name" in found and len(found) > 1000


@pytest.mark.parametrize("po_path", catalogues(), ids=lambda p: p.parents[3].name)
def test_no_zh_entry_is_empty_or_fuzzy(po_path):
    po = polib.pofile(str(po_path))
    bad = [e.msgid for e in po if e.msgid and not e.obsolete and (not e.msgstr and not e.msgstr_plural
                                                                  or "fuzzy" in e.flags)]
    assert bad == [], bad[:10]


def test_every_model_name_is_translated():
    untranslated = []
    with translation.override("zh-hans"):
        for model in apps.get_models():
            if not model.__module__.startswith(("xihu.", "axes.")):
                continue
            for name in (model._meta.verbose_name, model._meta.verbose_name_plural):
                if not HAN.search(str(name)):
                    untranslated.append(f"{model._meta.label}: {name}")
    assert untranslated == [], untranslated


@pytest.mark.django_db
def test_the_admin_index_in_zh_shows_no_english_model_name(client, admin_user):
    client.force_login(admin_user)
    page = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    rows = re.findall(r'<th scope="row"[^>]*>(.*?)</th>', page, flags=re.S)
    names = [re.sub(r"<[^>]+>|\s+", " ", row).strip() for row in rows]
    assert names and all(names), page[:500]
    english = [n for n in names if not HAN.search(n)]
    assert english == [], english
    for word in ("Power grants", "Stage changes", "access failures", "login failure"):
        assert word.lower() not in page.lower()


@pytest.mark.django_db
def test_the_stage_refusal_gives_a_local_date_and_time(demo):
    from xihu.apps.editions.models import StagePlan
    from xihu.apps.editions.preconditions import failing_reasons
    from xihu.apps.editions.stages import Stage

    end = timezone.now() + timedelta(hours=3, microseconds=232576)
    StagePlan.objects.filter(edition=demo, stage=Stage.VOTING).update(ends_at=end)
    with translation.override("zh-hans"):
        reasons = failing_reasons(demo, Stage.COUNTING)
    expected = timezone.localtime(end).strftime("%Y-%m-%d %H:%M")
    said = [r for r in reasons if expected in r]
    assert said, reasons
    assert not re.search(r"\d\d:\d\d:\d\d|\+08:00|\.\d{6}", said[0]), said[0]


# Main pages in zh: the visible text holds none of the catalogues' English UI strings.
def _english_ui_strings() -> set[str]:
    strings = set()
    for po_path in catalogues():
        for entry in polib.pofile(str(po_path)):
            text = entry.msgid
            if "%" in text or "{" in text or len(text.split()) < 2 or not _english(text):
                continue
            strings.add(text)
    return strings


def _visible_text(html: str) -> str:
    body = html.split("<body", 1)[-1]
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", body)


@pytest.mark.django_db
def test_main_pages_in_zh_show_no_english_ui_string(client, demo):
    from django.urls import reverse

    from xihu.apps.accounts.models import User

    english = _english_ui_strings()
    e = demo.slug
    pages = ["/", reverse("web:edition", args=[e]), reverse("web:ledger"), reverse("results:overview", args=[e]),
             reverse("insights:evaluation", args=[e]), reverse("insights:dashboard", args=[e]),
             reverse("voting:public", args=[e]), reverse("proposals:propose_public", args=[e])]
    client.force_login(User.objects.get(username="expert"))
    shown = {}
    for url in pages:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        assert response.status_code == 200, url
        text = _visible_text(response.content.decode())
        hits = [s for s in english if s in text]
        if hits:
            shown[url] = hits[:5]
    assert shown == {}, shown
