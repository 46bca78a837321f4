"""Forms of exhibitions: the exhibitor's profile, products, and the staff's exhibition, theme,
floor plan, booth, assignment and review forms. Bilingual fields come in pairs (_ko, _en)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from summitry.core.forms import Form

from .models import ExhibitionKind


def _pair(form_fields: dict, name: str, label, *, max_length=None, textarea=False):
    widget = forms.Textarea(attrs={"rows": 4}) if textarea else None
    for lang, language in (("ko", _("Korean")), ("en", _("English"))):
        kwargs = {"required": False, "label": f"{label} ({language})", "widget": widget}
        if max_length:
            kwargs["max_length"] = max_length
        form_fields[f"{name}_{lang}"] = forms.CharField(**kwargs)


class ProfileForm(Form):
    """The exhibitor's profile, in Korean and English."""

    def __init__(self, *args, themes=None, **kwargs):
        super().__init__(*args, **kwargs)
        fields: dict = {}
        _pair(fields, "name", _("Organisation"), max_length=200)
        _pair(fields, "summary", _("In one line"), max_length=300)
        _pair(fields, "description", _("Description"), textarea=True)
        _pair(fields, "department", _("Department"), max_length=200)
        _pair(fields, "figures", _("Key figures (one per line)"), textarea=True)
        fields["theme"] = (
            forms.ModelChoiceField(
                queryset=themes, required=False, label=_("Theme"), empty_label=_("No theme")
            )
            if themes is not None
            else None
        )
        fields["website"] = forms.URLField(
            required=False,
            label=_("Website"),
            assume_scheme="https",
            widget=forms.TextInput(attrs={"inputmode": "url", "autocomplete": "url"}),
        )
        fields["contact_name"] = forms.CharField(
            required=False, max_length=200, label=_("Contact person")
        )
        fields["contact_email"] = forms.EmailField(required=False, label=_("Contact e-mail"))
        fields["contact_phone"] = forms.CharField(
            required=False, max_length=40, label=_("Contact phone")
        )
        for name, field in fields.items():
            if field is not None:
                self.fields[name] = field
        from summitry.core.text import apply_to_form_field

        for field in self.fields.values():
            apply_to_form_field(field)

    def clean(self):
        data = super().clean()
        if not (data.get("name_ko", "").strip() or data.get("name_en", "").strip()):
            raise forms.ValidationError(
                _("Fill in the organisation in Korean, in English, or both.")
            )
        return data


class PhotoForm(Form):
    """A photo of one of the exhibitor's products, with its caption in both languages."""

    image = forms.FileField(label=_("Photo (JPEG or PNG, at most 5 MB)"))
    caption_ko = forms.CharField(label=_("Caption (Korean)"), max_length=300, required=False)
    caption_en = forms.CharField(label=_("Caption (English)"), max_length=300, required=False)


class CaptionForm(Form):
    caption_ko = forms.CharField(label=_("Caption (Korean)"), max_length=300, required=False)
    caption_en = forms.CharField(label=_("Caption (English)"), max_length=300, required=False)


class ProductForm(Form):
    name_ko = forms.CharField(label=_("Product (Korean)"), max_length=200, required=False)
    name_en = forms.CharField(label=_("Product (English)"), max_length=200, required=False)
    description_ko = forms.CharField(
        label=_("What it does (Korean)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    description_en = forms.CharField(
        label=_("What it does (English)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean(self):
        data = super().clean()
        if not (data.get("name_ko", "").strip() or data.get("name_en", "").strip()):
            raise forms.ValidationError(_("Name the product in Korean, in English, or both."))
        return data


class ExhibitionForm(Form):
    slug = forms.SlugField(label=_("Short identifier"), max_length=60)
    kind = forms.ChoiceField(label=_("Kind"), choices=ExhibitionKind.choices)
    title_ko = forms.CharField(label=_("Title (Korean)"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    hall_ko = forms.CharField(label=_("Hall (Korean)"), max_length=200, required=False)
    hall_en = forms.CharField(label=_("Hall (English)"), max_length=200, required=False)
    description_ko = forms.CharField(
        label=_("Description (Korean)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    venue = forms.ModelChoiceField(queryset=None, required=False, label=_("Venue"))
    allows_several_booths = forms.BooleanField(
        required=False, label=_("An exhibitor may hold several booths")
    )
    accepts_applications = forms.BooleanField(
        required=False, initial=True, label=_("Accepts applications")
    )
    is_public = forms.BooleanField(required=False, label=_("Public in the exhibition guide"))
    leads_need_consent = forms.BooleanField(
        required=False, label=_("Scanned leads need the visitor's consent")
    )

    def __init__(self, *args, venues=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = venues


class HoursForm(Form):
    opens_at = forms.DateTimeField(
        label=_("Opens"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    closes_at = forms.DateTimeField(
        label=_("Closes"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )


class ThemeForm(Form):
    name_ko = forms.CharField(label=_("Theme (Korean)"), max_length=120, required=False)
    name_en = forms.CharField(label=_("Theme (English)"), max_length=120, required=False)
    colour = forms.RegexField(
        label=_("Colour"),
        regex=r"^#[0-9a-fA-F]{6}$",
        initial="#4a7bd0",
        widget=forms.TextInput(attrs={"type": "color"}),
        error_messages={"invalid": _("Give the colour as #rrggbb.")},
    )


class PlanForm(Form):
    name_ko = forms.CharField(label=_("Plan (Korean)"), max_length=200, required=False)
    name_en = forms.CharField(label=_("Plan (English)"), max_length=200, required=False)
    width = forms.IntegerField(label=_("Width"), min_value=1, max_value=10000, initial=1000)
    height = forms.IntegerField(label=_("Height"), min_value=1, max_value=10000, initial=600)
    background = forms.FileField(
        label=_("Plan drawing"),
        required=False,
        help_text=_("PNG, JPEG or SVG, at most 5 MB; booths are drawn over it."),
    )


class BoothForm(Form):
    plan = forms.ModelChoiceField(queryset=None, label=_("Floor plan"), empty_label=None)
    code = forms.CharField(label=_("Code"), max_length=20)
    size = forms.CharField(label=_("Size"), max_length=40, required=False)
    x = forms.IntegerField(label="x", min_value=0)
    y = forms.IntegerField(label="y", min_value=0)
    w = forms.IntegerField(label=_("Width"), min_value=1)
    h = forms.IntegerField(label=_("Height"), min_value=1)
    theme = forms.ModelChoiceField(
        queryset=None, required=False, label=_("Theme"), empty_label=_("No theme")
    )

    def __init__(self, *args, plans=None, themes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["theme"].queryset = themes


class AssignForm(Form):
    booth = forms.ModelChoiceField(queryset=None, label=_("Booth"), empty_label=None)

    def __init__(self, *args, booths=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["booth"].queryset = booths
        self.fields["booth"].label_from_instance = _booth_label


def _booth_label(booth) -> str:
    taken = f" — {booth.exhibitor}" if booth.exhibitor_id else ""
    return f"{booth.code}{taken}"


class ProgrammeLinkForm(Form):
    """Staff: the programme items that present an exhibit (a policy case, a keynote)."""

    items = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        label=_("Presented in the programme"),
        help_text=_("Hold Ctrl (or ⌘) to choose several; none removes the links."),
    )

    def __init__(self, *args, items=None, zone=None, **kwargs):
        from summitry.programme.forms import item_label

        super().__init__(*args, **kwargs)
        self.fields["items"].queryset = items
        self.fields["items"].label_from_instance = lambda item: item_label(item, zone)
        self.fields["items"].widget.attrs["size"] = 8


class NoteForm(Form):
    note_ko = forms.CharField(
        label=_("What to change (Korean)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    note_en = forms.CharField(
        label=_("What to change (English)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ContactForm(Form):
    """What a visitor leaves with an exhibitor at its booth."""

    name = forms.CharField(label=_("Your name"), max_length=200)
    organisation = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)


class BadgeScanForm(Form):
    """The code a USB or Bluetooth scanner types from a visitor's badge."""

    code = forms.CharField(
        label=_("Badge code"),
        max_length=400,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "off"}),
    )


class StaffForm(Form):
    """A booth staff member the exhibitor registers: the name in both scripts, the position
    in both languages."""

    name_hangul = forms.CharField(label=_("Name in Korean script"), max_length=100, required=False)
    given_name = forms.CharField(
        label=_("Given name (Latin script)"), max_length=100, required=False
    )
    family_name = forms.CharField(
        label=_("Family name (Latin script)"), max_length=100, required=False
    )
    position_ko = forms.CharField(label=_("Position (Korean)"), max_length=200, required=False)
    position_en = forms.CharField(label=_("Position (English)"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if not any(
            data.get(name, "").strip() for name in ("name_hangul", "given_name", "family_name")
        ):
            raise forms.ValidationError(
                _("Give the person's name in Latin script, in Korean script, or both.")
            )
        return data
