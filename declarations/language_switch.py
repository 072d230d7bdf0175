"""The language switch of the reading pages, written without the template engine.

Each of its links is the page's own query string with the language or
script changed, so it differs between any two requests; through the
template engine (an include, and one tag a link) it cost about a tenth of
an uncached filtered document page. This module writes the markup the
templates it replaced wrote (templates/declarations/includes/
_language_switch.html and _script_switch.html), byte for byte: their lines
are quoted before the code that writes them. Values are escaped as the
engine escapes them (widgets.conditional_escape).
"""

from django.templatetags.static import static
from django.utils.safestring import mark_safe

from declarations.languages import BOTH
from declarations.scripts import TRADITIONAL
from declarations.widgets import conditional_escape as e

CURRENT = ' aria-current="true"'


def language_switch(*, lang, script, document, links, script_src=None):
    """Return the switch between the languages a page shows (`lang`, and
    beside the English `script`), its links made by `links`
    (querystrings.Links of the page's query); `script_src`: the URL of
    script-switch.js when the caller holds it (script_switch)."""
    chinese = lang in ("zh", TRADITIONAL)
    # <a href="{% if lang == "zh-Hant" %}{% query_with lang='both'
    # script='zh-Hant' %}{% else %}{% query_with lang='both' %}{% endif %}"{%
    # if lang == "both" %} aria-current="true"{% endif %}>Both</a>
    both = (
        links.changed(lang=BOTH, script=TRADITIONAL)
        if lang == TRADITIONAL
        else links.changed(lang=BOTH)
    )
    # <a href="{% if lang == "both" and script == "zh-Hant" %}{% query_with
    # lang='zh-Hant' script=None %}{% else %}{% query_with lang='zh' %}{% endif
    # %}" lang="zh-Hans"{% if lang == "zh" or lang == "zh-Hant" %}
    # aria-current="true"{% endif %}>中文</a>
    zh = (
        links.changed(lang=TRADITIONAL, script=None)
        if lang == BOTH and script == TRADITIONAL
        else links.changed(lang="zh")
    )
    out = [
        '<nav class="language-switch" aria-label="Language">\n'
        "  <span>Show:</span>\n"
        f'  <a href="{e(both)}"{CURRENT if lang == BOTH else ""}>Both</a>\n'
        f'  <a href="{e(links.changed(lang="en"))}"'
        f"{CURRENT if lang == 'en' else ''}>English</a>\n"
        f'  <a href="{e(zh)}" lang="zh-Hans"{CURRENT if chinese else ""}>中文</a>'
    ]
    # {% if lang == "zh" or lang == "zh-Hant" %}
    # {% query_with lang='zh' as simplified %}{% query_with lang='zh-Hant' as
    # traditional %}{% include "…/_script_switch.html" with current=lang %}{%
    # elif lang == "both" %}
    # {% query_with script=None as simplified %}{% query_with script='zh-Hant'
    # as traditional %}{% include "…/_script_switch.html" with current=script
    # %}{% endif %}
    if chinese:
        simplified, traditional = (
            links.changed(lang="zh"),
            links.changed(lang=TRADITIONAL),
        )
        switch = script_switch(simplified, traditional, lang, script_src)
        out.append(f"\n  {switch}")
    elif lang == BOTH:
        simplified = links.changed(script=None)
        traditional = links.changed(script=TRADITIONAL)
        switch = script_switch(simplified, traditional, script, script_src)
        out.append(f"\n  {switch}")
    # {% for language in document.languages_apart %}
    # <a href="{% query_with lang=language.tag %}" lang="{{ language.tag }}"{%
    # if lang == language.tag %} aria-current="true"{% endif %}>{{
    # language.own_name }}</a>{% endfor %}
    for language in document.languages_apart:
        tag = language.tag
        out.append(
            f'\n  <a href="{e(links.changed(lang=tag))}" lang="{e(tag)}"'
            f"{CURRENT if lang == tag else ''}>{e(language.own_name)}</a>"
        )
    out.append("\n</nav>\n")
    return mark_safe("".join(out))


def script_switch(simplified, traditional, current, script_src=None):
    """Return the 简/繁 switch: `simplified` and `traditional` the links to
    the page in each script, `current` the tag shown. script-switch.js adds
    the reader's place to the link followed; `script_src`, its URL, is
    looked up (static) when not given: a caller that renders many pages of
    one corpus version can look it up once (declarations_tags.kept)."""
    if script_src is None:
        script_src = static("declarations/script-switch.js")
    # <span class="script-switch" role="group" aria-label="Chinese
    # characters"><a href="{{ simplified }}" lang="zh-Hans" title="Simplified
    # characters" data-keep-place{% if current != "zh-Hant" %}
    # aria-current="true"{% endif %}>简</a> <a href="{{ traditional }}"
    # lang="zh-Hant" title="Traditional characters, as the press printed them"
    # data-keep-place{% if current == "zh-Hant" %} aria-current="true"{% endif
    # %}>繁</a></span><script src="{% static 'declarations/script-switch.js'
    # %}" defer></script>
    traditional_shown = current == TRADITIONAL
    return mark_safe(
        '<span class="script-switch" role="group" aria-label="Chinese characters">'
        f'<a href="{e(simplified)}" lang="zh-Hans" title="Simplified characters" '
        f"data-keep-place{'' if traditional_shown else CURRENT}>简</a> "
        f'<a href="{e(traditional)}" lang="zh-Hant" title="Traditional characters, '
        f'as the press printed them" data-keep-place'
        f"{CURRENT if traditional_shown else ''}>繁</a></span>"
        f'<script src="{e(script_src)}" defer></script>'
    )
