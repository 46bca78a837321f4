"""Automatic e-mails a summit may word itself: the catalogue, the safe rendering of a
summit's own text, and its writes.

Every automatic e-mail is a pair of files in an app's templates, ``<name>_subject.txt`` and
``<name>_body.txt`` (core.mail.send renders them); the catalogue finds them all by file name,
and a capability's ``mails.py`` adds a title, a description and documented placeholders
(core.registry.MailTemplate). A summit's own text (``MailTemplateOverride``) is a Django
template compiled by a restricted engine: a few tags (``if``, ``firstof``, ``with``, and
``for`` over the lists an e-mail offers), a few text filters, and a context of plain values
only, the placeholders, each computed from what the default template uses (``{{ name }}`` for
``invitation.contact_name``); a list is a list of plain values by field (``{{ item.title }}``
inside ``{% for item in agenda_items %}``). No object reaches the edited text, so no one can
walk from a placeholder to other data.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template import (
    Context,
    Engine,
    Library,
    TemplateSyntaxError,
    defaultfilters,
    defaulttags,
)
from django.template.base import Lexer, TokenType, VariableNode, render_value_in_context
from django.utils import translation
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import audit, registry
from .bilingual import localise
from .models import AuditEntry, MailTemplateOverride
from .registry import MailPlaceholder
from .scoping import in_summit

logger = logging.getLogger(__name__)

SUBJECT, BODY = "_subject.txt", "_body.txt"
LANGUAGES = tuple(code for code, _name in settings.LANGUAGES)

# --- the restricted engine --------------------------------------------------------------------

register = Library()
ALLOWED_TAGS = (
    "if",
    "elif",
    "else",
    "endif",
    "firstof",
    "with",
    "endwith",
    "for",
    "empty",
    "endfor",
)
# What a loop's ``forloop`` may be asked inside an edited e-mail.
FORLOOP_FIELDS = ("counter", "counter0", "revcounter", "revcounter0", "first", "last")
for _name, _compile in (
    ("if", defaulttags.do_if),
    ("firstof", defaulttags.firstof),
    ("with", defaulttags.do_with),
    ("for", defaulttags.do_for),
):
    register.tag(_name, _compile)
ALLOWED_FILTERS = (
    "default",
    "default_if_none",
    "upper",
    "lower",
    "capfirst",
    "title",
    "truncatechars",
    "truncatewords",
    "wordwrap",
    "cut",
    "length",
    "yesno",
    "pluralize",
)
for _name in ALLOWED_FILTERS:
    register.filter(_name, getattr(defaultfilters, _name))


class _RestrictedEngine(Engine):
    default_builtins: list[str] = []


_ENGINE = _RestrictedEngine(builtins=["summitry.core.mailtemplates"], autoescape=False)
_OPERATORS = {"and", "or", "not", "in", "is", "as", "==", "!=", "<", ">", "<=", ">=", "None"}
_ROOT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*")


# --- the catalogue ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Mail:
    """One automatic e-mail: its template name (as core.mail.send takes it), where its files
    are, what the console says about it and the placeholders its edited text may use."""

    template: str
    folder: Path
    title: object
    description: object
    placeholders: tuple[MailPlaceholder, ...]
    documented: bool
    per_summit: bool
    order: int

    @property
    def key(self) -> str:
        """The e-mail's name in URLs: ``delegations.email.invitation``."""
        return self.template.replace("/", ".")

    def source(self, part: str) -> str:
        name = self.template.rsplit("/", 1)[-1]
        return (self.folder / f"{name}{part}").read_text(encoding="utf-8")

    def placeholder_names(self) -> list[str]:
        return [placeholder.name for placeholder in self.placeholders]

    def lists(self) -> dict[str, MailPlaceholder]:
        """The placeholders that are lists to loop over, by name."""
        return {p.name: p for p in self.placeholders if p.fields}


def _split_with(bits: list[str]) -> dict[str, str]:
    """``with a=x b=y`` (or the old ``with x as a``) of a blocktranslate: alias → expression."""
    found = {}
    if "with" not in bits:
        return found
    rest = bits[bits.index("with") + 1 :]
    index = 0
    while index < len(rest):
        bit = rest[index]
        if "=" in bit and not bit.startswith(("'", '"')):
            alias, expression = bit.split("=", 1)
            found[alias] = expression
            index += 1
        elif index + 2 < len(rest) and rest[index + 1] == "as":
            found[rest[index + 2]] = bit
            index += 3
        else:
            break
    return found


def _name_for(expression: str) -> str:
    """A placeholder's name for an expression the default template uses without an alias:
    ``summit|localised:"name"`` → ``summit_name``, ``meeting.starts_at|date:"…"`` →
    ``meeting_starts_at``."""
    root, *filters = expression.split("|")
    name = root.strip().replace(".", "_")
    for item in filters:
        if item.startswith("localised:"):
            name += "_" + item.split(":", 1)[1].strip("\"'")
    return re.sub(r"[^A-Za-z0-9_]", "", name)


def _uses(source: str) -> list[tuple[str, str]]:
    """(name, expression) of every value the default template shows, in order: its
    variables, the aliases of its blocktranslate tags; not what a loop walks through."""
    found: list[tuple[str, str]] = []
    loops: set[str] = {"forloop"}
    aliases: dict[str, str] = {}
    in_block = False
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            bits = token.split_contents()
            tag = bits[0] if bits else ""
            if tag in ("blocktranslate", "blocktrans"):
                in_block, aliases = True, _split_with(bits)
                for alias, expression in aliases.items():
                    found.append((alias, expression))
            elif tag in ("endblocktranslate", "endblocktrans"):
                in_block, aliases = False, {}
            elif tag == "for":
                loops.update(bit.strip(",") for bit in bits[1 : bits.index("in")])
            elif tag in ("if", "elif"):
                for bit in bits[1:]:
                    root = _ROOT.match(bit)
                    if bit in _OPERATORS or root is None or root.group(0) in loops:
                        continue
                    found.append((_name_for(bit), bit))
        elif token.token_type == TokenType.VAR:
            expression = token.contents.strip()
            if in_block and expression in aliases:
                continue
            root = _ROOT.match(expression)
            if root is None or root.group(0) in loops:
                continue
            found.append((expression if in_block else _name_for(expression), expression))
    return found


def _placeholders(sources: list[str], declared: tuple[MailPlaceholder, ...]):
    """The declared placeholders, then those found in the default template, then the summit's
    name and the site's address: one per name, one per expression."""
    result: dict[str, MailPlaceholder] = {}
    expressions: set[str] = set()
    for placeholder in declared:
        result[placeholder.name] = placeholder
        expressions.add(placeholder.expression)
    found = [pair for source in sources for pair in _uses(source)]
    found += [("summit_name", 'summit|localised:"name"'), ("site_url", "site_url")]
    generic = {
        "summit_name": gettext_lazy("The summit's name"),
        "site_url": gettext_lazy("The site's address (links' paths follow it)"),
    }
    for name, expression in found:
        if expression in expressions or not name:
            continue
        if name in result:
            name = f"{name}_{len(result) + 1}"
        result[name] = MailPlaceholder(name, expression, generic.get(name, ""))
        expressions.add(expression)
    return tuple(result.values())


def _var(name: str) -> str:
    return "{{ " + name + " }}"


def _tag(contents: str) -> str:
    return "{% " + contents + " %}"


def _title_from(template: str) -> str:
    app, *_rest, name = template.split("/")
    return f"{app}: {name.replace('_', ' ')}"


@cache
def catalogue() -> dict[str, Mail]:
    """Every automatic e-mail of Summitry's apps, by template name."""
    autodiscover_modules("mails")
    declared = registry.mail_templates()
    found: dict[str, Mail] = {}
    for config in apps.get_app_configs():
        if not config.name.startswith("summitry."):
            continue
        root = Path(config.path) / "templates"
        for subject_file in sorted(root.rglob(f"*{SUBJECT}")):
            name = subject_file.name[: -len(SUBJECT)]
            if not (subject_file.parent / f"{name}{BODY}").exists():
                continue
            template = subject_file.relative_to(root).as_posix()[: -len(SUBJECT)]
            info = declared.get(template)
            sources = [
                subject_file.read_text(encoding="utf-8"),
                (subject_file.parent / f"{name}{BODY}").read_text(encoding="utf-8"),
            ]
            found[template] = Mail(
                template=template,
                folder=subject_file.parent,
                title=info.title if info else _title_from(template),
                description=info.description if info else "",
                placeholders=_placeholders(sources, info.placeholders if info else ()),
                documented=info is not None,
                per_summit=info.per_summit if info else True,
                order=info.order if info else 1000,
            )
    return found


def summit_mails() -> list[Mail]:
    """The e-mails a summit may word itself, in the console's order."""
    rows = [mail for mail in catalogue().values() if mail.per_summit]
    return sorted(rows, key=lambda mail: (mail.order, mail.template))


def by_key(key: str) -> Mail | None:
    found = catalogue().get(key.replace(".", "/"))
    return found if found is not None and found.per_summit else None


# --- reading a summit's own texts -------------------------------------------------------------


def overrides(summit):
    return in_summit(MailTemplateOverride, summit).select_related("updated_by")


def override(summit, template: str, language: str) -> MailTemplateOverride | None:
    if summit is None:
        return None
    return overrides(summit).filter(template=template, language=language).first()


def customised(summit) -> dict[str, set[str]]:
    """template → the languages in which the summit has its own text."""
    found: dict[str, set[str]] = {}
    for template, language in overrides(summit).values_list("template", "language"):
        found.setdefault(template, set()).add(language)
    return found


def search(summit, query: str = "") -> list[tuple[Mail, set[str]]]:
    """The summit's automatic e-mails (title, description or file name contain ``query``)
    with the languages it has worded itself."""
    own = customised(summit)
    needle = query.strip().casefold()
    rows = []
    for mail in summit_mails():
        text = f"{mail.title} {mail.description} {mail.template}".casefold()
        if needle and needle not in text:
            continue
        rows.append((mail, own.get(mail.template, set())))
    return rows


# --- the default text, as an editable starting point ------------------------------------------


def default_text(mail: Mail, part: str, language: str) -> str:
    """The default template of ``part`` in ``language``, written with the placeholders: its
    translated sentences with ``{{ name }}`` where the e-mail shows a value. What a summit
    edits when it words the e-mail itself for the first time."""
    # Lists are not written into the default text: it shows them as their one-line values.
    by_expression = {p.expression: p.name for p in mail.placeholders if not p.fields}
    out: list[str] = []
    block: list[str] | None = None
    aliases: dict[str, str] = {}
    source = mail.source(part)
    for placeholder in mail.placeholders:
        if placeholder.expression.startswith("{%"):
            source = source.replace(placeholder.expression, _var(placeholder.name))
    with translation.override(language):
        for token in Lexer(source).tokenize():
            kind = token.token_type
            if kind == TokenType.COMMENT:
                continue
            if block is not None:
                if kind == TokenType.BLOCK and token.contents.split()[0] in (
                    "endblocktranslate",
                    "endblocktrans",
                ):
                    text = translation.gettext("".join(block))
                    out.append(
                        re.sub(
                            r"%\((\w+)\)s",
                            lambda m, aliases=aliases: _var(
                                by_expression.get(aliases.get(m[1], m[1]), m[1])
                            ),
                            text,
                        ).replace("%%", "%")
                    )
                    block = None
                elif kind == TokenType.VAR:
                    block.append(f"%({token.contents.strip()})s")
                elif kind == TokenType.TEXT:
                    block.append(token.contents.replace("%", "%%"))
                continue
            if kind == TokenType.TEXT:
                out.append(token.contents)
            elif kind == TokenType.VAR:
                expression = token.contents.strip()
                out.append(_var(by_expression.get(expression, expression)))
            else:
                bits = token.split_contents()
                tag = bits[0] if bits else ""
                if tag in ("load", "autoescape", "endautoescape"):
                    continue
                if tag in ("translate", "trans") and len(bits) == 2 and bits[1][0] in "\"'":
                    out.append(translation.gettext(bits[1][1:-1]))
                elif tag in ("blocktranslate", "blocktrans"):
                    block, aliases = [], _split_with(bits)
                elif _tag(token.contents) in by_expression:
                    out.append(_var(by_expression[_tag(token.contents)]))
                else:
                    words = [by_expression.get(bit, bit) for bit in bits]
                    out.append(_tag(" ".join(words)))
    text = "".join(out)
    return " ".join(text.split()) if part == SUBJECT else text.strip("\n") + "\n"


# --- checking and rendering a summit's own text -----------------------------------------------


_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _loop_problem(mail: Mail, words: list[str], label) -> str | None:
    """What is wrong with ``{% for <words> %}`` (None when it loops over one of the lists)."""
    lists = mail.lists()
    well_formed = (
        len(words) in (3, 4)
        and _IDENTIFIER.match(words[0])
        and words[1] == "in"
        and (len(words) == 3 or words[3] == "reversed")
    )
    if not well_formed:
        return _(
            "%(part)s: write a loop as {%% for item in list %%} … {%% endfor %%} "
            "(lists: %(lists)s)."
        ) % {"part": label, "lists": ", ".join(sorted(lists)) or _("none in this e-mail")}
    if words[2] not in lists:
        return _("%(part)s: {{ %(name)s }} is not a list to loop over (lists: %(lists)s).") % {
            "part": label,
            "name": words[2],
            "lists": ", ".join(sorted(lists)) or _("none in this e-mail"),
        }
    return None


def _name_problem(mail: Mail, name: str, allowed: set[str], loops: list, label) -> str | None:
    """What is wrong with a value an edited text uses (None when it may use it)."""
    root = _ROOT.match(name)
    if root is None or root.group(0) in ("True", "False", "None"):
        return None
    path = name.split("|")[0].split(".")
    loop_fields = {var: placeholder for var, placeholder in loops if placeholder is not None}
    if path[0] in loop_fields:
        fields = [field.name for field in loop_fields[path[0]].fields]
        if len(path) == 2 and path[1] in fields:
            return None
        return _("%(part)s: {{ %(name)s }} is not a field of the list (fields: %(fields)s).") % {
            "part": label,
            "name": ".".join(path),
            "fields": ", ".join(f"{path[0]}.{field}" for field in fields),
        }
    if path[0] in {var for var, _placeholder in loops}:
        return None  # a loop over an unknown list: said once, at its {% for %}
    if path[0] == "forloop" and loops:
        if len(path) == 2 and path[1] in FORLOOP_FIELDS:
            return None
        return _("%(part)s: {{ %(name)s }} is not known (in a loop: %(fields)s).") % {
            "part": label,
            "name": ".".join(path),
            "fields": ", ".join(f"forloop.{field}" for field in FORLOOP_FIELDS),
        }
    if path[0] not in allowed or len(path) > 1:
        return _("%(part)s: unknown placeholder {{ %(name)s }} (available: %(available)s).") % {
            "part": label,
            "name": ".".join(path),
            "available": ", ".join(sorted(mail.placeholder_names())),
        }
    return None


def _check(mail: Mail, text: str, label) -> list[str]:
    """What is wrong with ``text`` as ``label`` of ``mail``, in the reader's language."""
    allowed = set(mail.placeholder_names())
    problems: list[str] = []
    # The loops open at a token: (loop variable, the list placeholder or None if unknown).
    loops: list[tuple[str, MailPlaceholder | None]] = []
    try:
        tokens = Lexer(text).tokenize()
    except Exception as error:  # noqa: BLE001 - the lexer's own wording, shown to the author
        return [_("%(part)s cannot be read: %(error)s") % {"part": label, "error": error}]
    for token in tokens:
        if token.token_type == TokenType.BLOCK:
            bits = token.split_contents()
            tag = bits[0] if bits else ""
            if tag not in ALLOWED_TAGS:
                problems.append(
                    _(
                        "%(part)s: the tag {%% %(tag)s %%} cannot be used in an e-mail template "
                        "(allowed: %(allowed)s)."
                    )
                    % {"part": label, "tag": tag, "allowed": ", ".join(ALLOWED_TAGS)}
                )
                continue
            words = bits[1:]
            if tag == "for":
                problem = _loop_problem(mail, words, label)
                if problem:
                    problems.append(problem)
                if len(words) >= 3 and _IDENTIFIER.match(words[0]):
                    loops.append((words[0], None if problem else mail.lists()[words[2]]))
                else:
                    loops.append(("", None))
                continue
            if tag in ("empty", "endfor"):
                if not loops:
                    problems.append(
                        _("%(part)s: {%% %(tag)s %%} without a {%% for %%} before it.")
                        % {"part": label, "tag": tag}
                    )
                elif tag == "endfor":
                    loops.pop()
                continue
            if tag == "with":
                allowed |= {bit.split("=", 1)[0] for bit in words if "=" in bit}
                words = [bit.split("=", 1)[1] for bit in words if "=" in bit]
            names = [word for word in words if word not in _OPERATORS]
        elif token.token_type == TokenType.VAR:
            names = [token.contents.strip()]
            path = names[0].split("|")[0].strip()
            if path in mail.lists() and "|" not in names[0]:
                problems.append(
                    _(
                        "%(part)s: {{ %(name)s }} is a list: show its items with "
                        "{%% for item in %(name)s %%} … {%% endfor %%}."
                    )
                    % {"part": label, "name": path}
                )
                continue
        else:
            continue
        for name in names:
            problem = _name_problem(mail, name, allowed, loops, label)
            if problem:
                problems.append(problem)
    if loops:
        problems.append(
            _("%(part)s: a {%% for %%} is not closed by {%% endfor %%}.") % {"part": label}
        )
    problems = list(dict.fromkeys(problems))
    if not problems:
        try:
            _ENGINE.from_string(text)
        except TemplateSyntaxError as error:
            problems.append(
                _("%(part)s cannot be read: %(error)s") % {"part": label, "error": error}
            )
    return problems


def validate(mail: Mail, *, subject: str, body: str) -> None:
    """Refuse (``ValidationError`` by field) a text that is empty, uses a tag, filter or value
    the restricted engine does not know, or cannot be compiled."""
    errors: dict[str, list[str]] = {}
    for field, text, label in (
        ("subject", subject, _("The subject")),
        ("body", body, _("The body")),
    ):
        if not text.strip():
            errors.setdefault(field, []).append(_("%(part)s is empty.") % {"part": label})
        else:
            problems = _check(mail, text, label)
            if problems:
                errors[field] = problems
    if len(subject) > 300:
        errors.setdefault("subject", []).append(_("The subject is longer than 300 characters."))
    if errors:
        raise ValidationError(errors)


def _plain(value, context: Context):
    if value is None:
        return ""
    if isinstance(value, (str, bool, int, float, Decimal)):
        return value
    return render_value_in_context(value, context)


def values(mail: Mail, context: dict) -> dict:
    """The placeholders' values for an e-mail about to be sent: each expression evaluated
    against the default template's context, in the active language and time zone, as plain
    text (or a number or a yes/no)."""
    engine = Engine.get_default()
    loads = {"i18n", "bilingual"}
    for part in (SUBJECT, BODY):
        for match in re.finditer(r"{%\s*load\s+([^%]+)%}", mail.source(part)):
            loads.update(match[1].split())
    prefix = _tag("load " + " ".join(sorted(loads)))
    found = {}
    template_context = Context(context, autoescape=False)

    def evaluate(expression: str, plain: bool = True):
        if expression.startswith("{%"):
            return engine.from_string(prefix + expression).render(template_context)
        node = next(
            node
            for node in engine.from_string(prefix + _var(expression)).nodelist
            if isinstance(node, VariableNode)
        )
        try:
            value = node.filter_expression.resolve(template_context, ignore_failures=True)
        except (AttributeError, TypeError, ValueError):
            # A filter given nothing to work on (no organisation to name): the value is empty.
            value = None
        return _plain(value, template_context) if plain else value

    for placeholder in mail.placeholders:
        if not placeholder.fields:
            found[placeholder.name] = evaluate(placeholder.expression)
            continue
        # A list: each item as plain values by field, the item known to them as ``item``.
        items = []
        for item in evaluate(placeholder.expression, plain=False) or ():
            with template_context.push(item=item):
                items.append(
                    {field.name: evaluate(field.expression) for field in placeholder.fields}
                )
        found[placeholder.name] = items
    return found


def render_text(text: str, placeholder_values: dict) -> str:
    return _ENGINE.from_string(text).render(Context(placeholder_values, autoescape=False))


def render(own: MailTemplateOverride, mail: Mail, context: dict) -> tuple[str, str]:
    """(subject, body) of ``own`` for the default template's ``context``; raises whatever
    goes wrong (core.mail.send then falls back to the default)."""
    found = values(mail, context)
    subject = " ".join(render_text(own.subject, found).split())
    return subject, render_text(own.body, found)


def samples(mail: Mail, language: str, summit=None) -> dict[str, str]:
    """Sample values for a preview: the documented samples, else the placeholder's name; the
    summit's own name and the site's address as they are."""
    found = {}
    if summit is not None:
        with translation.override(language):
            found["summit_name"] = localise(summit, "name").text
        found["summit_slug"] = summit.slug
    found["site_url"] = settings.SUMMITRY_SITE_URL

    def sample_of(placeholder: MailPlaceholder) -> str:
        sample = placeholder.sample_ko if language == "ko" else placeholder.sample_en
        return sample or f"[{placeholder.name}]"

    for placeholder in mail.placeholders:
        if placeholder.fields:
            # Two sample items, so that a preview shows how the loop repeats.
            item = {field.name: sample_of(field) for field in placeholder.fields}
            found.setdefault(placeholder.name, [item, dict(item)])
        else:
            found.setdefault(placeholder.name, sample_of(placeholder))
    return found


def preview(mail: Mail, language: str, *, subject: str, body: str, summit=None) -> dict:
    """The e-mail as it would read with sample values: subject, body, or the problems."""
    with translation.override(language):
        try:
            validate(mail, subject=subject, body=body)
            sample = samples(mail, language, summit)
            return {
                "language": language,
                "subject": " ".join(render_text(subject, sample).split()),
                "body": render_text(body, sample),
                "problems": [],
            }
        except ValidationError as error:
            return {"language": language, "subject": "", "body": "", "problems": error.messages}


def fell_back(*, summit, own: MailTemplateOverride, error: Exception) -> None:
    """Note in the summit's audit log that its own text of an e-mail could not be rendered
    and the default was sent instead."""
    logger.warning("mail template %s of summit %s failed: %r", own.template, summit.pk, error)
    AuditEntry.objects.create(
        summit=summit,
        actor=None,
        action="mail-template-failed",
        content_type=ContentType.objects.get_for_model(MailTemplateOverride),
        object_id=str(own.pk),
        object_repr=str(own)[:200],
        fields=[f"{type(error).__name__}: {error}"[:300]],
    )


# --- writes -----------------------------------------------------------------------------------


def _language(language: str) -> str:
    if language not in LANGUAGES:
        raise ValidationError(
            {"language": [_("Choose one of these languages: %s.") % ", ".join(LANGUAGES)]}
        )
    return language


@transaction.atomic
def save(*, actor, summit, mail: Mail, language: str, subject: str, body: str):
    """The summit's own text of ``mail`` in ``language`` (made or changed), once it passes
    ``validate``; recorded in the audit log."""
    _language(language)
    validate(mail, subject=subject, body=body)
    own = override(summit, mail.template, language)
    action = "changed" if own else "added"
    if own is None:
        own = MailTemplateOverride(summit=summit, template=mail.template, language=language)
    own.subject, own.body, own.updated_by = subject.strip(), body, actor
    own.full_clean()
    own.save()
    audit.record(actor=actor, obj=own, action=action, fields=["subject", "body"])
    return own


@transaction.atomic
def reset(*, actor, summit, mail: Mail, language: str) -> bool:
    """Back to the default text: the summit's own text is deleted (False if it had none)."""
    _language(language)
    own = override(summit, mail.template, language)
    if own is None:
        return False
    audit.record(actor=actor, obj=own, action="deleted")
    own.delete()
    return True
