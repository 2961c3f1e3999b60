"""The shared field template's widgets, with the focus on the first field in error
(``fulcrum.kernel.form_focus``)."""

from __future__ import annotations

from django import forms, template
from django.utils.safestring import SafeString

from fulcrum.kernel.form_focus import first_field_in_error

register = template.Library()


@register.simple_tag
def field_widget(field: forms.BoundField) -> SafeString:
    """The field's widget, with ``autofocus`` when it is the form's first field in error;
    while a field is in error no other keeps an autofocus of its own."""
    first = first_field_in_error(field.form)
    if first is None:
        return field.as_widget()
    return field.as_widget(attrs={"autofocus": field.name == first})
