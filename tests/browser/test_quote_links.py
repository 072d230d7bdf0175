"""Quote links in a real browser: select a passage, copy its link, open it,
find the passage highlighted and in view."""

from urllib.parse import quote as urlquote

import pytest
from playwright.sync_api import expect

SELECT = """([selector, passage]) => {
  const root = document.querySelector(selector);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const at = node.data.indexOf(passage);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + passage.length);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      root.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
      return true;
    }
  }
  return false;
}"""


@pytest.mark.parametrize(
    ("path", "selector", "passage"),
    [
        ("/ii/14/", "#ii-14 .para-en", "racial and ethnic discrimination"),
        ("/ii/7/", "#ii-7 .para-zh", "成员国强烈谴责"),
    ],
)
def test_select_copy_open_a_quote_link(page, site, context, path, selector, passage):
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    permalink = site + "/declarations/tianjin-2025" + path
    page.goto(permalink)
    assert page.evaluate(SELECT, [selector, passage])
    page.get_by_role("button", name="Link to this quote").click()
    link = page.evaluate("navigator.clipboard.readText()")
    assert link.startswith(permalink + "?quote=" + urlquote(passage, safe=""))
    assert "#:~:text=" in link
    page.set_viewport_size({"width": 1280, "height": 500})
    page.goto(link)
    mark = page.locator("mark#quote")
    expect(mark).to_have_text(passage)
    expect(mark).to_be_in_viewport()
    page.goto(permalink)
    assert page.evaluate(SELECT, [selector, passage])
    page.get_by_role("button", name="Cite this quote").click()
    citation = page.evaluate("navigator.clipboard.readText()")
    assert citation.startswith(f"“{passage}” (Tianjin Declaration (2025), ")


def test_a_quote_selected_in_the_traditional_text_opens_in_it(page, site, context):
    # Seen red: the link left out ?lang=zh-Hant and the page it opened
    # looked for the passage in the English and the simplified text only.
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    permalink = site + "/declarations/tianjin-2025/i/1/"
    passage = "開闢了新的前景"
    page.goto(permalink + "?lang=zh-Hant")
    assert page.evaluate(SELECT, ["#i-1 .para-zh[lang=zh-Hant]", passage])
    page.get_by_role("button", name="Link to this quote").click()
    link = page.evaluate("navigator.clipboard.readText()")
    assert link.startswith(
        permalink + "?lang=zh-Hant&quote=" + urlquote(passage, safe="")
    )
    page.goto(link)
    expect(page.locator("mark#quote")).to_have_text(passage)
    expect(page.locator(".quote-not-found")).to_have_count(0)
    # The line saying where the text comes from is not the text: no quote.
    page.goto(permalink + "?lang=zh-Hant")
    assert page.evaluate(SELECT, ["#i-1 .para-zh .text-source", "Quoted by HK01"])
    expect(page.get_by_role("button", name="Link to this quote")).to_have_count(0)
