"""The script the Chinese is shown in beside the English (the 简/繁
switch): ?script= on a page that shows both languages, ?lang=zh-Hant on a
permalink, which always shows both.

The scripts are the registry's Chinese tags (declarations/languages.py);
the simplified characters are the default, as before there was a choice.
"""

from django.core.exceptions import BadRequest

from declarations import languages

SIMPLIFIED = languages.get("zh").tag
TRADITIONAL = "zh-Hant"
SCRIPTS = [
    tag
    for tag, language in languages.REGISTRY.items()
    if language.script and tag.split("-")[0] == "zh"
]


def shown(lang, script=None):
    """Return the tag of the Chinese a page in a language shows: the
    traditional characters on a zh-Hant page, the chosen script on a page
    of both languages, else the simplified."""
    if lang == TRADITIONAL:
        return TRADITIONAL
    if lang == languages.BOTH and script in SCRIPTS:
        return script
    return SIMPLIFIED


def requested(request):
    """Return the ?script= a page of both languages was asked for; an
    unknown one is a BadRequest naming the value and the scripts taken."""
    value = request.GET.get("script") or SIMPLIFIED
    if value not in SCRIPTS:
        raise BadRequest(
            f"Unknown script {value!r}: script takes {', '.join(SCRIPTS)}."
        )
    return value


def second_column(lang, script):
    """Return the ?lang= value of the text a page in a language shows beside
    or instead of the English ('zh' for the simplified Chinese, as the
    fragments mark it): the chosen script on a page of both languages (and
    the simplified on an English page, which marks the paragraphs without
    it), else the page's own language."""
    if lang in (languages.BOTH, "en"):
        return "zh" if script == SIMPLIFIED else script
    return lang
