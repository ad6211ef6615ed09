"""The back office as commands for scripted set-ups: bootstrap, units, people, editions."""

import io
import os
import subprocess

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.test_cli import XIHU
from xihu.apps.accounts.models import User
from xihu.apps.editions.models import BudgetCommitment, Edition, StagePlan, StagePlanChange
from xihu.apps.editions.selectors import granted_powers
from xihu.apps.ledger.models import LedgerEntry
from xihu.apps.organisation.models import Unit

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def refused(*args) -> str:
    with pytest.raises(CommandError) as caught:
        run(*args)
    return str(caught.value)


def test_a_district_set_up_by_commands():
    out = run("bootstrap", "--district", "xihu", "--name", "西湖区", "--name-en", "Xihu District",
              "--admin", "alice", "--admin-name", "区管理员")
    assert "alice is its district admin" in out and "http://127.0.0.1:8000/manage/password/" in out
    run("units", "create", "--parent", "xihu", "--code", "nanpu", "--name", "南浦街道", "--residents", "20000",
        "--as", "alice")
    run("units", "create", "--parent", "nanpu", "--code", "nanpu-c", "--name", "南浦社区", "--as", "alice")
    run("units", "residents", "nanpu-c", "6110", "--as", "alice")
    run("units", "rename", "nanpu", "--name", "南浦街道", "--name-en", "Nanpu Street", "--as", "alice")
    assert "nanpu-c" in run("units", "list") and Unit.objects.get(code="nanpu-c").residents == 6110
    out = run("people", "create", "li", "--name", "李干部", "--role", "street_officer", "--unit", "nanpu",
              "--as", "alice", "--site-url", "https://pb.example.cn")
    assert "set-password link: https://pb.example.cn/manage/password/" in out
    run("people", "create", "cnt", "--name", "点票员", "--role", "counter", "--unit", "nanpu-c", "--as", "li")
    run("people", "grant", "cnt", "--role", "scrutineer", "--unit", "nanpu-c", "--as", "li")
    run("people", "revoke", "cnt", "--role", "counter", "--unit", "nanpu-c", "--as", "li")
    assert "scrutineer@nanpu-c" in run("people", "list", "--as", "li")
    assert "/manage/password/" in run("people", "password-link", "cnt", "--as", "li")
    run("edition", "create", "--district", "xihu", "--slug", "2019-20", "--name", "2019-20 幸福微实事",
        "--max-choices", "4", "--as", "alice")
    run("edition", "plan", "2019-20", "--stage", "voting", "--start", "2020-01-12 09:00",
        "--end", "2020-01-18 17:00", "--as", "alice")
    run("edition", "budget", "2019-20", "--unit", "nanpu-c", "--amount", "250000", "--as", "alice")
    run("edition", "budget", "2019-20", "--level", "street", "--amount", "900000", "--as", "alice")
    run("edition", "rules", "2019-20", "--min-age", "16", "--as", "alice")
    run("edition", "target", "2019-20", "--street", "nanpu", "--percent", "50", "--as", "li")
    edition = Edition.objects.get(slug="2019-20")
    assert (edition.max_choices, edition.min_age) == (4, 16)
    assert dict(BudgetCommitment.objects.filter(edition=edition).values_list("unit__code", "amount")) == {
        "nanpu": 900_000, "nanpu-c": 250_000}
    shown = run("edition", "show", "2019-20")
    assert "2020-01-12 09:00 to 2020-01-18 17:00" in shown and "nanpu 50%" in shown
    assert LedgerEntry.objects.filter(actor="li", action="role.grant").count() == 2


def test_copy_and_confirm_by_commands():
    run("bootstrap", "--district", "d", "--name", "区", "--admin", "boss")
    run("units", "create", "--parent", "d", "--code", "s", "--name", "街", "--as", "boss")
    run("units", "create", "--parent", "s", "--code", "c", "--name", "社区", "--as", "boss")
    run("people", "create", "off", "--name", "干部", "--role", "street_officer", "--unit", "s", "--as", "boss")
    run("edition", "create", "--district", "d", "--slug", "one", "--name", "第一届", "--as", "boss")
    run("edition", "plan", "one", "--stage", "collection", "--start", "2019-03-01", "--end", "2019-04-01",
        "--as", "boss")
    from xihu.apps.editions.services import power_grant

    boss, off = User.objects.get(username="boss"), User.objects.get(username="off")
    one = Edition.objects.get(slug="one")
    power_grant(edition=one, grantee=Unit.objects.get(code="s"), power="collect", actor=boss)
    power_grant(edition=one, grantee=Unit.objects.get(code="c"), power="collect", actor=off)
    out = run("edition", "copy", "--from", "one", "--slug", "two", "--name", "第二届", "--as", "boss")
    assert "2 sets of copied grants wait for confirmation" in out
    two = Edition.objects.get(slug="two")
    assert StagePlan.objects.get(edition=two).starts_at.year == 2020
    assert "The district has not granted" in refused("edition", "confirm-grants", "two", "--grantor", "s",
                                                     "--as", "off")
    run("edition", "confirm-grants", "two", "--grantor", "d", "--as", "boss")
    run("edition", "confirm-grants", "two", "--grantor", "s", "--as", "off")
    assert granted_powers(two, Unit.objects.get(code="c")) == {"collect"}
    # re-planning a started stage needs a reason, from the command line too
    Edition.objects.filter(slug="two").update(stage="screening")
    message = refused("edition", "plan", "two", "--stage", "collection", "--start", "2020-03-01",
                      "--end", "2020-04-10", "--as", "boss")
    assert message.startswith("Reason: proposal collection has started")
    run("edition", "plan", "two", "--stage", "collection", "--start", "2020-03-01", "--end", "2020-04-10",
        "--reason", "延长", "--as", "boss")
    assert StagePlanChange.objects.filter(edition=two, reason="延长").exists()
    assert "reason: 延长" in run("edition", "show", "two")


def test_commands_refuse_clearly():
    run("bootstrap", "--district", "d", "--name", "区", "--admin", "boss")
    assert refused("bootstrap", "--district", "d", "--name", "区", "--admin", "boss2") == (
        "Code: a unit with the code d already exists.")
    assert refused("units", "create", "--parent", "d", "--code", "s", "--name", "街", "--as", "nobody") == (
        "No active account 'nobody' (given with --as).")
    assert "No unit has the code 'zz'" in refused("units", "retire", "zz", "--as", "boss")
    assert refused("edition", "show", "nope") == "No edition 'nope'."
    run("edition", "create", "--district", "d", "--slug", "x", "--name", "某届", "--as", "boss")
    assert refused("edition", "plan", "x", "--stage", "voting", "--start", "soon", "--as", "boss") == (
        'Not a date and time: \'soon\' (use e.g. "2020-01-28 09:00").')
    run("units", "create", "--parent", "d", "--code", "s", "--name", "街", "--as", "boss")
    run("people", "create", "off", "--name", "干部", "--role", "street_officer", "--unit", "s", "--as", "boss")
    assert refused("units", "create", "--parent", "s", "--code", "c", "--name", "社区", "--as", "off") == (
        "Your role does not allow this (it needs: district admin).")
    zh = refused("units", "create", "--parent", "s", "--code", "c", "--name", "社区", "--as", "off",
                 "--language", "zh-hans")
    assert zh == "您的角色无权进行此操作（需要：区管理员）。"


def _env(tmp_path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    return env | {"XIHU_DATA_DIR": str(tmp_path)}


def test_bootstrap_and_demo_on_a_data_folder_never_migrated(tmp_path):
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    result = subprocess.run([XIHU, "bootstrap", "--district", "xihu", "--name", "西湖区", "--admin", "alice"],
                            capture_output=True, text=True, timeout=300, env=_env(fresh))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("The database has ")
    assert "/manage/password/" in result.stdout and "Traceback" not in result.stderr
    demo_dir = tmp_path / "demo"
    demo_dir.mkdir()
    demo = subprocess.run([XIHU, "demo", "--district-only", "--quiet-logins"], capture_output=True, text=True,
                          timeout=300, env=_env(demo_dir))
    assert demo.returncode == 0 and "Traceback" not in demo.stderr, demo.stderr
    assert "running `xihu migrate` first" in demo.stdout and "Demo district loaded" in demo.stdout
    again = subprocess.run([XIHU, "demo", "--district-only", "--quiet-logins"], capture_output=True, text=True,
                           timeout=300, env=_env(demo_dir))
    assert "already loaded" in again.stdout and "migrate" not in again.stdout


def test_an_unreachable_database_is_one_line(tmp_path):
    env = _env(tmp_path) | {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/xihu_no_such_database_x"}
    result = subprocess.run([XIHU, "demo"], capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "Cannot open the database xihu_no_such_database_x" in result.stderr
    assert len([line for line in result.stderr.splitlines() if line.strip()]) == 1
