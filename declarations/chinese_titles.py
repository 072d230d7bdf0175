"""The Chinese titles of instruments: only as the shown Chinese prints them.

The one rule, for one paragraph whose Chinese original is shown (loaded, and
not of low confidence: Paragraph.has_chinese): the titles the Chinese prints
in 《…》, in the order it first prints each, are paired with the instruments
the paragraph's English names (its instrument links), in the order the
English first names each, and only when there are as many of one as of the
other. Any other paragraph gives no title. Nothing here translates,
completes or repairs a title: each is a substring of the loaded text,
between its brackets.

Pairing by order holds because the English is a translation of the Chinese,
which keeps the order of a list of titles ("签署了《A》和《B》" / "signed the
«A» and the «B»"); equal counts keep a paragraph that also names something
else in 《…》, or names an instrument without 《…》, from pairing at all.
"""

import re

from declarations.instrument_links import instrument_spans

CHINESE_TITLE = re.compile(r"《([^《》]+)》")


def first_seen(items):
    """Return the items in order, each once."""
    return list(dict.fromkeys(items))


def chinese_titles(text_en, text_zh, instruments):
    """Return {instrument key: Chinese title} for one paragraph.

    text_zh: the Chinese shown as the original, or "" (then nothing);
    instruments: (names, key) of each instrument the paragraph links, where
    names are those the English is searched for (Instrument.names)."""
    if not text_zh or not instruments:
        return {}
    titles = first_seen(CHINESE_TITLE.findall(text_zh))
    named = first_seen(key for _, _, key in instrument_spans(text_en, instruments))
    if not titles or len(titles) != len(named):
        return {}
    return dict(zip(named, titles, strict=True))
