"""The site's layout: where each document's files sit, and the links between pages.

Every address in the site is a site path, relative to its root and never holding
'.' or '..': fi/x.html, fi/x/2015-01-01.pdf (a version). Internal records (GDPR
Art. 30) have the same layout in a folder of their own, never in the public site. Links between pages are relative, so the site works from any
address and from the file system.
"""
from __future__ import annotations

from dataclasses import dataclass

from babel import Locale


def site_path(register_id: str, lang: str, suffix: str, version: str | None = None) -> str:
    """Where a document's file sits in its site: fi/x.pdf, fi/x/2015-01-01.pdf (a version)."""
    name = f"{register_id}/{version}" if version else register_id
    return f"{lang}/{name}.{suffix}"


def relative(page: str, target: str) -> str:
    """The link from the page at site path `page` to the site path `target`.

    Site paths are relative to the site's root and never hold '.' or '..', so
    this is string work (posixpath.relpath asks the OS for the working folder
    twice a call, thousands of times a build)."""
    here = page.split("/")[:-1]
    there = target.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:])


@dataclass(frozen=True)
class Download:
    """A link from a page to the same document in another format."""
    href: str                   # relative to the page
    type: str                   # media type
    label: str                  # "PDF", from the catalogue


@dataclass(frozen=True)
class VersionLink:
    """One version in a page's list of versions."""
    version: str                # its ISO date
    text: str                   # the date as the language writes it
    href: str                   # relative to the page
    current: bool               # the version the page shows
    changes: tuple[str, ...]    # what changed from the version before


@dataclass(frozen=True)
class LanguageLink:
    """The same page in one of the document's languages."""
    lang: str
    name: str                   # the language's own name: suomi, svenska, English
    href: str
    current: bool


@dataclass(frozen=True)
class Page:
    """Where a web page sits in the site, and what it links to."""
    path: str                                 # e.g. fi/iljoja-networks.html
    downloads: tuple[Download, ...] = ()
    versions: tuple[VersionLink, ...] = ()

    @property
    def root(self) -> str:
        """The relative link to the site's root folder, ending in '/' (or empty)."""
        return relative(self.path, "index.html")[:-len("index.html")]


def language_links(languages: tuple[str, ...], lang: str, page: str) -> tuple[LanguageLink, ...]:
    """The page in each of the document's languages, for hreflang links and the language
    switcher: the same site path with the language folder swapped (fi/x.html, sv/x.html)."""
    parts = page.split("/")
    if len(languages) < 2 or lang not in parts[:-1]:
        return ()
    at = parts.index(lang)
    links = []
    for other in languages:
        own_name = Locale.parse(other).get_display_name(other)     # suomi, svenska, English
        target = "/".join(parts[:at] + [other] + parts[at + 1:])
        links.append(LanguageLink(other, own_name[:1].upper() + own_name[1:], relative(page, target),
                                  other == lang))
    return tuple(links)
