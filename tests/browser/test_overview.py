"""The overview on a phone and a desktop: legible charts, nothing clipped."""

import pytest
from playwright.sync_api import expect

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
OVERVIEW = "/declarations/tianjin-2025/overview/"


RENDERED_TEXT_SIZES = """svg => {
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return Array.from(svg.querySelectorAll("text"), text =>
        parseFloat(getComputedStyle(text).fontSize) * scale);
}"""
TABLE_TEXT_SIZES = """table => Array.from(table.querySelectorAll("th, td"),
    cell => parseFloat(getComputedStyle(cell).fontSize))"""


def test_overview_heat_map_is_a_legible_table_on_a_phone(page, site):
    page.set_viewport_size(PHONE)
    page.goto(site + OVERVIEW)
    expect(page.locator("svg.heatmap")).to_be_hidden()
    table = page.locator(".heat-table table")
    expect(table).to_be_visible()
    assert min(table.evaluate(TABLE_TEXT_SIZES)) >= 12
    expect(table.locator("tbody tr")).to_have_count(25)
    expect(
        table.get_by_role(
            "link",
            name="Terrorism, separatism and extremism, Section II: 12 paragraphs",
        )
    ).to_have_attribute(
        "href", "/declarations/tianjin-2025/?theme=counter-terrorism&section=ii"
    )
    # Nothing is wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert table.evaluate("t => t.getBoundingClientRect().right") <= PHONE["width"]


def test_overview_heat_map_is_a_legible_figure_on_a_desktop(page, site):
    page.set_viewport_size(DESKTOP)
    page.goto(site + OVERVIEW)
    expect(page.locator(".heat-table")).to_be_hidden()
    assert min(page.locator("svg.heatmap").evaluate(RENDERED_TEXT_SIZES)) >= 12


def test_overview_timeline_stays_legible_on_a_phone(page, site):
    page.set_viewport_size(PHONE)
    page.goto(site + OVERVIEW)
    svg = page.locator("svg.timeline")
    assert min(svg.evaluate(RENDERED_TEXT_SIZES)) >= 12
    # The figure scrolls sideways; the page itself does not.
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    figure = svg.locator("xpath=..")
    assert figure.evaluate("f => f.scrollWidth > f.clientWidth")


def test_overview_labels_are_not_clipped(page, site):
    page.set_viewport_size(DESKTOP)
    page.goto(site + OVERVIEW)
    clipped = page.locator("svg.heatmap, svg.timeline").evaluate_all(
        """svgs => svgs.flatMap(svg => {
            const box = svg.viewBox.baseVal;
            return Array.from(svg.querySelectorAll("text")).filter(t => {
                const b = t.getBBox();
                return b.x < box.x || b.y < box.y ||
                    b.x + b.width > box.x + box.width ||
                    b.y + b.height > box.y + box.height;
            }).map(t => t.textContent);
        })"""
    )
    assert clipped == []


@pytest.mark.screenshots
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_screenshots(browser, site, artifacts, viewport):
    """Screenshots to look at, in test-results/ (git-ignored)."""
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    width = viewport["width"]
    page.goto(site + OVERVIEW)
    page.screenshot(path=artifacts / f"overview-{width}.png", full_page=True)
    for part in ["heatmap", "timeline"]:
        page.locator(f"section[aria-labelledby={part}-heading]").screenshot(
            path=artifacts / f"overview-{part}-{width}.png"
        )
    context.close()
