"""Keyboard focus on the first answer that needs another look, when a form comes back
with errors: a phone user otherwise stays at the top with the sentence out of sight.

The shared field template asks through the ``field_widget`` tag; a page that draws its
fields itself (the client's consent page) asks ``first_field_in_error`` directly.
"""

from __future__ import annotations

from django import forms


def first_field_in_error(form: forms.BaseForm) -> str | None:
    """The name of the form's first visible field with an error, in the form's order."""
    return next((f.name for f in form if f.errors and not f.is_hidden), None)
