"""The entity picker's type-to-filter finds an entity by any of its
registered names: its Chinese names and labels as well as the English."""

import re

from playwright.sync_api import expect

DOC = "/declarations/tianjin-2025/"


def test_typing_a_chinese_name_finds_the_entity(page, site):
    page.goto(site + DOC)
    page.get_by_text(
        "Themes, section, instrument, entities and Chinese original"
    ).click()
    picker = page.get_by_role("group", name=re.compile("Names any of the entities"))
    box = picker.get_by_label("Show names containing")
    box.fill("俄罗斯")
    expect(picker.get_by_role("checkbox", name="Russia", exact=True)).to_be_visible()
    expect(picker.get_by_role("checkbox", name="India", exact=True)).to_be_hidden()
    # A label that is neither the shown name nor the Chinese name: 安理会.
    box.fill("安理会")
    expect(
        picker.get_by_role("checkbox", name=re.compile("Security Council"))
    ).to_be_visible()
    box.fill("Russian Federation")
    expect(picker.get_by_role("checkbox", name="Russia", exact=True)).to_be_visible()


def test_typing_a_traditional_name_finds_the_entity_as_the_search_does(page, site):
    # Seen red: 俄羅斯 hid every entity (the names are simplified).
    page.goto(site + DOC)
    page.get_by_text(
        "Themes, section, instrument, entities and Chinese original"
    ).click()
    picker = page.get_by_role("group", name=re.compile("Names any of the entities"))
    box = picker.get_by_label("Show names containing")
    box.fill("俄羅斯")
    expect(picker.get_by_role("checkbox", name="Russia", exact=True)).to_be_visible()
    expect(picker.get_by_role("checkbox", name="India", exact=True)).to_be_hidden()
    box.fill("聯合國安理會")
    expect(
        picker.get_by_role("checkbox", name=re.compile("Security Council"))
    ).to_be_visible()
