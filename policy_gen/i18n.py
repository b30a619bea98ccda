"""Per-language catalogues of headings and fixed texts, and locale-aware dates.

The catalogues are gettext .po files (locales/<lang>/LC_MESSAGES/policy_gen.po)
read with Babel, so translators can use their usual tools. A message's context
(msgctxt) is the framework it belongs to, or "common". Nothing falls back to
another language: a missing entry is an error.
"""
from __future__ import annotations

import datetime as dt
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.messages.pofile import read_po

from .resources import locales_dir

LANGUAGES = ("fi", "sv", "en")
DOMAIN = "policy_gen"


def is_text_mapping(node) -> bool:
    """A text given per language: {fi: ..., sv: ...}."""
    return isinstance(node, dict) and bool(node) and set(node) <= set(LANGUAGES)


class MissingMessage(LookupError):
    pass


@cache
def _catalogue(lang: str) -> dict[tuple[str, str], str]:
    path = locales_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=lang, domain=DOMAIN)
    return {(m.context or "", m.id): m.string for m in catalog if m.id and m.string and not m.fuzzy}


def catalogue_keys(lang: str) -> set[tuple[str, str]]:
    return set(_catalogue(lang))


class Messages:
    """The texts of one framework in one language: `msg("section.purpose")`."""

    def __init__(self, lang: str, framework: str):
        self.lang = lang
        self.framework = framework
        self._texts = _catalogue(lang)

    def __call__(self, key: str, **params: str) -> str:
        for context in (self.framework, "common"):
            text = self._texts.get((context, key))
            if text is not None:
                return text.format(**params) if params else text
        raise MissingMessage(f"catalogue '{self.lang}' has no text for '{key}' "
                             f"(context '{self.framework}' or 'common')")

    def date(self, iso: str) -> str:
        """An ISO date in this language's style: 1.1.2015 (fi, sv), 1 January 2015 (en)."""
        return _format_date(iso, self("date.pattern"), self.lang)


@cache
def _format_date(iso: str, pattern: str, lang: str) -> str:
    return format_date(dt.date.fromisoformat(iso), pattern, locale=_locale(lang))


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)
