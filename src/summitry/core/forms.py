"""The base of Summitry's forms: every text field follows ``core.text``'s rule."""

from __future__ import annotations

from django import forms

from .text import apply_to_form_field


class Form(forms.Form):
    """A form whose text fields refuse control characters at the field, with the other
    problems of the form, before anything reaches a service."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            apply_to_form_field(field)
