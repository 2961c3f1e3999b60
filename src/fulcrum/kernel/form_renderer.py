"""Django's form renderer, with its plain ``<input>`` and ``<textarea>`` written in Python.

A form renders every input, and every checkbox and radio button of a choice, through a
template of its own: the check-in form's signs, states and choices are some forty-five
template renders per page, most of the page's processor time. Those templates are one
line each; here the same line is written directly, character for character.

Only a template whose source is still the exact text this module was written against is
written here: a Django release that changes one, or a template of Fulcrum's own that
overrides one, goes back to being rendered as a template.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, SafeString, mark_safe

_INPUT = (
    '<input type="{{ widget.type }}" name="{{ widget.name }}"{% if widget.value != None %} '
    "value=\"{{ widget.value|stringformat:'s' }}\"{% endif %}"
    '{% include "django/forms/widgets/attrs.html" %}>\n'
)
_ATTRS = (
    "{% for name, value in widget.attrs.items %}{% if value is not False %} {{ name }}"
    "{% if value is not True %}=\"{{ value|stringformat:'s' }}\"{% endif %}{% endif %}"
    "{% endfor %}"
)
_INPUT_OPTION = (
    '{% if widget.wrap_label %}<label{% if widget.attrs.id %} for="{{ widget.attrs.id }}"'
    '{% endif %}>{% endif %}{% include "django/forms/widgets/input.html" %}'
    "{% if widget.wrap_label %} {{ widget.label }}</label>{% endif %}\n"
)
_TEXTAREA = (
    '<textarea name="{{ widget.name }}"{% include "django/forms/widgets/attrs.html" %}>\n'
    "{% if widget.value %}{{ widget.value }}{% endif %}</textarea>\n"
)
_INCLUDES_INPUT = '{% include "django/forms/widgets/input.html" %}\n'
_INCLUDES_OPTION = '{% include "django/forms/widgets/input_option.html" %}\n'


def _shown(value: Any) -> str:
    """``{{ value }}``: localised, made text, escaped unless already safe."""
    value = localize(value)
    if not issubclass(type(value), str):
        value = str(value)
    return str(conditional_escape(value))


def _formatted(value: Any) -> str:
    """``{{ value|stringformat:'s' }}``: the filter keeps a safe value safe."""
    text = "%s" % (str(value) if isinstance(value, tuple) else value)
    return text if isinstance(value, SafeData) else str(escape(text))


def _attrs(widget: Mapping[str, Any]) -> str:
    out = []
    for name, value in (widget.get("attrs") or {}).items():
        if value is False:
            continue
        out.append(" " + _shown(name))
        if value is not True:
            out.append(f'="{_formatted(value)}"')
    return "".join(out)


def _input(widget: Mapping[str, Any]) -> str:
    value = widget.get("value")
    shown = "" if value is None else f' value="{_formatted(value)}"'
    return (
        f'<input type="{_shown(widget.get("type", ""))}" name="{_shown(widget.get("name", ""))}"'
        f"{shown}{_attrs(widget)}>"
    )


def _input_option(widget: Mapping[str, Any]) -> str:
    if not widget.get("wrap_label"):
        return _input(widget)
    label_id = (widget.get("attrs") or {}).get("id")
    opening = f'<label for="{_shown(label_id)}">' if label_id else "<label>"
    # input.html ends in a line break, which the label keeps before its text.
    return f"{opening}{_input(widget)}\n {_shown(widget.get('label', ''))}</label>"


def _textarea(widget: Mapping[str, Any]) -> str:
    value = widget.get("value")
    body = _shown(value) if value else ""
    return f'<textarea name="{_shown(widget.get("name", ""))}"{_attrs(widget)}>\n{body}</textarea>'


class FulcrumFormRenderer(DjangoTemplates):
    """Renders forms as Django's default renderer does, the one-line inputs in Python."""

    def __init__(self) -> None:
        super().__init__()
        self._writers: dict[str, Callable[[Mapping[str, Any]], str] | None] = {}

    def _source(self, template_name: str) -> str | None:
        template = self.get_template(template_name)
        source = getattr(getattr(template, "template", None), "source", None)
        return source if isinstance(source, str) else None

    def _writer(self, template_name: str) -> Callable[[Mapping[str, Any]], str] | None:
        if template_name in self._writers:
            return self._writers[template_name]
        writer: Callable[[Mapping[str, Any]], str] | None = None
        known = (
            self._source("django/forms/widgets/input.html") == _INPUT
            and self._source("django/forms/widgets/attrs.html") == _ATTRS
        )
        if known and template_name.startswith("django/forms/widgets/"):
            source = self._source(template_name)
            if source in (_INPUT, _INCLUDES_INPUT):
                writer = _input
            elif source == _INCLUDES_OPTION and (
                self._source("django/forms/widgets/input_option.html") == _INPUT_OPTION
            ):
                writer = _input_option
            elif source == _TEXTAREA:
                writer = _textarea
        self._writers[template_name] = writer
        return writer

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        writer = self._writer(template_name)
        widget = context.get("widget")
        if writer is None or not isinstance(widget, Mapping):
            return super().render(template_name, context, request=request)
        # What the template gives, stripped as Django's renderer strips it; every piece
        # above is escaped.
        html: SafeString = mark_safe(writer(widget))
        return html
