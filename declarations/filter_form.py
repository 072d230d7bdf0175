"""The document page's filter form, written without the template engine.

The form shows what the request chose (its fields' values, the language
kept, the errors), so it cannot be rendered once per corpus version; its
choice widgets already write their options once per version
(declarations.widgets) and a request only picks the selected ones. Through
the template engine the form cost about a tenth of an uncached filtered
page. This module writes the markup the template it replaced
wrote (templates/declarations/includes/_filter_form.html), byte for byte:
the template's lines are quoted before the code that writes them. Each
field is still Django's BoundField, so its id, aria-describedby and
aria-invalid follow Django's rules. Values are escaped as the engine
escapes them (widgets.conditional_escape).
"""

import functools

from django.utils.safestring import mark_safe

from declarations.languages import BOTH
from declarations.querystrings import in_language
from declarations.scripts import TRADITIONAL
from declarations.widgets import conditional_escape as e

Q_HELP = (
    "Whole words in English, in any form (“sport” finds “sports”); Chinese as "
    'typed; "quoted words" as a phrase.'
)


def filter_form(*, filterset, url, lang, script):
    """Return the filter form of the document page at `url` under
    `filterset` (a ParagraphFilter), showing `lang` and beside the English
    `script`."""
    form, errors = filterset.form, filterset.errors
    fields = {name: form[name] for name in form.fields}
    entity = fields["entity"]
    widget = functools.partial(widget_html, filterset.index, form)
    # <form class="filters" method="get" action="{{
    # document.get_absolute_url }}" role="search" aria-label="Filter the
    # paragraphs">
    #   {% if filter.errors %}…{% endif %}
    #   {% if lang != "both" %}<input type="hidden" name="lang" value="{{
    # lang }}">{% elif script == "zh-Hant" %}<input type="hidden"
    # name="script" value="zh-Hant">{% endif %}
    #   {% if filter.cleaned_data.expand is False %}<input type="hidden"
    # name="expand" value="0">{% endif %}
    if lang != BOTH:
        kept = f'<input type="hidden" name="lang" value="{e(lang)}">'
    elif script == TRADITIONAL:
        kept = '<input type="hidden" name="script" value="zh-Hant">'
    else:
        kept = ""
    expand = filterset.cleaned_data.get("expand") is False
    filtering = filterset.is_filtering
    open_ = " open" if filtering or errors else ""
    clear = (
        '<p class="actions"><a href="'
        f'{e(in_language(url, lang, script))}">Clear all filters</a></p>'
        if filtering
        else ""
    )
    return mark_safe(
        f'<form class="filters" method="get" action="{e(url)}" role="search" '
        'aria-label="Filter the paragraphs">\n'
        f"  {error_list(errors) if errors else ''}\n"
        f"  {kept}\n"
        f"""  {'<input type="hidden" name="expand" value="0">' if expand else ""}\n"""
        '  <div class="filter-row">\n'
        f'    <p class="field field-wide">{labelled(fields["q"])}'
        f'<small id="id_q_helptext">{Q_HELP}</small></p>\n'
        '    <p class="field field-button"><button type="submit">Apply filters'
        "</button></p>\n"
        "  </div>\n"
        f'  <details class="more-filters"{open_}>\n'
        "    <summary>Themes, section, instrument, entities and Chinese original"
        "</summary>\n"
        '    <div class="filter-row">\n'
        f'      <p class="field">{labelled(fields["section"], widget=widget)}</p>\n'
        f'      <p class="field">{labelled(fields["instrument"], widget=widget)}</p>\n'
        f'      <p class="field">{labelled(fields["zh"], widget=widget)}</p>\n'
        "    </div>\n"
        # <fieldset class="entities-field" aria-describedby="id_entity_helptext"
        # data-t2s="{{ filter.form.entity.field.widget.query_table_json }}">
        # <legend>{{ filter.form.entity.label }} <small
        # id="id_entity_helptext">{{ filter.form.entity.help_text
        # }}</small></legend>
        '    <fieldset class="entities-field" aria-describedby="id_entity_helptext" '
        f'data-t2s="{e(entity.field.widget.query_table_json())}">\n'
        f"      <legend>{e(entity.label)} "
        f'<small id="id_entity_helptext">{e(entity.help_text)}</small></legend>\n'
        f"      {widget(entity)}\n"
        "    </fieldset>\n"
        '    <fieldset class="themes-field">\n'
        "      <legend>Themes <small>(paragraphs each gives with the other filters)"
        "</small></legend>\n"
        f'      <p class="match">{labelled(fields["match"], " ", widget)}</p>\n'
        f'      <div class="theme-options">{fields["theme"]}</div>\n'
        "    </fieldset>\n"
        '    <p class="actions"><button type="submit">Apply filters</button></p>\n'
        "  </details>\n"
        f"  {clear}\n"
        "</form>\n"
    )


def labelled(field, between="", widget=str):
    # <label for="id_<name>">{{ filter.form.<name>.label }}</label>{{
    # filter.form.<name> }}
    return (
        f'<label for="id_{field.name}">{e(field.label)}</label>{between}{widget(field)}'
    )


# Past this many, a version's field markups are written and not kept.
KEPT_MARKUPS = 2000


def widget_html(index, form, field):
    """Return str(field), a BoundField of `form`, whose choices are the
    corpus version's (not the themes', whose labels carry a request's
    counts, nor the search box's, any text): kept in the index (a
    DocumentIndex, or None) by what it depends on, the values the query
    gives the field, when valid. Django's bound field then runs once per
    version and value, not once a request (a tenth of an uncached page)."""
    values = getattr(form.data, "getlist", None)
    if index is None or values is None or form.errors.get(field.name):
        return str(field)
    key = (field.name, tuple(values(field.name)))
    html = index.field_markups.get(key)
    if html is None:
        html = str(field)
        if len(index.field_markups) < KEPT_MARKUPS:
            index.field_markups[key] = html
    return html


def error_list(errors):
    # <div class="form-errors" role="alert"> … <ul>{% for name, errors in
    # filter.errors.items %}{% for error in errors %}<li><strong>{{ name
    # }}</strong>: {{ error }}</li>{% endfor %}{% endfor %}</ul> </div>
    items = "".join(
        f"<li><strong>{e(name)}</strong>: {e(error)}</li>"
        for name, messages in errors.items()
        for error in messages
    )
    return (
        '\n  <div class="form-errors" role="alert">\n'
        "    <p>Some of the filters could not be used and were ignored:</p>\n"
        f"    <ul>{items}</ul>\n"
        "  </div>\n  "
    )
