"""Helpers for the whole-year browser test (test_district_year.py): people as browser contexts,
and the district admin's set-up steps, all through pages. Nothing here writes to the database
except through the platform's own pages."""

import io
import re
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import Page, expect

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "Xihu-2019-pb!"
EDITION = "2019-20"
NEXT_EDITION = "2020-21"


def fits(page: Page) -> None:
    """A phone page must not scroll sideways (measured once the page has loaded: a page still
    being replaced has no document element to measure)."""
    page.wait_for_load_state()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide"


def local(moment: datetime) -> str:
    """A datetime-local input's value, Beijing time, to the minute."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def now_minute() -> datetime:
    return timezone.localtime().replace(second=0, microsecond=0)


@dataclass
class Site:
    """The live server and one browser context (cookies, viewport) per person."""

    url: str
    browser: object
    pages: dict[str, Page] = field(default_factory=dict)
    times: list[tuple[str, float]] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)

    def mark(self, step: str) -> None:
        """How long each step took (printed at the end, to keep the test fast)."""
        self.times.append((step, time.monotonic() - self.started))
        self.started = time.monotonic()

    def open(self, username: str, viewport=PHONE) -> Page:
        if username not in self.pages:
            context = self.browser.new_context(viewport=viewport)
            context.set_default_timeout(15_000)
            self.pages[username] = context.new_page()
        return self.pages[username]

    def set_password_and_log_in(self, username: str, link: str, viewport=PHONE) -> Page:
        """Follow the one-time link, choose a password, log in: the person's home page."""
        page = self.open(username, viewport)
        page.goto(link if link.startswith("http") else self.url + link)
        expect(page.locator("h1")).to_have_text("设置您的密码")
        page.fill("#id_new_password1", PASSWORD)
        page.fill("#id_new_password2", PASSWORD)
        page.click("button.primary")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("button.primary")
        expect(page.locator("h1")).to_contain_text("欢迎")
        return page

    def close(self) -> None:
        for page in self.pages.values():
            page.context.close()
        print("\n" + "\n".join(f"{seconds:6.1f} s  {step}" for step, seconds in self.times))


def bootstrap(site_url: str) -> str:
    """The documented command; returns the set-password link it prints."""
    out = io.StringIO()
    call_command("bootstrap", "--district", "xihu", "--name", "西湖区", "--name-en", "Xihu District",
                 "--admin", "alice", "--admin-name", "区民政局管理员", "--site-url", site_url, stdout=out)
    link = re.search(r"(\S+/manage/password/\S+)", out.getvalue()).group(1)
    assert link.startswith(site_url), out.getvalue()
    return link


def do(page: Page, action: str, unit_name: str | None = None) -> None:
    """Click an action on the role home page (it must be a link, so allowed now)."""
    page.click("header a.brand")
    row = page.locator(f'li[data-action="{action}"]')
    if unit_name:
        row = row.filter(has_text=unit_name)
    row.locator("strong a").first.click()
    page.wait_for_load_state()


def create_unit(page: Page, code: str, name: str, residents: int) -> None:
    page.fill("#id_new-code", code)
    page.fill("#id_new-name", name)
    page.fill("#id_new-residents", str(residents))
    page.click("form:has(input[value=create]) button.primary")
    expect(page.locator(".messages")).to_contain_text(name)


def set_up_units(admin: Page) -> None:
    """2 streets and 3 communities, from the back office's units page."""
    admin.click('[data-manage="units"]')
    expect(admin.locator("h1")).to_contain_text("西湖区")
    create_unit(admin, "guangrunmen", "广润门街道", 30000)
    create_unit(admin, "nanpu", "南浦街道", 20000)
    admin.click("text=广润门街道")
    create_unit(admin, "xiangshan", "象山社区", 6820)
    create_unit(admin, "xiawan", "下湾社区", 5410)
    admin.click("main > p.hint >> text=西湖区")  # the breadcrumb back to the district
    admin.click("text=南浦街道")
    create_unit(admin, "nanpu-c", "南浦社区", 6110)


def add_organisation(admin: Page) -> None:
    admin.click("header a.brand")
    admin.click('[data-manage="organisations"]')
    admin.fill("#id_name", "南昌大学青年志愿者协会")
    admin.select_option("#id_kind", "university_volunteers")
    admin.select_option("#id_home_unit", label="西湖区")
    admin.click("button.primary")
    expect(admin.locator(".messages")).to_contain_text("南昌大学青年志愿者协会")


PEOPLE_CSV = """用户名,显示名,角色,单位,社会组织
wang,王街道干部,街道干部,guangrunmen,
li,李街道干部,街道干部,nanpu,
staff_x,象山社区干部,社区工作人员,xiangshan,
vol_x,象山志愿者,志愿者,xiangshan,南昌大学青年志愿者协会
res_x,象山居民,居民,xiangshan,
off_x,象山投票站工作人员,投票站工作人员,xiangshan,
cnt_x,象山点票员,点票员,xiangshan,
scr_x,象山监票员,监票员,xiangshan,
"""


def import_people(admin: Page, folder) -> dict[str, str]:
    """The CSV sheet through the import page; returns each new person's set-password link."""
    sheet = folder / "people.csv"
    sheet.write_text(PEOPLE_CSV, encoding="utf-8")
    admin.click("header a.brand")
    admin.click('[data-manage="people"]')
    admin.click("text=导入")
    admin.set_input_files("#id_sheet", str(sheet))
    admin.click("button.primary")
    expect(admin.locator(".messages")).to_contain_text("已导入")
    links = {}
    for row in admin.locator("li:has(.link-box)").all():
        username = re.search(r"\((\w+)\)", row.inner_text()).group(1)
        links[username] = row.locator(".link-box").inner_text().strip()
    assert set(links) == {"wang", "li", "staff_x", "vol_x", "res_x", "off_x", "cnt_x", "scr_x"}, links
    return links


def create_edition(admin: Page) -> None:
    admin.click("header a.brand")
    admin.click('[data-manage="editions"]')
    admin.fill("#id_new-slug", EDITION)
    admin.fill("#id_new-name", "2019-20 幸福微实事")
    admin.fill("#id_new-name_en", "2019-20 Happiness Micro-Projects")
    admin.click("form:has(input[value=create]) button.primary")
    expect(admin.locator("h1")).to_contain_text("2019-20 幸福微实事")
    admin.select_option("#add-org", label="南昌大学青年志愿者协会")
    admin.click("form:has(#add-org) button")
    expect(admin.locator("section:has(#add-org), section:has(form[action$='organisations/'])").first
           ).to_contain_text("南昌大学青年志愿者协会")


def plan(admin: Page, stage: str, start: datetime, end: datetime | None, reason: str = "") -> None:
    admin.fill(f"#id_{stage}-starts_at", local(start))
    admin.fill(f"#id_{stage}-ends_at", local(end) if end else "")
    if reason:
        admin.fill(f"#id_{stage}-reason", reason)
    label = admin.locator(f"#stage-{stage} h2").inner_text().split()[0]
    admin.click(f"#stage-{stage} button.primary")
    expect(admin.locator(".messages")).to_contain_text(f"{label}的计划已保存")


def plan_edition(admin: Page) -> datetime:
    """Every stage planned around now, so that each window is open when it is used; the voting
    window opens 10 minutes ago and closes in 3 hours (it is closed early later, with a reason).
    Returns the planned close of the polls."""
    admin.click("text=安排各阶段日期")
    now = now_minute()
    hour = timedelta(hours=1)
    close = now + 3 * hour
    plan(admin, "collection", now - hour, now + hour)
    plan(admin, "screening", now, now + hour)
    plan(admin, "assembly", now, now + 2 * hour)
    plan(admin, "quota", now, now + 2 * hour)
    plan(admin, "voting", now - timedelta(minutes=10), close)
    plan(admin, "counting", close, close + hour)
    plan(admin, "confirmation", close + hour, close + 2 * hour)
    plan(admin, "published", close + 2 * hour, None)
    return close


def set_budget(admin: Page, code: str, amount: int) -> None:
    """One community's budget differs from the default (before collection only)."""
    admin.click("header a.brand")
    admin.click('[data-manage="budgets"]')
    admin.fill(f"#id_amount_{code}", str(amount))
    admin.click(f"form:has(#id_amount_{code}) button")
    expect(admin.locator(f"#id_amount_{code}")).to_have_value(str(amount))


def announce_target(officer: Page, percent: int) -> None:
    """A street announces the turnout it aims for, once."""
    officer.click("header a.brand")
    officer.click('[data-manage="target"]')
    officer.fill(f"#id_{EDITION}-percent", str(percent))
    officer.click("button.primary")
    expect(officer.locator(f"#target-{EDITION}")).to_contain_text(f"{percent}%")
    fits(officer)


def grant_row(page: Page, unit_name: str) -> int:
    """Grant every power a row still lacks on the powers page; returns how many."""
    row = page.locator("table.powers tbody tr").filter(has=page.locator(f'td:text-is("{unit_name}")'))
    buttons = row.locator("form button")
    missing = buttons.count()
    for left in range(missing - 1, -1, -1):
        buttons.first.click()
        expect(buttons).to_have_count(left)  # the page came back with one power more
    return missing


def advance(admin: Page, to_label: str) -> None:
    """The district admin moves the edition on, through its confirmation page."""
    admin.click('[data-menu="edition"]')
    admin.click("#advance-link")
    expect(admin.locator("#confirm-blockers")).to_have_count(0)
    admin.click("#confirm-button")
    expect(admin.locator("#stage")).to_have_text(to_label)


def close_the_polls_early(admin: Page) -> None:
    """Counting cannot start before the planned close of the polls: the confirmation page says
    so. Every registered voter has voted, so the admin re-plans the close to now, with a reason
    that the public timeline shows."""
    admin.click('[data-menu="edition"]')
    admin.click("#advance-link")
    expect(admin.locator("#confirm-blockers")).to_contain_text("投票")
    admin.click("header a.brand")
    admin.click('[data-manage="plan"]')
    admin.fill("#id_voting-ends_at", local(now_minute()))
    admin.fill("#id_voting-reason", "登记选民已全部投票，提前结束投票")
    admin.click("#stage-voting button.primary")
    expect(admin.locator(".messages")).to_contain_text("已保存")
    admin.click('[data-menu="edition"]')
    expect(admin.locator('[data-replan="voting"]')).to_contain_text("提前结束投票")


def results_text(page: Page, slug: str, unit_name: str = "象山社区") -> tuple[str, str]:
    """An edition's public results and a community's, reached from the home page's list of
    editions."""
    page.click("header a.brand")
    page.locator(f'#editions li[data-edition="{slug}"] a[href$="/results/"]').click()
    expect(page.locator("h1")).to_contain_text("结果")
    overview = page.locator("main").inner_text()
    page.locator("main a").filter(has_text=unit_name).first.click()
    expect(page.locator("#unit-name")).to_have_text(unit_name)
    return overview, page.locator("main").inner_text()


def copy_to_next_year(admin: Page) -> None:
    """Next year: the edition copied (plan shifted a year), the copied grants confirmed."""
    admin.click("header a.brand")
    admin.click('[data-manage="editions"]')
    admin.select_option("#id_copy-source", label="2019-20 幸福微实事")
    admin.fill("#id_copy-slug", NEXT_EDITION)
    admin.fill("#id_copy-name", "2020-21 幸福微实事")
    admin.fill("#id_copy-name_en", "2020-21 Happiness Micro-Projects")
    admin.click("form:has(input[value=copy]) button.primary")
    expect(admin.locator("h1")).to_contain_text("2020-21 幸福微实事")
    admin.click('[data-confirm="xihu"]')
    expect(admin.locator(".messages")).to_be_visible()
    expect(admin.locator("main")).to_contain_text("确认")


def confirm_copied_grants(officer: Page, street_code: str) -> None:
    """A street officer confirms the copied grants to the street's communities."""
    officer.click("header a.brand")
    officer.click('[data-manage="grants"]')
    officer.click(f'[data-confirm="{street_code}"]')
    expect(officer.locator(f'[data-confirm="{street_code}"]')).to_have_count(0)


def street_grants_a_role(officer: Page) -> None:
    """A street officer gives a volunteer a second role: station officer for voting day."""
    officer.click("header a.brand")
    officer.click('[data-manage="people"]')
    officer.click("main a:text-is('象山志愿者')")
    officer.select_option("#id_role", "station_officer")
    officer.select_option("#id_unit", label="象山社区")
    officer.click("button.primary:text-is('授予')")
    expect(officer.locator("main ul.stack")).to_contain_text("投票站工作人员 · 象山社区")
    fits(officer)


def follow_receipt(page: Page, receipt: str, status: str) -> None:
    """Anyone follows a proposal with its receipt code, from the public proposals page."""
    page.click('[data-menu="proposals"]')
    page.fill("#code", receipt.lower())
    page.click("form:has(#code) button")
    expect(page.locator("#receipt-status")).to_contain_text(status)
    fits(page)


def check_vote_receipt(page: Page, code: str) -> None:
    """The voter checks her ballot is in the published record, from the public voting page."""
    page.click('[data-menu="voting"]')
    expect(page.locator("main table").first).to_contain_text("50%")  # Nanpu's target, beside turnout
    page.click("main a[href$='/voting/receipt/']")
    page.fill("#code", code)
    page.click("main form button.primary")
    expect(page.locator("#verdict .badge.ok")).to_be_visible()
    fits(page)
