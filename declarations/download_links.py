"""The document page's download links, written without the template engine.

Each keeps the page's query (its search and filters) and adds a format, so
they differ between any two requests. This module writes the paragraph the
document page's template wrote (templates/declarations/document_detail.html,
quoted below), byte for byte, its links made by querystrings.Links.
"""

from django.utils.safestring import mark_safe

from declarations.widgets import conditional_escape as e


def download_links(*, filtering, links, reading_list):
    """Return the links to the page's paragraphs as CSV, JSON and text, and
    to the reading list (its URL, `reading_list`); `links`:
    querystrings.Links of the page's query."""
    # <p class="data-links">Download {% if filter.is_filtering %}these
    # results{% else %}the text{% endif %}: <a href="{% query_with
    # format='csv' %}">CSV</a> (<a href="{% query_with format='csv' bom='0'
    # %}">without byte order mark</a>) · <a href="{% query_with format='json'
    # %}">JSON</a> · <a href="?format=txt&amp;lang=en">English text</a> · <a
    # href="?format=txt&amp;lang=zh" lang="zh-Hans">中文文本</a> · <a href="{%
    # url 'declarations:reading-list' %}">Your reading list</a></p>
    what = "these results" if filtering else "the text"
    csv = e(links.changed(format="csv"))
    csv_without_bom = e(links.changed(format="csv", bom="0"))
    json = e(links.changed(format="json"))
    return mark_safe(
        f'<p class="data-links">Download {what}: <a href="{csv}">CSV</a> '
        f'(<a href="{csv_without_bom}">without byte order mark</a>) · '
        f'<a href="{json}">JSON</a> · '
        '<a href="?format=txt&amp;lang=en">English text</a> · '
        '<a href="?format=txt&amp;lang=zh" lang="zh-Hans">中文文本</a> · '
        f'<a href="{e(reading_list)}">Your reading list</a></p>'
    )
