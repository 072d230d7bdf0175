"""The results summary of a reading page, written without the template engine.

What a request chose is most of what the summary says (how many paragraphs
match, each active filter with the link that removes it, what the search
also looked for), so nothing of it can be rendered once per corpus version;
through the template engine it cost a sixth of an uncached filtered page.
This module writes the markup the template it replaced wrote
(templates/declarations/includes/_results_summary.html), byte for byte:
the template's lines are quoted before the code that writes them. Values
are escaped as the engine escapes them (widgets.conditional_escape).
"""

from collections import Counter

from django.urls import reverse
from django.utils.safestring import mark_safe

from declarations.querystrings import in_language
from declarations.widgets import conditional_escape as e

ALSO_ENGLISH = "; the labels also searched (above) match the English too"


def plural(count, suffixes="s"):
    # Django's pluralize filter: "singular,plural", or the plural alone.
    singular, _, many = suffixes.rpartition(",")
    return singular if count == 1 else many


def summary(*, filterset, document, paragraphs, lang, script, links):
    """Return the results summary of a page showing `paragraphs` of
    `document` under `filterset` (a ParagraphFilter), its links made by
    `links` (querystrings.Links of the page's query)."""
    # <div class="results-summary" id="results" tabindex="-1"{% if
    # filter.is_filtering %} data-filtering{% endif %}>
    #   {% with count=paragraphs|length %}
    #   {% if filter.is_filtering %}…{% else %}
    #   <p class="result-count">{{ count }} paragraph{{ count|pluralize }}.</p>
    #   {% endif %}
    #   {% endwith %}
    # </div>
    count = len(paragraphs)
    if filterset.is_filtering:
        body = filtered(filterset, document, count, lang, script, links)
        return mark_safe(
            '<div class="results-summary" id="results" tabindex="-1" data-filtering>'
            f"\n  \n  {body}\n  \n</div>\n"
        )
    return mark_safe(
        '<div class="results-summary" id="results" tabindex="-1">\n  \n  \n'
        f'  <p class="result-count">{count} paragraph{plural(count)}.</p>\n'
        "  \n  \n</div>\n"
    )


def filtered(filterset, document, count, lang, script, links):
    """The {% if filter.is_filtering %} branch, from its line break to the
    indent before {% else %}."""
    total = document.paragraph_count
    terms = filterset.terms
    out = [
        # <p class="result-count" role="status"><strong>{{ count }}</strong> of
        # {{ document.paragraph_count }} paragraph{{ …|pluralize }} match.</p>
        f'\n  <p class="result-count" role="status"><strong>{count}</strong> of '
        f"{total} paragraph{plural(total)} match.</p>",
        '\n  <ul class="active-filters" aria-label="Active filters">\n    ',
    ]
    for description, remaining in filterset.active_filters:
        # <li><a href="{{ remaining }}" title="Remove this filter">{{
        # description }} <span aria-hidden="true">×</span><span
        # class="visually-hidden"> (remove)</span></a></li>
        out.append(
            f'\n    <li><a href="{e(remaining)}" title="Remove this filter">'
            f'{e(description)} <span aria-hidden="true">×</span><span '
            'class="visually-hidden"> (remove)</span></a></li>\n    '
        )
    out.append("\n  </ul>\n  ")
    for term in terms:
        out.append(also_searched(term, links) if term.added else "")
        out.append("\n  ")
        out.append("" if term.in_text else not_in_text(term))
    out.append("\n  ")
    if filterset.cleaned_data.get("expand") is False:
        out.append(
            '<p class="also-searched">Only the words typed were searched. '
            f'<a href="{e(links.changed(expand=None))}">Also search related '
            "terms</a></p>"
        )
    out.append("\n  ")
    if filterset.searches_chinese:
        # … the labels also searched (above) match the English too, once
        # ({% ifchanged True %}) when any term added labels.
        also = any(term.added for term in terms)
        out.append(
            '<p class="zh-notice">Chinese words match only the Chinese text, '
            f"which is loaded for {document.chinese_count} of {total} paragraphs"
            f"{ALSO_ENGLISH if also else ''}.</p>"
        )
    out.append("\n  ")
    if not count:
        clear = e(in_language(filterset.links.path, lang, script))
        out.append(
            '<p class="empty">No paragraph matches these filters. '
            f'<a href="{clear}">Clear all filters</a> or remove one above.</p>'
        )
    out.append("\n  ")
    return "".join(out)


def also_searched(term, links):
    # <p class="also-searched">For “{{ term.typed }}”, also searched: {% for
    # label in term.added %}<a href="{{ label.concept.url }}" title="A label
    # of {{ label.concept.name }} ({{ label.concept.kind|lower }}) in the
    # project's vocabulary">{{ label.text }}</a>{% if not forloop.last %}, {%
    # endif %}{% endfor %} (labels of {% for concept in term.concepts %}<a
    # href="{{ concept.url }}">{{ concept.name }}</a>{% if not forloop.last
    # %}, {% endif %}{% endfor %} in <a href="{% url 'declarations:vocabulary'
    # %}">the project's vocabulary</a>). <a href="{% query_with expand='0'
    # %}">Search only the words typed</a></p>; and each concept's kind where
    # two share a name (concept_links).
    labels = ", ".join(
        f'<a href="{e(label.concept.url)}" title="A label of '
        f"{e(label.concept.name)} ({e(label.concept.kind.lower())}) in the "
        f"project's vocabulary\">{e(label.text)}</a>"
        for label in term.added
    )
    return (
        f'<p class="also-searched">For “{e(term.typed)}”, also searched: {labels} '
        f"(labels of {concept_links(term.concepts)} in "
        f'<a href="{e(reverse("declarations:vocabulary"))}">the project\'s '
        f'vocabulary</a>). <a href="{e(links.changed(expand="0"))}">Search only '
        "the words typed</a></p>"
    )


def concept_links(concepts, kinds=False):
    """Return links to concepts, each with its kind when asked, and where
    two share a name (United Nations the entity, United Nations the theme)."""
    names = Counter(concept.name for concept in concepts)
    return ", ".join(
        f'<a href="{e(concept.url)}">{e(concept.name)}</a>'
        + (f" ({e(concept.kind.lower())})" if kinds or names[concept.name] > 1 else "")
        for concept in concepts
    )


def not_in_text(term):
    # <p class="not-in-text">“{{ term.typed }}” itself is not in the text{% if
    # term.is_chinese %} (in the paragraphs whose Chinese is loaded){% endif
    # %}. In the project's vocabulary it is{% if term.label_spelled %}, as “{{
    # term.label_spelled }}”,{% endif %} a label of {% for concept in
    # term.concepts %}<a href="{{ concept.url }}">{{ concept.name }}</a> ({{
    # concept.kind|lower }}){% if not forloop.last %}, {% endif %}{% endfor
    # %}: see {{ term.concepts|length|pluralize:"its page,their pages" }} for
    # the paragraphs linked to {{ term.concepts|length|pluralize:"it,them" }}.</p>
    where = " (in the paragraphs whose Chinese is loaded)" if term.is_chinese else ""
    spelled = f", as “{e(term.label_spelled)}”," if term.label_spelled else ""
    many = len(term.concepts)
    return (
        f'<p class="not-in-text">“{e(term.typed)}” itself is not in the text'
        f"{where}. In the project's vocabulary it is{spelled} a label of "
        f"{concept_links(term.concepts, kinds=True)}: see "
        f"{plural(many, 'its page,their pages')} for the paragraphs linked to "
        f"{plural(many, 'it,them')}.</p>"
    )
