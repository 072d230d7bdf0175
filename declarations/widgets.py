"""Choice widgets that write their options in Python.

The document page's filter form lists every theme, instrument and entity,
and Django renders each option through a template include of its own: that
was a third of a cold render. These widgets write exactly the markup of
Django's templates (django/forms/widgets/select.html, multiple_input.html
and the option templates they include, quoted below; the form renderer
strips the whole) without the template engine; tests/test_widgets.py holds
them to Django's own output.
"""

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


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
        widget = self.get_context(name, value, attrs)["widget"]
        attrs = attrs_html(widget["attrs"])
        out = [f'<select name="{conditional_escape(name)}"{attrs}>']
        for group_name, options, _ in widget["optgroups"]:
            if group_name:
                out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            for option in options:
                # select_option.html: <option value="{{ widget.value|stringformat:
                # 's' }}"{% include "django/forms/widgets/attrs.html" %}>{{
                # widget.label }}</option>
                out.append(
                    f'\n  <option value="{conditional_escape(str(option["value"]))}"'
                    f"{attrs_html(option['attrs'])}>"
                    f"{conditional_escape(option['label'])}</option>\n"
                )
            if group_name:
                out.append("\n  </optgroup>")
        out.append("\n</select>")
        return mark_safe("".join(out))


class CheckboxSelectMultiple(forms.CheckboxSelectMultiple):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        element_id = widget["attrs"].get("id")
        css_class = widget["attrs"].get("class")
        out = ["<div"]
        if element_id:
            out.append(f' id="{conditional_escape(element_id)}"')
        if css_class:
            out.append(f' class="{conditional_escape(css_class)}"')
        out.append(">")
        for group_name, options, _ in widget["optgroups"]:
            if group_name:
                out.append(f"\n  <div><label>{conditional_escape(group_name)}</label>")
            for option in options:
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
