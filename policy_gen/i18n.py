"""Per-language catalogues of headings and fixed texts, and locale-aware dates.

The catalogues are gettext .po files (locales/<lang>/LC_MESSAGES/policy_gen.po)
read with Babel, so translators can use their usual tools. A message's context
(msgctxt) is the framework it belongs to, or "common"; a framework may name other
contexts to fall back to (a variant of a law reuses its parent's texts) and a
folder of catalogues of its own (a framework from another package). Nothing
falls back to another language: a missing entry is an error.
"""
from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from babel import Locale

from .resources import locales_dir

LANGUAGES = ("fi", "sv", "en")
DOMAIN = "policy_gen"


def is_text_mapping(node) -> bool:
    """A text given per language: {fi: ..., sv: ...}."""
    return isinstance(node, dict) and bool(node) and set(node) <= set(LANGUAGES)


class MissingMessage(LookupError):
    pass


@cache
def _catalogue(lang: str, folder: Path | None = None) -> dict[tuple[str, str], str]:
    """The catalogue of `lang` in `folder` (policy-gen's own locales/ when None)."""
    path = (folder or locales_dir()) / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    if folder is not None and not path.is_file():
        return {}
    with path.open("rb") as fh:
        from babel.messages.pofile import read_po      # only when a text is looked up
        catalog = read_po(fh, locale=lang, domain=DOMAIN)
    return {(m.context or "", m.id): m.string for m in catalog if m.id and m.string and not m.fuzzy}


def catalogue_keys(lang: str) -> set[tuple[str, str]]:
    return set(_catalogue(lang))


def cli_texts(lang: str):
    """The command line's messages in `lang` (context "cli", whose msgids are the English
    templates; or context "schema", the schemas' own English texts): template -> the template
    in `lang`, or None when the catalogue lacks it."""
    texts = _catalogue(lang)
    return lambda template, context="cli": texts.get((context, template))


class Messages:
    """The texts of one framework in one language: `msg("section.purpose")`, looked up in
    the contexts `context`, then `fallbacks`, then "common"."""

    def __init__(self, lang: str, context: str, fallbacks: tuple[str, ...] = (), locales: Path | None = None):
        self.lang = lang
        self.framework = context
        self.contexts = tuple(dict.fromkeys((context, *fallbacks, "common")))
        own = _catalogue(lang, locales) if locales else {}
        self._texts = {**_catalogue(lang), **own} if own else _catalogue(lang)

    def __call__(self, key: str, **params: str) -> str:
        for context in self.contexts:
            text = self._texts.get((context, key))
            if text is not None:
                return text.format(**params) if params else text
        raise MissingMessage(f"catalogue '{self.lang}' has no text for '{key}' "
                             f"(contexts {', '.join(repr(c) for c in self.contexts)})")

    def date(self, iso: str) -> str:
        """An ISO date in this language's style: 1.1.2015 (fi, sv), 1 January 2015 (en)."""
        return _format_date(iso, self("date.pattern"), self.lang)


@cache
def _format_date(iso: str, pattern: str, lang: str) -> str:
    from babel.dates import format_date               # only when a document is written
    return format_date(dt.date.fromisoformat(iso), pattern, locale=_locale(lang))


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)
