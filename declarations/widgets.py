"""Choice widgets that write their options in Python, once per corpus version.

The document page's filter form lists every theme, instrument and entity,
and Django renders each option through a template include of its own: that
was a third of a cold render. These widgets write exactly the markup of
Django's templates (django/forms/widgets/select.html, multiple_input.html
and the option templates they include, quoted below; the form renderer
strips the whole) without the template engine; tests/test_widgets.py holds
them to Django's own output. They also go through the choices once, without
building each option's context (ChoiceWidget.optgroups and create_option),
and escape as conditional_escape does without its lazy wrapper.

Between the requests of a corpus version only the options' selected state
varies (and the themes' counts, which a widget given `counts` writes after
each label): the choices are the version's (declarations.reading_index).
So a widget given a `markups` store (ParagraphFilter passes the
DocumentIndex's, which lives as long as the version) keeps its Markup
there, each option written unselected and selected, and a request only
picks one of the two for each option.
"""

import html

from django import forms
from django.utils.functional import Promise
from django.utils.safestring import mark_safe


def conditional_escape(text):
    # django.utils.html.conditional_escape, whose escape() is wrapped by
    # keep_lazy: the same result (SafeString(html.escape(str(text)))).
    if isinstance(text, Promise):
        text = str(text)
    if hasattr(text, "__html__"):
        return text.__html__()
    return html.escape(str(text))


class Markup:
    """A choice widget's HTML for one name and attributes: fixed text, and
    each option as (value, HTML unselected, HTML selected, HTML after the
    label), the label last in both."""

    def __init__(self, allow_multiple_selected):
        self.allow_multiple_selected = allow_multiple_selected
        self.parts = []
        self.nothing_selected = None

    def html(self, values, counts=None):
        """Return the HTML with the options whose value is in `values`
        selected, as ChoiceWidget.optgroups selects them (a single select:
        the first only), and each label followed by " (count)" of its value
        when counts are given."""
        if not values and counts is None:
            # The same for every request that chooses none (most, for the
            # entities): joined once.
            if self.nothing_selected is None:
                self.nothing_selected = self.joined((), None)
            return self.nothing_selected
        return self.joined(values, counts)

    def joined(self, values, counts):
        out, has_selected = [], False
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
                continue
            value, unselected, selected_html, end = part
            selected = (not has_selected or self.allow_multiple_selected) and (
                value in values
            )
            has_selected |= selected
            out.append(selected_html if selected else unselected)
            if counts is not None:
                out.append(f" ({counts.get(value, 0)})")
            out.append(end)
        return mark_safe("".join(out))


class PrerenderedChoices:
    """What the two widgets share: the render through a Markup, kept in
    the `markups` store when one is given, by name and attributes (an
    invalid field's aria-invalid gives a second Markup)."""

    markups = None
    counts = None

    def render(self, name, value, attrs=None, renderer=None):
        widget_attrs = self.build_attrs(self.attrs, attrs)
        if self.markups is None:
            markup = self.markup(name, widget_attrs)
        else:
            key = (name, tuple(widget_attrs.items()))
            markup = self.markups.get(key)
            if markup is None:
                markup = self.markups[key] = self.markup(name, widget_attrs)
        return markup.html(self.format_value(value), self.counts)


def option_groups(widget):
    """Yield (group name, [(index, value, label)]) of a choice widget's
    choices, as ChoiceWidget.optgroups groups and numbers them."""
    for index, (option_value, option_label) in enumerate(widget.choices):
        if option_value is None:
            option_value = ""
        if isinstance(option_label, list | tuple):
            group_name, subindex, choices = option_value, 0, option_label
        else:
            group_name, subindex, choices = None, None, [(option_value, option_label)]
        options = []
        for subvalue, sublabel in choices:
            position = index if subindex is None else f"{index}_{subindex}"
            options.append((position, subvalue, sublabel))
            if subindex is not None:
                subindex += 1
        yield group_name, options


def attrs_html(attrs):
    # attrs.html: {% for name, value in widget.attrs.items %}{% if value is not
    # False %} {{ name }}{% if value is not True %}="{{ value|stringformat:'s'
    # }}"{% endif %}{% endif %}{% endfor %}
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
        for name, value in attrs.items()
        if value is not False
    )


def input_html(option):
    # input.html: <input type="{{ widget.type }}" name="{{ widget.name }}"{% if
    # widget.value != None %} value="{{ widget.value|stringformat:'s' }}"{% endif
    # %}{% include "django/forms/widgets/attrs.html" %}>
    value = option["value"]
    value = "" if value is None else f' value="{conditional_escape(str(value))}"'
    return (
        f'<input type="{conditional_escape(option["type"])}" '
        f'name="{conditional_escape(option["name"])}"{value}'
        f"{attrs_html(option['attrs'])}>\n"
    )


class Select(PrerenderedChoices, forms.Select):
    def markup(self, name, widget_attrs):
        # As Select.get_context; an option inherits no attributes
        # (option_inherits_attrs is False): only "selected".
        if self.allow_multiple_selected:
            widget_attrs = {**widget_attrs, "multiple": True}
        markup = Markup(self.allow_multiple_selected)
        out = markup.parts
        out.append(
            f'<select name="{conditional_escape(name)}"{attrs_html(widget_attrs)}>'
        )
        for group_name, options in option_groups(self):
            if group_name:
                out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for _, option_value, label in options:
                # select_option.html: <option value="{{ widget.value|stringformat:
                # 's' }}"{% include "django/forms/widgets/attrs.html" %}>{{
                # widget.label }}</option>
                start = f'\n  <option value="{conditional_escape(str(option_value))}"'
                label = conditional_escape(label)
                out.append(
                    (
                        str(option_value),
                        f"{start}>{label}",
                        f"{start} selected>{label}",
                        "</option>\n",
                    )
                )
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return markup


class CheckboxSelectMultiple(PrerenderedChoices, forms.CheckboxSelectMultiple):
    def option_attrs(self, value):
        """Return the attributes one option adds to the widget's own."""
        return {}

    def markup(self, name, widget_attrs):
        element_id = widget_attrs.get("id")
        css_class = widget_attrs.get("class")
        markup = Markup(self.allow_multiple_selected)
        out = markup.parts
        out.append("<div")
        if element_id:
            out.append(f' id="{conditional_escape(element_id)}"')
        if css_class:
            out.append(f' class="{conditional_escape(css_class)}"')
        out.append(">")
        for group_name, options in option_groups(self):
            if group_name:
                out.append(f"\n  <div><label>{conditional_escape(group_name)}</label>")
            for index, option_value, label in options:
                # checkbox_option.html: {% include "…/input_option.html" %}\n
                label = conditional_escape(label)
                unselected, selected = (
                    "<div>\n    "
                    + self.option_start(
                        name, widget_attrs, index, option_value, checked
                    )
                    + f" {label}"
                    for checked in (False, True)
                )
                out.append(
                    (str(option_value), unselected, selected, "</label>\n\n</div>")
                )
            if group_name:
                out.append("\n  </div>")
        out.append("\n</div>")
        return markup

    def option_start(self, name, widget_attrs, index, value, checked):
        # input_option.html: {% if widget.wrap_label %}<label{% if widget.attrs.id %}
        # for="{{ widget.attrs.id }}"{% endif %}>{% endif %}{% include
        # "django/forms/widgets/input.html" %}{% if widget.wrap_label %} {{
        # widget.label }}</label>{% endif %}: up to the label, which an option
        # always wraps (ChoiceWidget.create_option's wrap_label). As
        # create_option, an option inherits the widget's attributes, its id
        # numbered.
        option_attrs = dict(widget_attrs)
        if checked:
            option_attrs.update(self.checked_attribute)
        if "id" in option_attrs:
            option_attrs["id"] = self.id_for_label(option_attrs["id"], index)
        option_attrs.update(self.option_attrs(value))
        element_id = option_attrs.get("id")
        label_for = f' for="{conditional_escape(element_id)}"' if element_id else ""
        option = {"type": self.input_type, "name": name, "value": value}
        return f"<label{label_for}>{input_html({**option, 'attrs': option_attrs})}"


class TextInput(forms.TextInput):
    def render(self, name, value, attrs=None, renderer=None):
        # input.html, as Django's form renderer returns it (stripped).
        widget = self.get_context(name, value, attrs)["widget"]
        return mark_safe(input_html(widget).strip())
