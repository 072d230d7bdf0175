"""An instrument's note (Instrument.note, printed where the text names it):
the title, then the place and the date it does not already state."""

from hypothesis import given, strategies as st

from declarations.models import Instrument

MONTHS = ["January", "July", "September", "December"]
years = st.integers(min_value=1945, max_value=2030).map(str)
dates = st.one_of(
    years,
    st.builds(
        lambda month, day, year: f"{month} {day}, {year}",
        st.sampled_from(MONTHS),
        st.integers(min_value=1, max_value=28),
        years,
    ),
)
words = (
    st.text(
        alphabet=st.characters(whitelist_categories=("Lu", "Ll", "Nd", "Zs")),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(bool)
)
places = st.one_of(st.just(""), st.sampled_from(["Tianjin", "New York", "Astana"]))


def note(title, place="", date_text="", description=""):
    return Instrument(
        kind=Instrument.Kind.RESOLUTION,
        title_en=title,
        place=place,
        date_text=date_text,
        description=description,
    ).note


def test_a_title_that_ends_with_its_year_is_not_given_it_again():
    # Seen red: "UN Security Council Resolution 2231 (2015) (2015)".
    assert (
        note("UN Security Council Resolution 2231 (2015)", date_text="2015")
        == "Resolution: UN Security Council Resolution 2231 (2015)"
    )
    assert (
        note("Resolution 2231 (2015)", place="New York", date_text="2015")
        == "Resolution: Resolution 2231 (2015) (New York)"
    )


@given(words, places, dates, st.booleans())
def test_the_date_is_stated_once_after_the_title(name, place, date_text, dated):
    title = f"{name} ({date_text})" if dated else name
    said = note(title, place, date_text)
    prefix = f"Resolution: {title}"
    assert said.startswith(prefix)
    rest = said[len(prefix) :]
    facts = ", ".join(filter(None, [place, None if dated else date_text]))
    # The place, and the date unless the title ends with it, once.
    assert rest == (f" ({facts})" if facts else "")
    assert said.count(f"({date_text})") <= 1 or title.count(f"({date_text})") > 1


@given(words, dates)
def test_a_date_the_title_does_not_end_with_is_kept(name, date_text):
    # A date elsewhere in the title ("… for 2025–2027", adopted in 2025) is
    # not the date of adoption stated: the note keeps it.
    title = f"Programme for {date_text} and after"
    assert note(title, "", date_text) == f"Resolution: {title} ({date_text})"
