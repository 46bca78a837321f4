"""Form pieces every capability shares: the base of Summitry's forms (every text field follows
``core.text``'s rule) and the new-account form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .text import apply_to_form_field


class Form(forms.Form):
    """A form whose text fields refuse control characters at the field, with the other
    problems of the form, before anything reaches a service."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            apply_to_form_field(field)


class NewAccountForm(Form):
    """A name and a password typed twice: a new account, for the address a link proved or
    the form asks for (``email``, where a subclass adds it)."""

    name = forms.CharField(label=_("Your name"), max_length=150)
    password = forms.CharField(
        label=_("Password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password_again = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return data
