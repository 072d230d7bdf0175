"""Choice widgets that write their options in Python.

The document page's filter form lists every theme, instrument and entity,
and Django renders each option through a template include of its own: that
was a third of a cold render. These widgets write exactly the markup of
Django's templates (django/forms/widgets/select.html, multiple_input.html
and the option templates they include, quoted below; the form renderer
strips the whole) without the template engine; tests/test_widgets.py holds
them to Django's own output. They also go through the choices once, without
building each option's context (ChoiceWidget.optgroups and create_option),
and escape as conditional_escape does without its lazy wrapper: the
document page renders some 170 options on every uncached request.
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


def option_groups(widget, values):
    """Yield (group name, [(index, value, label, selected)]) of a choice
    widget's choices, selected as ChoiceWidget.optgroups selects them."""
    has_selected = False
    for index, (option_value, option_label) in enumerate(widget.choices):
        if option_value is None:
            option_value = ""
        if isinstance(option_label, list | tuple):
            group_name, subindex, choices = option_value, 0, option_label
        else:
            group_name, subindex, choices = None, None, [(option_value, option_label)]
        options = []
        for subvalue, sublabel in choices:
            selected = (not has_selected or widget.allow_multiple_selected) and str(
                subvalue
            ) in values
            has_selected |= selected
            position = index if subindex is None else f"{index}_{subindex}"
            options.append((position, subvalue, sublabel, selected))
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


class Select(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        # As Select.get_context; an option inherits no attributes
        # (option_inherits_attrs is False): only "selected".
        widget_attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            widget_attrs["multiple"] = True
        out = [f'<select name="{conditional_escape(name)}"{attrs_html(widget_attrs)}>']
        for group_name, options in option_groups(self, self.format_value(value)):
            if group_name:
                out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for _, option_value, label, selected in options:
                # select_option.html: <option value="{{ widget.value|stringformat:
                # 's' }}"{% include "django/forms/widgets/attrs.html" %}>{{
                # widget.label }}</option>
                out.append(
                    f'\n  <option value="{conditional_escape(str(option_value))}"'
                    f"{' selected' if selected else ''}>"
                    f"{conditional_escape(label)}</option>\n"
                )
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return mark_safe("".join(out))


class CheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    def option_attrs(self, value):
        """Return the attributes one option adds to the widget's own."""
        return {}

    def render(self, name, value, attrs=None, renderer=None):
        widget_attrs = self.build_attrs(self.attrs, attrs)
        element_id = widget_attrs.get("id")
        css_class = widget_attrs.get("class")
        out = ["<div"]
        if element_id:
            out.append(f' id="{conditional_escape(element_id)}"')
        if css_class:
            out.append(f' class="{conditional_escape(css_class)}"')
        out.append(">")
        for group_name, options in option_groups(self, self.format_value(value)):
            if group_name:
                out.append(f"\n  <div><label>{conditional_escape(group_name)}</label>")
            for index, option_value, label, selected in options:
                # As ChoiceWidget.create_option: an option inherits the
                # widget's attributes, its id numbered.
                option_attrs = self.build_attrs(self.attrs, attrs)
                if selected:
                    option_attrs.update(self.checked_attribute)
                if "id" in option_attrs:
                    option_attrs["id"] = self.id_for_label(option_attrs["id"], index)
                option_attrs.update(self.option_attrs(option_value))
                option = {
                    "type": self.input_type,
                    "name": name,
                    "value": option_value,
                    "label": label,
                    "attrs": option_attrs,
                    "wrap_label": True,
                }
                # checkbox_option.html: {% include "…/input_option.html" %}\n
                out.append(f"<div>\n    {option_html(option)}\n</div>")
            if group_name:
                out.append("\n  </div>")
        out.append("\n</div>")
        return mark_safe("".join(out))


def option_html(option):
    # input_option.html: {% if widget.wrap_label %}<label{% if widget.attrs.id %}
    # for="{{ widget.attrs.id }}"{% endif %}>{% endif %}{% include
    # "django/forms/widgets/input.html" %}{% if widget.wrap_label %} {{
    # widget.label }}</label>{% endif %}
    if not option["wrap_label"]:
        return input_html(option) + "\n"
    element_id = option["attrs"].get("id")
    label_for = f' for="{conditional_escape(element_id)}"' if element_id else ""
    return (
        f"<label{label_for}>{input_html(option)}"
        f" {conditional_escape(option['label'])}</label>\n"
    )
