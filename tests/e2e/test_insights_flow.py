"""In real Chromium on a 390 px phone: the evaluation, the participation charts and the abuse
dashboard fit the screen, the charts' text is readable, and the evidence links lead to the
public log."""

from playwright.sync_api import expect

from tests.e2e.test_results_flow import PHONE, published_site  # noqa: F401 - the fixture


def _fits(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a {PHONE['width']} px phone"


def test_a_resident_reads_the_evaluation_and_the_charts_on_a_phone(page, published_site):  # noqa: F811
    page.set_viewport_size(PHONE)
    page.goto(published_site + "/editions/2017-18/evaluation/")
    expect(page.locator("h1")).to_contain_text("评估报告")
    expect(page.locator("#test-procedure .verdict").first).to_have_text("部分通过")
    _fits(page)
    page.locator("#test-procedure .evidence a.log").first.click()
    expect(page.locator("#log-entries")).to_contain_text("edition.plan_stage")
    page.go_back()
    page.click("text=参与情况")
    chart = page.locator("#fig-turnout_unit svg")
    expect(chart).to_be_visible()
    box = chart.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    label = page.locator("#fig-turnout_unit svg text").first.bounding_box()
    assert label["height"] >= 12, f"chart text {label['height']:.1f} px high: too small to read"
    _fits(page)
    page.screenshot(path="/tmp/insights-phone.png", full_page=True)
    page.click("text=舞弊监测")
    expect(page.locator("#dash-counts h2")).to_contain_text("计票差异")
    _fits(page)
    page.click("button[value=en]")
    expect(page.locator("#dash-seals h2")).to_contain_text("Seal mismatches")
