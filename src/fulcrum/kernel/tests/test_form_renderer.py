"""The form renderer writes each input exactly as Django's widget templates do."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.forms.renderers import DjangoTemplates
from django.test import SimpleTestCase
from django.utils.safestring import mark_safe

from fulcrum.kernel.form_renderer import FulcrumFormRenderer

TRICKY = "a \"quoted\" <b>bold</b> & 'single'"


class Everything(forms.Form):
    text = forms.CharField(initial=TRICKY, widget=forms.TextInput(attrs={"data-x": TRICKY}))
    blank = forms.CharField(required=False)
    number = forms.IntegerField(initial=1234567, min_value=0)
    when = forms.DateTimeField(initial=datetime(2026, 3, 4, 5, 6))
    ticked = forms.BooleanField(initial=True, required=False)
    unticked = forms.BooleanField(required=False)
    hidden = forms.CharField(initial="h&i", widget=forms.HiddenInput)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), initial="p<w>")
    note = forms.CharField(initial=TRICKY, widget=forms.Textarea(attrs={"rows": 3}))
    empty_note = forms.CharField(required=False, widget=forms.Textarea)
    many = forms.MultipleChoiceField(
        choices=[("a", TRICKY), ("b", mark_safe("<i>safe</i>")), (3, 4)],
        initial=["b", 3],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "chip", "disabled": False}),
    )
    one = forms.ChoiceField(
        choices=[("x", "Ex"), ("y", "Why"), ("", "none")],
        initial="y",
        widget=forms.RadioSelect(attrs={"autofocus": True}),
    )
    picked = forms.ChoiceField(choices=[("1", "One"), ("2", "Two")], initial="2")


class SameOutputTestCase(SimpleTestCase):
    def _both(self, data: dict[str, object] | None = None) -> tuple[str, str]:
        django = Everything(data, renderer=DjangoTemplates())
        fast = Everything(data, renderer=FulcrumFormRenderer())
        parts_django, parts_fast = [], []
        for name in django.fields:
            parts_django.append(str(django[name]))
            parts_fast.append(str(fast[name]))
            for a, b in zip(django[name], fast[name], strict=True):  # each option alone
                parts_django += [a.tag(), a.tag(wrap_label=True), str(a)]
                parts_fast += [b.tag(), b.tag(wrap_label=True), str(b)]
        return "\n".join(parts_django), "\n".join(parts_fast)

    def test_every_widget_renders_character_for_character(self) -> None:
        django, fast = self._both()
        self.assertEqual(fast, django)
        self.assertIn("&quot;quoted&quot;", fast)  # escaped, not left raw
        self.assertIn("<i>safe</i>", fast)

    def test_a_bound_form_with_errors_too(self) -> None:
        django, fast = self._both({"text": "<x>", "number": "-1", "many": ["a"], "one": "z"})
        self.assertEqual(fast, django)

    def test_it_writes_the_one_line_templates_itself(self) -> None:
        renderer = FulcrumFormRenderer()
        for name in (
            "django/forms/widgets/text.html",
            "django/forms/widgets/checkbox_option.html",
            "django/forms/widgets/radio_option.html",
            "django/forms/widgets/textarea.html",
        ):
            self.assertIsNotNone(renderer._writer(name), name)
        # Anything else is still rendered as a template.
        self.assertIsNone(renderer._writer("django/forms/widgets/select.html"))
        self.assertIsNone(renderer._writer("django/forms/div.html"))
