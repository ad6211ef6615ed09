"""The back-office pages: only the allowed roles see and act, every form error names its field
(in Chinese by default, English on request), and each change lands in the ledger."""

import re

import pytest
from django.http import HttpRequest
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from tests.factories import make_user
from xihu.apps.accounts.models import User
from xihu.apps.editions.models import BudgetCommitment, Edition, StagePlan
from xihu.apps.editions.stages import Stage
from xihu.apps.ledger.models import LedgerEntry
from xihu.apps.organisation.models import SocialOrganisation, Unit

pytestmark = pytest.mark.django_db


def english(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})


def html(response) -> str:
    return response.content.decode()


def field_errors(response, name: str) -> list[str]:
    block = re.search(rf'data-field="{name}">(.*?)</ul>', html(response), re.S)
    return re.findall(r"<li>(.*?)</li>", block.group(1)) if block else []


@pytest.fixture
def officer(edition):
    return User.objects.get(username="officer_s1")


def test_who_may_enter(client, tree, admin, edition, officer):
    assert client.get(reverse("manage:index")).status_code == 302  # to the login page
    client.force_login(make_user("community_staff", tree["s1a"]))
    assert client.get(reverse("manage:index")).status_code == 403
    assert client.get(reverse("manage:unit", args=["d"])).status_code == 403
    client.force_login(officer)
    assert client.get(reverse("manage:index")).status_code == 200
    assert client.get(reverse("manage:people_in", args=["s1"])).status_code == 200
    assert client.get(reverse("manage:people_in", args=["s2"])).status_code == 403
    assert client.get(reverse("manage:people_in", args=["d"])).status_code == 403
    assert client.get(reverse("manage:unit", args=["s1"])).status_code == 403
    assert client.get(reverse("manage:editions_of", args=["d"])).status_code == 403
    assert client.get(reverse("manage:plan", args=[edition.slug])).status_code == 403
    client.force_login(admin)
    for url in [reverse("manage:index"), reverse("manage:unit", args=["d"]), reverse("manage:unit", args=["s1a"]),
                reverse("manage:people_in", args=["d"]), reverse("manage:editions_of", args=["d"]),
                reverse("manage:edition", args=[edition.slug]), reverse("manage:plan", args=[edition.slug]),
                reverse("manage:budgets", args=[edition.slug]), reverse("manage:organisations", args=["d"]),
                reverse("manage:person", args=["officer_s1"])]:
        assert client.get(url).status_code == 200, url


def test_units_page_creates_with_per_field_errors(client, tree, admin):
    client.force_login(admin)
    url = reverse("manage:unit", args=["d"])
    bad = client.post(url, {"op": "create", "new-code": "s9", "new-name": "", "new-residents": "-3"})
    assert bad.status_code == 400
    assert field_errors(bad, "name") == ["名称（中文）：这个字段是必填项。"]
    assert field_errors(bad, "residents")[0].startswith("常住居民数：")
    taken = client.post(url, {"op": "create", "new-code": "s1", "new-name": "重名", "new-residents": "3"})
    assert field_errors(taken, "code") == ["代码：已有代码为s1的单位。"]
    good = client.post(url, {"op": "create", "new-code": "s3", "new-name": "新街道", "new-name_en": "",
                             "new-residents": "5000"}, follow=True)
    assert "已新建新街道" in html(good) and Unit.objects.get(code="s3").kind == "street"
    assert LedgerEntry.objects.filter(action="unit.create", payload__code="s3").exists()
    english(client)
    bad = client.post(url, {"op": "create", "new-code": "Bad Code", "new-name": "x", "new-residents": "1"})
    assert field_errors(bad, "code")[0].startswith("Code: ")


def test_unit_rename_residents_and_retire_with_confirmation(client, tree, admin):
    client.force_login(admin)
    url = reverse("manage:unit", args=["s2b"])
    client.post(url, {"op": "rename", "rename-name": "滕王阁社区", "rename-name_en": "Tengwangge"})
    client.post(url, {"op": "residents", "residents-residents": "4870"})
    unit = Unit.objects.get(code="s2b")
    assert (unit.name, unit.residents) == ("滕王阁社区", 4870)
    unconfirmed = client.post(url, {"op": "retire"})
    assert "请勾选以确认" in html(unconfirmed) and not Unit.objects.get(code="s2b").retired_at
    client.post(url, {"op": "retire", "confirm": "yes"})
    assert Unit.objects.get(code="s2b").retired_at is not None
    refused = client.post(reverse("manage:unit", args=["s1"]), {"op": "retire", "confirm": "yes"})
    assert "还有未撤销的社区" in html(refused)


def test_officer_creates_an_account_and_gets_a_one_time_link(client, tree, officer):
    client.force_login(officer)
    url = reverse("manage:people_in", args=["s1"])
    page = html(client.get(url))
    assert 'value="counter"' in page and 'value="street_officer"' not in page, "only roles it may grant"
    assert f'value="{tree["s2a"].pk}"' not in page, "only its own communities"
    created = client.post(url, {"username": "cnt1", "display_name": "点票员甲", "role": "counter",
                                "unit": tree["s1a"].pk})
    link = re.search(r'id="password-link">(.*?)</p>', html(created)).group(1)
    assert link.startswith("http://testserver/manage/password/")
    empty = client.post(url, {"username": "cnt9", "display_name": "", "role": "counter", "unit": tree["s1a"].pk})
    assert field_errors(empty, "display_name") == ["显示名称：这个字段是必填项。"]
    taken = client.post(url, {"username": "cnt1", "display_name": "乙", "role": "counter", "unit": tree["s1a"].pk})
    assert field_errors(taken, "username") == ["用户名：cnt1已被占用。"]
    client.logout()
    form = client.get(link, follow=True)
    assert "设置您的密码" in html(form)
    client.post(form.redirect_chain[-1][0], {"new_password1": "Dian-Piao-2019", "new_password2": "Dian-Piao-2019"})
    # django-axes needs the request of every authentication: the test client's login gives one
    assert client.login(request=HttpRequest(), username="cnt1", password="Dian-Piao-2019")
    assert "这个链接无效" in html(client.get(link, follow=True))


def test_person_page_grants_removes_with_confirmation_and_links(client, tree, officer):
    client.force_login(officer)
    person = make_user("counter", tree["s1a"], "cnt2")
    url = reverse("manage:person", args=["cnt2"])
    client.post(url, {"role": "scrutineer", "unit": tree["s1b"].pk})
    assert set(person.roles.values_list("role", flat=True)) == {"counter", "scrutineer"}
    counter = person.roles.get(role="counter")
    remove = reverse("manage:role_remove", args=["cnt2"])
    client.post(remove, {"assignment": counter.pk})
    assert person.roles.filter(role="counter").exists(), "not without the confirmation box"
    client.post(remove, {"assignment": counter.pk, "confirm": "yes"})
    assert not person.roles.filter(role="counter").exists()
    assert 'data-remove="counter-s1a"' not in html(client.get(url))
    link_page = client.post(reverse("manage:password_link", args=["cnt2"]))
    assert "/manage/password/" in html(link_page)
    other = make_user("counter", tree["s2a"], "cnt_other")
    assert client.get(reverse("manage:person", args=[other.username])).status_code == 403
    assert client.post(reverse("manage:password_link", args=[other.username])).status_code == 403


def test_import_page_reports_every_row(client, tree, officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(officer)
    url = reverse("manage:people_import", args=["s1"])
    sheet = "用户名,显示名,角色,单位\nv1,志愿者一,志愿者,s1a\nv2,志愿者二,志愿者,s2a\n"
    bad = client.post(url, {"sheet": SimpleUploadedFile("a.csv", sheet.encode())})
    assert bad.status_code == 400 and "第3行" in html(bad) and not User.objects.filter(username="v1").exists()
    good = client.post(url, {"sheet": SimpleUploadedFile("a.csv", sheet.splitlines(True)[0].encode()
                                                         + sheet.splitlines(True)[1].encode())})
    assert good.status_code == 200 and "/manage/password/" in html(good)
    assert User.objects.get(username="v1").roles.get().role == "volunteer"


def test_edition_pages_create_copy_rules_budgets_plan(client, tree, admin, edition):
    client.force_login(admin)
    url = reverse("manage:editions_of", args=["d"])
    bad = client.post(url, {"op": "create", "new-slug": "pilot", "new-name": "x", "new-community_budget": "1",
                            "new-street_budget": "1", "new-max_choices": "99", "new-min_age": "15",
                            "new-selection_rule": "greedy", "new-tie_break": "lower_cost"})
    assert field_errors(bad, "slug") == ["简称：已有名为pilot的届次。"]
    assert field_errors(bad, "max_choices") == ["每张选票最多选择数：1到30之间的整数。"]
    StagePlan.objects.create(edition=edition, stage=Stage.VOTING, starts_at="2018-01-28T01:00Z",
                             ends_at="2018-02-03T09:00Z")
    copied = client.post(url, {"op": "copy", "copy-source": edition.pk, "copy-slug": "next",
                               "copy-name": "下一届", "copy-years": "1"}, follow=True)
    new = Edition.objects.get(slug="next")
    assert "已创建届次下一届" in html(copied) and StagePlan.objects.get(edition=new).starts_at.year == 2019
    rules = client.post(reverse("manage:edition", args=["next"]), {
        "max_choices": "4", "min_age": "16", "selection_rule": "mes", "tie_break": "refuse"})
    assert rules.status_code == 302
    Edition.objects.filter(pk=new.pk).update(stage=Stage.VOTING)
    locked = client.post(reverse("manage:edition", args=["next"]), {
        "max_choices": "4", "min_age": "18", "selection_rule": "mes", "tie_break": "refuse"})
    assert field_errors(locked, "min_age")[0].startswith("投票已经开始")
    budgets = reverse("manage:budgets", args=[edition.slug])
    client.post(budgets, {"target": "s1a", "amount": "250000"})
    client.post(budgets, {"target": "street", "amount": "900000"})
    amounts = dict(BudgetCommitment.objects.filter(edition=edition).values_list("unit__code", "amount"))
    assert amounts["s1a"] == 250_000 and amounts["s2"] == 900_000
    zero = client.post(budgets, {"target": "s1a", "amount": "0"})
    assert zero.status_code == 400 and "金额（元）" in html(zero)


def test_plan_page_asks_for_a_reason_once_a_stage_started(client, tree, admin, edition):
    client.force_login(admin)
    url = reverse("manage:plan", args=[edition.slug])
    client.post(url, {"stage": "collection", "collection-stage": "collection",
                      "collection-starts_at": "2019-03-01T09:00", "collection-ends_at": "2019-04-01T18:00"})
    assert StagePlan.objects.get(edition=edition, stage="collection").ends_at.day == 1
    Edition.objects.filter(pk=edition.pk).update(stage=Stage.SCREENING)
    data = {"stage": "collection", "collection-stage": "collection", "collection-starts_at": "2019-03-01T09:00",
            "collection-ends_at": "2019-04-10T18:00"}
    refused = client.post(url, data)
    assert field_errors(refused, "reason") == [
        "理由：项目提议征集已经开始，修改其日期必须写明理由（理由会显示在公开时间线上）。"]
    client.post(url, data | {"collection-reason": "清明假期顺延"})
    assert "清明假期顺延" in html(client.get(url))
    voting = client.post(url, {"stage": "voting", "voting-stage": "voting", "voting-starts_at": "2019-05-01T09:00"})
    assert field_errors(voting, "ends_at") == ["结束：投票时段必须有结束时间（投票截止）。"]


def test_copied_grants_are_confirmed_from_the_back_office(client, tree, admin, edition, officer):
    from xihu.apps.editions.copying import edition_copy
    from xihu.apps.editions.selectors import granted_powers

    new = edition_copy(source=edition, slug="next", name="下一届", name_en="", actor=admin)
    client.force_login(officer)
    index = html(client.get(reverse("manage:index")))
    assert 'data-confirm="s1"' in index
    client.post(reverse("manage:grants_confirm", args=["next"]), {
        "proposal": new.grant_proposals.get(grantor=tree["s1"]).pk, "next": "https://evil.example/"}, follow=True)
    assert granted_powers(new, tree["s1a"]) == set()
    client.force_login(admin)
    client.post(reverse("manage:grants_confirm", args=["next"]), {"proposal": new.grant_proposals.get(grantor=tree["d"]).pk})
    client.force_login(officer)
    client.post(reverse("manage:grants_confirm", args=["next"]), {"proposal": new.grant_proposals.get(grantor=tree["s1"]).pk})
    assert granted_powers(new, tree["s1a"])


def test_target_page(client, tree, edition, officer):
    client.force_login(officer)
    url = reverse("manage:targets", args=["s1"])
    bad = client.post(url, {"edition": edition.slug, f"{edition.slug}-percent": "150"})
    assert field_errors(bad, "percent")[0].startswith("目标投票率（%）：")
    client.post(url, {"edition": edition.slug, f"{edition.slug}-percent": "50"})
    assert f'id="target-{edition.slug}"' in html(client.get(url))
    assert LedgerEntry.objects.filter(action="voting.turnout_target").exists()
    assert client.get(reverse("manage:targets", args=["s2"])).status_code == 403


def test_organisations_page_and_taking_part(client, tree, admin, edition):
    client.force_login(admin)
    client.post(reverse("manage:organisations", args=["d"]), {"name": "校友会", "kind": "alumni",
                                                                "home_unit": tree["d"].pk})
    org = SocialOrganisation.objects.get(name="校友会")
    client.post(reverse("manage:edition_organisations", args=[edition.slug]), {"organisation": org.pk})
    assert edition.organisations.filter(organisation=org, withdrawn_at__isnull=True).exists()


def test_public_roles_page_names_only(client, tree, admin, edition):
    from xihu.apps.accounts.services import account_create, role_revoke

    counter = account_create(username="secret_login", display_name="公开的名字", role="counter",
                             unit=tree["s1a"], actor=admin)
    gone = account_create(username="gone", display_name="离任监票员", role="scrutineer", unit=tree["s1a"], actor=admin)
    role_revoke(assignment=gone.roles.get(), actor=admin)
    page = html(client.get(reverse("roles:edition", args=[edition.slug])))
    assert "公开的名字" in page and "secret_login" not in page
    assert "离任监票员" in page and "至" in page
    assert counter.roles.exists()
    assert client.get(reverse("roles:edition", args=["nope"])).status_code == 404


def test_links_include(rf, tree, admin, edition, officer):
    from django.contrib.auth.models import AnonymousUser

    template = Template('{% include "manage/_links.html" %}')
    def render(user, with_edition=True):
        return template.render(Context({"user": user, "edition": edition if with_edition else None}))
    admin_links = render(admin)
    for key in ("units", "people", "editions", "edition", "plan", "budgets"):
        assert f'data-manage="{key}"' in admin_links, key
    officer_links = render(officer, with_edition=False)
    assert 'data-manage="target"' in officer_links and 'data-manage="units"' not in officer_links
    assert render(AnonymousUser()).strip() == "" and render(AnonymousUser(), False).strip() == ""
    edition_page = Client().get(reverse("web:edition", args=[edition.slug])).content.decode()
    assert f'href="{reverse("roles:edition", args=[edition.slug])}"' in edition_page
