"""One gate for every text a person or a file can enter.

Admin forms (declarations/admin/policy.py adds the validator to every text
field), the curation files, the corpus fixtures, import_original and
import_annotations all ask text_problems(). A published text has no use
for control characters (tab and line breaks aside), the line and paragraph
separators, lone surrogates or Unicode non-characters: they reach pages and
exports unseen, cannot be encoded (surrogates) or cannot be written as XML
(Akoma Ntoso, Atom).
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

NON_CHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}"
    for plane in range(17)
)
NOT_TEXT = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff"
    + NON_CHARACTERS
    + "]"
)
# What XML 1.0 cannot hold at all (not even as a character reference).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def describe(character):
    """Return what kind of character it is, in words."""
    code = ord(character)
    if 0xD800 <= code <= 0xDFFF:
        kind = "a lone surrogate"
    elif code in (0x2028, 0x2029):
        kind = "a line or paragraph separator"
    elif code < 0xA0:
        kind = "a control character"
    else:
        kind = "a Unicode non-character"
    return f"U+{code:04X} ({kind})"


def text_problems(value):
    """Return what a text holds that no text may, in words (an empty list
    when it may be stored). Lists and mappings (JSON) are read throughout."""
    if isinstance(value, dict):
        value = [*value.keys(), *value.values()]
    if isinstance(value, (list, tuple)):
        return [problem for item in value for problem in text_problems(item)]
    if not isinstance(value, str):
        return []
    found = NOT_TEXT.search(value)
    if found is None:
        return []
    return [f"holds {describe(found.group())} at character {found.start() + 1}"]


def validate_text(value):
    """Raise a ValidationError naming the first character no text may hold."""
    if problems := text_problems(value):
        raise ValidationError(f"The text {problems[0]}: remove it.", code="not-text")


def xml_safe(value):
    """Return stored text as XML can hold it: a character XML 1.0 cannot
    hold becomes U+FFFD, the replacement character, so that an export made
    of text stored before the gate existed never fails."""
    return NOT_XML.sub("\ufffd", value) if isinstance(value, str) else value


# A source is a web page a reader can open: never javascript:, data:, ftp: or
# a relative path, whatever form or command it comes through.
WEB_SCHEMES = ["http", "https"]
_web_address = URLValidator(schemes=WEB_SCHEMES)


def web_address_problems(url):
    """Return why a source URL is not an http(s) web address, in words (an
    empty list when it is one)."""
    if problems := text_problems(url):
        return [f"the address {problems[0]}"]
    try:
        _web_address(url)
    except ValidationError:
        return [f"'{url[:200]}' is not a web address (http or https only)"]
    return []


def validate_web_address(url):
    """Raise a ValidationError when a source URL is not an http(s) address."""
    if problems := web_address_problems(url):
        raise ValidationError(f"{problems[0][:1].upper()}{problems[0][1:]}.")
