"""Keyboard focus on the first answer that needs another look, when a form comes back
with errors: a phone user otherwise stays at the top with the sentence out of sight."""

from __future__ import annotations

from django import forms, template
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def field_widget(field: forms.BoundField) -> SafeString:
    """The field's widget, with ``autofocus`` when it is the form's first field in error;
    while a field is in error no other keeps an autofocus of its own."""
    form = field.form
    first = next((f.name for f in form if f.errors and not f.is_hidden), None)
    if first is None:
        return field.as_widget()
    return field.as_widget(attrs={"autofocus": field.name == first})
