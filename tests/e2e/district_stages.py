"""The stages of the whole-year browser test (test_district_year.py), each through pages only,
by the person who does it in real life, on a phone."""

import re
from datetime import date

from playwright.sync_api import Page, expect

from tests.e2e.district import do, fits, local, now_minute
from xihu.apps.voting.idnumbers import with_check_character

RECEIPT = re.compile(r"[A-Z0-9]{4}-[A-Z0-9]{4}")
VOTER_BIRTH = date(1962, 3, 8)
VOTER_ID = with_check_character(f"360103{VOTER_BIRTH:%Y%m%d}021")


def register_csv() -> str:
    """Xiangshan's register of permanent residents: two households of building 3."""
    other = with_check_character("36010319750517003")
    return ("户号,楼栋,单元,门牌,姓名,出生日期,身份证号\n"
            f"XS-101,3栋,1,101,陈秀英,{VOTER_BIRTH:%Y-%m-%d},{VOTER_ID}\n"
            f"XS-102,3栋,1,102,王建国,1975-05-17,{other}\n")


def prepare_collection(staff: Page, folder) -> None:
    """Community staff import the register and give building 3 to the volunteer."""
    do(staff, "collect", "象山社区")
    expect(staff.locator("h1")).to_contain_text("象山社区")
    staff.click("a[href$='/register/']")
    sheet = folder / "register.csv"
    sheet.write_text(register_csv(), encoding="utf-8")
    staff.set_input_files("input[type=file]", str(sheet))
    staff.click("button.primary")
    expect(staff.locator("#register-residents")).to_have_text("2")
    fits(staff)
    staff.click("main a[href$='/collect/']")
    staff.click("a[href$='/assign/']")
    staff.select_option("#id_building", "3栋")
    staff.select_option("#id_collector", label="象山志愿者")
    staff.click("button.primary")
    expect(staff.locator(".card").last).to_contain_text("象山志愿者")


def volunteer_visits(volunteer: Page) -> str:
    """Door to door on a phone: the assigned building, a household, a visit with a proposal."""
    do(volunteer, "collect", "象山社区")
    volunteer.click(".households a.go")  # "your buildings": 3栋
    volunteer.locator('[data-household="XS-101"] a.go').click()
    volunteer.check("input[name=outcome][value=proposals]")
    volunteer.check("input[name=collector_type][value=volunteer]")
    volunteer.fill("#id_p-content", "3栋1单元楼道灯坏了，晚上很黑，老人上下楼不安全")
    volunteer.fill("#id_p-title", "3栋1单元楼道灯")
    volunteer.fill("#id_p-location_text", "3栋1单元")
    volunteer.select_option("#id_p-category", "lighting")
    volunteer.fill("#id_p-proposer_name", "陈秀英")
    fits(volunteer)
    volunteer.click("button.primary")
    expect(volunteer.locator(".messages")).to_contain_text(RECEIPT)
    expect(volunteer.locator('[data-household="XS-101"] .state.ok')).to_be_visible()
    fits(volunteer)
    return RECEIPT.search(volunteer.locator(".messages").inner_text()).group(0)


def resident_proposes(resident: Page) -> str:
    do(resident, "propose", "象山社区")
    resident.fill("#id_content", "3栋2单元的楼道灯也不亮，希望一起修好")
    resident.fill("#id_title", "3栋2单元楼道灯")
    resident.fill("#id_location_text", "3栋2单元")
    resident.select_option("#id_category", "lighting")
    fits(resident)
    resident.click("button.primary")
    expect(resident.locator(".messages")).to_contain_text(RECEIPT)
    return RECEIPT.search(resident.locator(".messages").inner_text()).group(0)


PAPER_FORMS = [
    # (title, content, location, category, level)
    ("健身器材", "中心广场的健身器材太少，希望增加几件", "中心广场", "fitness", "community"),
    ("休息座椅", "小区花园里没有座椅，老人走累了没处坐", "小区花园", "seating", "community"),
    ("垃圾分类亭", "北门修建一个垃圾分类亭", "北门", "other", "community"),
    ("门口路灯", "给我家门口单独装一盏灯", "5栋102", "lighting", "community"),
    ("沿江路公交候车亭", "沿江路公交站没有候车亭，下雨天等车淋雨", "沿江路", "other", "street"),
]


def staff_enter_paper_forms(staff: Page) -> None:
    """Paper forms from a booth, one per screen, saved without a page reload."""
    do(staff, "collect", "象山社区")
    staff.click("#entry-link")
    for title, content, location, category, level in PAPER_FORMS:
        staff.fill("#id_title", title)
        staff.fill("#id_content", content)
        staff.fill("#id_location_text", location)
        staff.select_option("#id_category", category)
        staff.select_option("#id_level", level)
        staff.press("#id_location_text", "Control+Enter")
        expect(staff.locator("#entry-status.ok")).to_contain_text(RECEIPT)
        expect(staff.locator("#id_content")).to_have_value("")
    expect(staff.locator("#entry-count")).to_have_text(str(len(PAPER_FORMS)))
    fits(staff)


def screen(staff: Page) -> str:
    """Merge the two corridor-light proposals (mode a) and exclude the private lamp; plan and
    report the summary table. Returns the excluded proposal's receipt code."""
    do(staff, "screen", "象山社区")
    for title in ("3栋1单元楼道灯", "3栋2单元楼道灯"):
        staff.locator("#projects tr").filter(has_text=title).locator("input[type=checkbox]").check()
    staff.select_option("#id_mode", "a")
    staff.fill("#id_title", "3栋楼道灯维修")
    staff.click("#merge-button")
    expect(staff.locator(".messages")).to_contain_text("3栋楼道灯维修")
    lamp = staff.locator("#proposals tr").filter(has_text="门口路灯")
    receipt = lamp.get_attribute("data-receipt")
    lamp.locator("summary").click()
    lamp.locator("select[name=reason]").select_option("not_public")
    lamp.locator("textarea[name=explanation]").fill("只惠及一户，不属于公共利益。")
    lamp.locator("button[type=submit]").click()
    expect(staff.locator(".messages")).to_contain_text(receipt)
    staff.click("main a[href$='/summary/']")
    staff.fill("#id_planned_tables", "1")
    staff.click("form[action$='/summary/plan/'] button")
    expect(staff.locator(".messages")).to_contain_text("保存")
    expect(staff.locator("#summary-count")).to_contain_text("4")
    staff.click("#report-button")
    expect(staff.locator("#summary-report")).to_contain_text("已于")
    fits(staff)
    return receipt


def street_reviews(officer: Page, receipt: str) -> None:
    """The street confirms the exclusion and reports its own table (the street project)."""
    do(officer, "review_exclusions", "广润门街道")
    pending = officer.locator(f'#pending li[data-receipt="{receipt}"]')
    expect(pending).to_contain_text("不属于公共利益范畴")
    pending.locator("button[value=confirm]").click()
    expect(officer.locator("#reviewed")).to_contain_text(receipt)
    fits(officer)
    officer.click("main a[href$='/summary/']")
    expect(officer.locator("#summary")).to_contain_text("沿江路公交候车亭")
    officer.click("#report-button")
    expect(officer.locator("#summary-report")).to_contain_text("已于")


def walk_in(staff: Page, name: str, role: str, category: str = "resident", organisation: str = "") -> None:
    staff.fill("#id_name", name)
    staff.select_option("#id_category", category)
    staff.select_option("#id_table_role", role)
    if organisation:
        staff.select_option("#id_organisation", label=organisation)
    staff.click('#attendee-form button[value="door"]')
    expect(staff.locator(".messages")).to_contain_text(name)
    staff.locator("details.card:has(#attendee-form) > summary").click()


def hold_assembly(staff: Page) -> None:
    """The screening assembly on the community officer's phone: schedule, invite the register,
    check in, walk-ins with the table roles, seat, the table's 3 nominations, the plenary."""
    do(staff, "hold_assembly", "象山社区")
    staff.fill("#id_venue", "象山社区活动中心")
    staff.fill("#id_starts_at", local(now_minute()))
    staff.fill("#id_tables", "1")
    staff.click("#schedule-form button.primary")
    expect(staff.locator("#tables")).to_have_text("1")
    items = staff.locator("ol.summary li")
    expect(items).to_have_count(5)  # 4 community projects, then the street's project
    number = {items.nth(i).inner_text().split(" ")[0].strip(): items.nth(i).get_attribute("value")
              for i in range(5)}
    assert number["沿江路公交候车亭"] == "5", number
    fits(staff)

    staff.click(".assembly-nav >> text=签到")
    staff.locator("details.card:has(#attendee-form) > summary").click()
    staff.click('button[value="invite_register"]')
    expect(staff.locator(".messages")).to_contain_text("2")
    buttons = staff.locator('#attendee-list button[value="check_in"]')
    for left in range(buttons.count() - 1, -1, -1):
        buttons.first.click()
        expect(buttons).to_have_count(left)
    staff.locator("details.card:has(#attendee-form) > summary").click()
    walk_in(staff, "张桌长", "host", "group_leader")
    walk_in(staff, "刘记录", "recorder", "building_leader")
    walk_in(staff, "南大志愿者周", "adviser", "adviser", organisation="南昌大学青年志愿者协会")
    walk_in(staff, "现场居民赵", "resident")
    expect(staff.locator("#attendance")).to_contain_text("6")
    fits(staff)

    staff.click(".assembly-nav >> text=圆桌")
    staff.click("#seat-button")
    expect(staff.locator(".round-table")).to_have_count(1)
    expect(staff.locator("#table-1 .members li")).to_have_count(6)
    staff.click("#table-1 >> text=记录与推荐")
    staff.fill("#id_notes", "讨论了40分钟，老人多，照明和座椅最急。")
    for n, title in enumerate(["3栋楼道灯维修", "休息座椅", "沿江路公交候车亭"], start=1):
        staff.select_option(f"#id_project_{n}", label=f"{number[title]}. {title}")
        staff.fill(f"#id_reason_{n}", "居民最关心")
    staff.click("#nominations-form button.primary")
    expect(staff.locator(".messages")).to_contain_text("保存")

    staff.click(".assembly-nav >> text=全体投票")
    light, seats, fitness, bins, bus = (number[t] for t in ("3栋楼道灯维修", "休息座椅", "健身器材",
                                                             "垃圾分类亭", "沿江路公交候车亭"))
    ballots = [[light, seats, bus], [light, seats], [light, fitness, bus], [light, bus],
               [seats, fitness, bins], [light]]
    for serial, ballot in enumerate(ballots, start=1):
        staff.fill("#id_numbers", " ".join(ballot))
        staff.click("#enter-ballot")
        expect(staff.locator(".messages")).to_contain_text(f"第 {serial} 张选票已录入")
    expect(staff.locator("#plenary-status")).to_contain_text("6")
    fits(staff)
    staff.click(".assembly-nav >> text=排序结果")
    expect(staff.locator("#ranking tbody tr").first).to_contain_text("3栋楼道灯维修")
    fits(staff)


AMOUNTS = {"3栋楼道灯维修": 60_000, "休息座椅": 45_000, "健身器材": 150_000, "垃圾分类亭": 120_000,
           "沿江路公交候车亭": 400_000}


def set_quotas_and_freeze(officer: Page) -> None:
    """The street prices each ranked project, draws both ballots and freezes them."""
    do(officer, "set_quotas", "广润门街道")
    for code in ("xiangshan", "guangrunmen"):
        sheet = f"#unit-{code}"
        rows = officer.locator(f"{sheet} table.quotas tbody tr")
        for i in range(rows.count()):
            row = officer.locator(f"{sheet} table.quotas tbody tr").nth(i)
            title = row.locator("td").nth(3).inner_text().strip()
            row.locator("input[name=amount]").fill(str(AMOUNTS[title]))
            row.locator("input[name=note]").fill("按市场价估算，专家组意见：可行")
            row.locator("form.quota-form button").click()
            expect(officer.locator(".messages")).to_contain_text(title)
        fits(officer)
        officer.click(f"button[form=draw-{code}]")
        expect(officer.locator(".messages")).to_contain_text("已生成")
        officer.click(f"{sheet} a.freeze")
        expect(officer.locator("#confirm-statements")).to_be_visible()
        fits(officer)
        officer.click("#confirm-button")
        expect(officer.locator(f"{sheet} .badge.ok")).to_be_visible()


def set_up_station(staff: Page) -> None:
    """Before voting opens, the community sets up a station (with its box 1) and a shift."""
    do(staff, "set_up_stations", "象山社区")
    staff.select_option("#id_kind", "fixed")
    staff.fill("#id_name", "象山居委会投票站")
    staff.fill("#id_location", "象山社区居委会一楼")
    staff.click("form[action$='/stations/add/'] button.primary")
    expect(staff.locator(".messages")).to_contain_text("1")
    staff.select_option("select[name=officer]", "off_x")  # the community's officers, by name
    expect(staff.locator("input[name=day]")).to_have_value(now_minute().strftime("%Y-%m-%d"))
    staff.click("form[action$='/shift/'] button")
    expect(staff.locator("section[id^=station-] .hint")).to_contain_text("象山投票站工作人员")
    fits(staff)


def vote_at_the_station(officer: Page) -> str:
    """The officer finds the voter in the register, registers her for the tablet; she votes on
    both ballots. Returns a receipt code."""
    do(officer, "run_station", "象山社区")
    officer.fill("#id_lookup", "陈")
    officer.click("#lookup-button")
    officer.check("#matches input[name=resident]")
    expect(officer.locator("#id_name")).to_have_value("陈秀英")
    officer.fill("#id_id_number", VOTER_ID)
    officer.check("input[name=mode][value=electronic]")
    fits(officer)
    officer.click("#register-button")
    expect(officer.locator("#tablet")).to_be_visible()
    for title in ("3栋楼道灯维修", "休息座椅", "沿江路公交候车亭"):  # two community, one street
        officer.locator("#tablet label").filter(has_text=title).locator("input").check()
    fits(officer)
    officer.click("#review")
    expect(officer.locator(".review")).to_have_count(2)
    officer.click("#cast")
    code = officer.locator(".receipt-code").first.inner_text()
    fits(officer)
    # The voter's screens offer no way into the officer's pages (issue 14): the officer takes the
    # tablet back and opens the home page by its address.
    assert officer.locator("header a.brand, form[action$='/logout/']").count() == 0
    officer.goto(officer.url.split("/editions/")[0] + "/")
    return code


def seal_the_box(officer: Page, cosigner: str, password: str) -> None:
    """After the close the box is sealed: the seal number, the paper count, a second officer."""
    do(officer, "seal_boxes", "象山社区")
    box = officer.locator("section[id^=box-]").first
    box.locator("summary").click()
    box.locator("input[name$=-seal_number]").fill("XS-0001")
    box.locator("input[name$=-paper_in_box]").fill("0")
    box.locator("input[name$=-cosigner]").fill(cosigner)
    box.locator("input[name$=-cosigner_password]").fill(password)
    box.locator("button.primary").click()
    expect(officer.locator(".messages")).to_contain_text("已记录")
    expect(officer.locator("section[id^=box-] .badge.no").first).to_be_visible()  # sealed
    fits(officer)


def count_in_public(counter: Page, scrutineer: Page) -> None:
    """The public count: the counter opens the session with the scrutineer and checks a typed
    total; the scrutineer signs off the box and closes the session after its confirmation."""
    do(counter, "count", "象山社区")
    counter.locator("#open-session label").filter(has_text="象山监票员").locator("input").check()
    counter.fill("#id_place", "象山社区居委会会议室")
    fits(counter)
    counter.click("#open-session button.primary")
    expect(counter.locator("#session-state")).to_have_text("进行中")
    expect(counter.locator("#differences")).to_contain_text("没有差异")
    for form in counter.locator("form.typed-total").all()[:1]:
        form.locator("input[name=value]").fill("1")  # ballots in the community ballot's boxes
        form.locator("button").click()
    expect(counter.locator("main")).to_contain_text("✔")
    expect(counter.locator("#close-session")).to_have_count(0)  # counters cannot sign off
    fits(counter)

    do(scrutineer, "scrutinise", "象山社区")
    scrutineer.click("main a[href*='/sessions/']")
    scrutineer.click("button.sign-box")
    expect(scrutineer.locator("#boxes")).to_contain_text("✔")
    scrutineer.click("#close-session")
    expect(scrutineer.locator("#confirm-statements")).to_contain_text("象山社区")
    fits(scrutineer)
    scrutineer.click("#confirm-button")
    expect(scrutineer.locator("#session-state")).to_have_text("已结束")


def street_confirms(officer: Page) -> None:
    """The street confirms both computed results unchanged."""
    do(officer, "confirm", "广润门街道")
    forms = officer.locator("form.confirm")
    expect(forms).to_have_count(2)
    fits(officer)
    for left in (1, 0):
        forms.first.locator("button.primary").click()
        expect(forms).to_have_count(left)
    expect(officer.locator("main")).to_contain_text("3栋楼道灯维修")
