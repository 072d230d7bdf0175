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
    # What a reading page says of a paragraph with no text in it.
    not_available: str = ""
    # The words of not_available in the language itself, which pages mark
    # with its tag (missing_parts); "" where they are not marked.
    not_available_own: str = ""
    # The class of its column on reading pages: both Chinese scripts share one.
    column: str = ""
    # What its text is called where it is missing ("the Chinese original").
    text_name: str = ""
    # The ISO 15924 code of a second script of an AKN language, which marks
    # its expression's IRI apart from the first's (declarations/akoma_ntoso.py).
    akn_script: str = ""

    @property
    def searches_words(self):
        return self.stemmer is not None

    @property
    def missing_words(self):
        return self.not_available or f"{self.name} text not available"

    def missing_parts(self):
        """Return what a page says of a paragraph with no text in this
        language, as (words in the language itself or "", the rest): the
        first part is marked with the language's tag."""
        own, words = self.not_available_own, self.missing_words
        if own and words.startswith(own):
            return own, words[len(own) :]
        return "", words

    @property
    def text_noun(self):
        return self.text_name or f"{self.name} text"

    @property
    def column_class(self):
        return self.column or self.tag


CHINESE_NOT_AVAILABLE = "中文原文暂缺 · Chinese original not available"
# The same words in traditional characters, for the traditional page (OpenCC
# t2s gives the simplified back: tests/test_script_switch.py).
TRADITIONAL_MISSING = "中文原文暫缺"
REGISTRY = {
    language.tag: language
    for language in [
        RegisteredLanguage("en", "English", "English", "eng", "english"),
        RegisteredLanguage(
            "zh-Hans",
            "Chinese (simplified)",
            "简体中文",
            "zho",
            None,
            "Simplified",
            not_available=CHINESE_NOT_AVAILABLE,
            column="zh",
            text_name="Chinese original",
        ),
        RegisteredLanguage(
            "zh-Hant",
            "Chinese (traditional)",
            "繁體中文",
            "zho",
            None,
            "Traditional",
            not_available=f"{TRADITIONAL_MISSING} · Chinese original not available",
            not_available_own=TRADITIONAL_MISSING,
            column="zh",
            text_name="Chinese in traditional characters",
            akn_script="Hant",
        ),
        RegisteredLanguage("ru", "Russian", "Русский", "rus", "russian"),
    ]
}
# Other names of a registered tag: ?lang=zh and older data mean simplified.
ALIASES = {"zh": "zh-Hans"}


def tag_choices():
    """Return the registered tags as model choices."""
    return [(language.tag, language.name) for language in REGISTRY.values()]


# BCP-47 tags are case-insensitive (RFC 5646, 2.1.1): ?lang=zh-hant and
# ZH-HANT name zh-Hant. Every registered tag and alias by its lower case;
# only ASCII, which tags are written in ("\u212a", KELVIN SIGN, is no "k").
SPELLINGS = {tag.lower(): tag for tag in [*REGISTRY, *ALIASES]}


def canonical(tag):
    """Return a registered tag or alias as the registry spells it, from a
    spelling in any case ('zh-hant' gives 'zh-Hant'); KeyError otherwise."""
    if tag in REGISTRY or tag in ALIASES:
        return tag
    if isinstance(tag, str) and tag.isascii() and tag.lower() in SPELLINGS:
        return SPELLINGS[tag.lower()]
    raise KeyError(tag)


def get(tag):
    """Return the registered language of a tag or alias, in any case;
    KeyError otherwise."""
    tag = canonical(tag)
    return REGISTRY[ALIASES.get(tag, tag)]


# ?lang=both shows the English beside the Chinese: the texts whose Akoma
# Ntoso codes are these (the Chinese in either script). Every other
# registered language is shown on its own, never beside.
BOTH = "both"
BOTH_SHOWS = ("eng", "zho")
# The ?lang= value a page writes for a tag, where it is not the tag itself:
# ?lang=zh was the simplified Chinese before there were scripts to choose
# from, and old links and pages keep writing it.
READING_NAMES = {"zh-Hans": "zh"}


def reading_value(tag):
    """Return the ?lang= value pages write for a registered tag or alias."""
    tag = get(tag).tag
    return READING_NAMES.get(tag, tag)


def reading_values():
    """Return every value ?lang= takes: both, each registered tag as pages
    write it, then the other names of those tags (zh-Hans, zh)."""
    written = [BOTH, *(reading_value(tag) for tag in REGISTRY)]
    others = [v for v in [*REGISTRY, *ALIASES] if v not in written]
    return [*written, *others]


def reading_language(value):
    """Return what a ?lang= value shows, as pages write it: 'both', or a
    registered tag's reading value ('zh' for zh-Hans and zh, 'zh-Hant' for
    zh-Hant in any case, 'ru'); ValueError when the registry has no such
    language."""
    if value == BOTH:
        return BOTH
    try:
        return reading_value(value)
    except KeyError:
        raise ValueError(value) from None


def shown_by_both(value):
    """Return True when ?lang=both shows the text a ?lang= value names
    (the English, or the Chinese in either script)."""
    return value == BOTH or get(value).akn in BOTH_SHOWS


def requested_language(request):
    """Return the language a reading page shows; an unknown ?lang= is a
    BadRequest, answered with a 400 that names the value."""
    value = request.GET.get("lang") or BOTH
    try:
        return reading_language(value)
    except ValueError:
        raise BadRequest(
            f"Unknown language {value!r}: lang takes {', '.join(reading_values())}."
        ) from None
