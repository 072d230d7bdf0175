"""The language registry, the one list of the languages and scripts a text
can be in, and the one rule for ?lang=.

Each entry is a BCP-47 tag with its names (in English and in the language
itself), its Akoma Ntoso code (ISO 639-2/B, as FRBRlanguage takes it) and
its search rule: whole words through a named Snowball stemmer, or (for
scripts written without spaces) substrings. A document's texts are rows
tagged with these tags (declarations.models.texts.Expression); carrying another
language is a data change, not a code change.
"""

from dataclasses import dataclass

from django.core.exceptions import BadRequest
from django.db import models


@dataclass(frozen=True)
class RegisteredLanguage:
    tag: str
    name: str  # in English
    own_name: str  # in the language itself
    akn: str  # the Akoma Ntoso (ISO 639-2/B) code
    # The Snowball stemmer's name for whole-word search; None searches
    # substrings (Chinese has no spaces to mark words).
    stemmer: str | None
    # The script a reader is told a text is in ("Simplified characters"),
    # for a language written in more than one; None otherwise.
    script: str | None = None

    @property
    def searches_words(self):
        return self.stemmer is not None


REGISTRY = {
    language.tag: language
    for language in [
        RegisteredLanguage("en", "English", "English", "eng", "english"),
        RegisteredLanguage(
            "zh-Hans", "Chinese (simplified)", "简体中文", "zho", None, "Simplified"
        ),
        RegisteredLanguage(
            "zh-Hant", "Chinese (traditional)", "繁體中文", "zho", None, "Traditional"
        ),
        RegisteredLanguage("ru", "Russian", "Русский", "rus", "russian"),
    ]
}
# Other names of a registered tag: ?lang=zh and older data mean simplified.
ALIASES = {"zh": "zh-Hans"}


def tag_choices():
    """Return the registered tags as model choices."""
    return [(language.tag, language.name) for language in REGISTRY.values()]


def get(tag):
    """Return the registered language of a tag or alias; KeyError otherwise."""
    return REGISTRY[ALIASES.get(tag, tag)]


class Language(models.TextChoices):
    """What a reading page shows: ?lang=. zh is the simplified Chinese, as
    before there were scripts to choose from (zh-Hans names the same page)."""

    BOTH = "both", "English and 中文"
    EN = "en", "English"
    ZH = "zh", "中文"
    ZH_HANT = "zh-Hant", "繁體中文"


# ?lang= values that name another's page.
READING_ALIASES = {"zh-Hans": Language.ZH}


def reading_language(value):
    """Return the Language a ?lang= value names; ValueError when none."""
    return READING_ALIASES.get(value) or Language(value)


def requested_language(request):
    """Return the language a reading page shows; an unknown ?lang= is a
    BadRequest, answered with a 400 that names the value."""
    value = request.GET.get("lang") or Language.BOTH
    try:
        return reading_language(value)
    except ValueError:
        accepted = [*Language.values, *READING_ALIASES]
        raise BadRequest(
            f"Unknown language {value!r}: lang takes {', '.join(accepted)}."
        ) from None
