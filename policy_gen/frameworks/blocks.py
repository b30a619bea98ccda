"""Building blocks the frameworks share: a register's parts as the model's blocks.

Each function turns one shape of register data (a contact, an address, a section
of intro, items and notes …) into blocks, with labels from the catalogue.
"""
from __future__ import annotations

from functools import cache

import phonenumbers
from babel import Locale

from ..i18n import Messages
from ..model import Block, BulletList, Item, Paragraph, Row, Rows, Section, Subheading

SECTION_PARTS = ("intro", "items", "notes")     # the common shape of a section's text

def paragraphs(texts) -> list[Block]:
    return [Paragraph(t) for t in texts or ()]


def section_blocks(section: dict) -> list[Block]:
    """intro paragraphs, the list, closing notes: the common shape of a section."""
    blocks = paragraphs(section.get("intro"))
    if section.get("items"):
        blocks.append(BulletList(tuple(Item(t) for t in section["items"])))
    return blocks + paragraphs(section.get("notes"))


def obfuscated_email(address: str) -> str:
    """tuki@palvelimet.net -> 'tuki @ palvelimet . net' (readable, not harvestable)."""
    local, domain = address.split("@", 1)
    return f"{local} @ {' . '.join(domain.split('.'))}"


@cache
def _territories(lang: str) -> dict:
    return Locale.parse(lang).territories


def country_name(code: str, lang: str) -> str:
    """An ISO country code as the language names it: SE -> Ruotsi (fi), Sverige (sv)."""
    return _territories(lang).get(code, code)


@cache
def e164(phone: str) -> str:
    """+358 (0)9 3157 6885 -> +358931576885, for tel: links."""
    number = phonenumbers.parse(phone, "FI")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def address_text(address: dict, lang: str) -> str:
    """One address on one line; the country is named only outside Finland."""
    text = f"{address['street']}, {address['postal_code']} {address['city']}"
    country = address.get("country", "FI")
    if country != "FI":
        text += ", " + country_name(country, lang)
    return text


def contact_rows(contact: dict, msg: Messages, *, business_id: bool = False) -> list[Row]:
    rows = [Row(msg("label.name"), contact["name"])]
    if contact.get("role"):
        rows.append(Row(msg("label.role"), contact["role"]))
    if business_id and contact.get("business_id"):
        rows.append(Row(msg("label.business_id"), contact["business_id"]))
    addresses = contact.get("addresses") or []
    for address in addresses:
        kind = address.get("kind")
        label = msg(f"label.address.{kind}") if kind else msg("label.address")
        rows.append(Row(label, address_text(address, msg.lang)))
    if contact.get("email"):
        email = contact["email"]
        if contact.get("email_obfuscated"):
            rows.append(Row(msg("label.email"), obfuscated_email(email)))
        else:
            rows.append(Row(msg("label.email"), email, f"mailto:{email}"))
    if contact.get("phone"):
        rows.append(Row(msg("label.phone"), contact["phone"], f"tel:{e164(contact['phone'])}"))
    if contact.get("website"):
        rows.append(Row(msg("label.website"), contact["website"], contact["website"]))
    return rows


def sources_blocks(section: dict, describe=lambda source: source["provides"]) -> list[Block]:
    """A sources section: its own text, then the external sources, each as 'name: what it
    gives' (`describe` says what a framework prints after the name)."""
    blocks = section_blocks(section)
    external = section.get("external")
    if external:
        blocks += paragraphs(external.get("intro"))
        blocks.append(BulletList(tuple(Item(describe(e), term=e["source"]) for e in external["items"])))
        blocks += paragraphs(external.get("notes"))
    return blocks


def controller_blocks(controller: dict, msg: Messages) -> list[Block]:
    """The controller's details, and its representative's where it has one."""
    blocks: list[Block] = [Rows(tuple(contact_rows(controller, msg, business_id=True)))]
    if controller.get("representative"):
        blocks += [Subheading(msg("label.representative")),
                   Rows(tuple(contact_rows(controller["representative"], msg)))]
    return blocks


def security_blocks(section: dict, msg: Messages) -> list[Block]:
    """The security principles: the section's own text, then electronic and manual material."""
    intro = {key: section[key] for key in ("intro", "items") if section.get(key)}
    return (section_blocks(intro)
            + [Subheading(msg("security.electronic"))] + paragraphs(section["electronic"])
            + [Subheading(msg("security.manual"))] + paragraphs(section["manual"])
            + paragraphs(section.get("notes")))


def place_extra_sections(standard: list[tuple[str, str, list[Block]]], extras: list[dict]):
    """Insert additional sections after the section each names; number them all in order.

    Several sections after the same one keep their order in the file. An extra may
    follow another extra, so placing repeats until nothing more can be placed.
    """
    ordered = list(standard)
    last_after: dict[str, str] = {}     # anchor id -> id of the last extra placed after it
    pending = list(extras)
    while pending:
        placeable = [e for e in pending if e.get("after") in (None, *(s[0] for s in ordered))]
        if not placeable:               # 'after' names nothing placeable: validation says so
            placeable = pending
        for extra in placeable:
            anchor = extra.get("after")
            ids = [s[0] for s in ordered]
            position = ids.index(last_after.get(anchor, anchor)) + 1 if anchor in ids else len(ordered)
            ordered.insert(position, (extra["id"], extra["heading"], section_blocks(extra)))
            if anchor:
                last_after[anchor] = extra["id"]
            pending.remove(extra)
    return tuple(Section(ident, n, heading, tuple(blocks))
                 for n, (ident, heading, blocks) in enumerate(ordered, start=1))
