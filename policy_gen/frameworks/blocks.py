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
from .own import own_blocks

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
    """One address on one line; the country is named only outside Finland. The postal code
    may be left out (a PO box abroad)."""
    place = " ".join(x for x in (address.get("postal_code"), address.get("city")) if x)
    text = ", ".join(x for x in (address.get("street"), place) if x)
    country = address.get("country", "FI")
    if country != "FI":
        text += ", " + country_name(country, lang)
    return text


def _label(contact: dict, field: str, standard: str, msg: Messages) -> str | None:
    """The row's label: the register's own (`labels: {field: text}`), none (`labels: false`,
    or an empty own label), or the catalogue's."""
    labels = contact.get("labels", True)
    if labels is False:
        return None
    if isinstance(labels, dict) and field in labels:
        return labels[field] or None
    return msg(standard)


def contact_rows(contact: dict, msg: Messages, *, business_id: bool = False) -> list[Row]:
    """A contact (a person, a role, a team or an organisation) as label/value rows. A person's
    title is printed on one line with the name ("Toiminnanjohtaja Anna Myllymäki")."""
    rows = []
    if contact.get("name"):
        name = f"{contact['title']} {contact['name']}" if contact.get("title") else contact["name"]
        standard = "label.role" if contact.get("kind") == "role" else "label.name"
        rows.append(Row(_label(contact, "name", standard, msg), name))
    if contact.get("role"):
        rows.append(Row(_label(contact, "role", "label.role", msg), contact["role"]))
    if contact.get("organisation"):
        rows.append(Row(_label(contact, "organisation", "label.organisation", msg), contact["organisation"]))
    if business_id and contact.get("business_id"):
        rows.append(Row(_label(contact, "business_id", "label.business_id", msg), contact["business_id"]))
    addresses = contact.get("addresses") or []
    for address in addresses:
        kind = address.get("kind")
        own = address.get("label")
        label = own if own is not None else _label(contact, f"address.{kind}" if kind else "address",
                                                   f"label.address.{kind}" if kind else "label.address", msg)
        if address.get("lines"):     # an address that fits no pattern: its lines as typed
            rows += [Row(label if i == 0 else None, line) for i, line in enumerate(address["lines"])]
        else:
            rows.append(Row(label or None, address_text(address, msg.lang)))
    if contact.get("email"):
        email = contact["email"]
        label = _label(contact, "email", "label.email", msg)
        if contact.get("email_obfuscated"):
            rows.append(Row(label, obfuscated_email(email)))
        else:
            rows.append(Row(label, email, f"mailto:{email}"))
    if contact.get("phone"):
        rows.append(Row(_label(contact, "phone", "label.phone", msg), contact["phone"],
                        f"tel:{e164(contact['phone'])}"))
    if contact.get("website"):
        rows.append(Row(_label(contact, "website", "label.website", msg), contact["website"], contact["website"]))
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
    if controller.get("contact_person"):       # the controller's own contact person, in its rows
        person = controller["contact_person"]
        rows = contact_rows(person, msg)
        label = _label(controller, "contact_person", "label.contact_person", msg)
        if rows and rows[0].label in (msg("label.name"), None):
            rows[0] = Row(label, rows[0].value)
        blocks[0] = Rows(blocks[0].rows + tuple(rows))
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
            ordered.insert(position, (extra["id"], extra["heading"], section_blocks(extra) + own_blocks(extra)))
            if anchor:
                last_after[anchor] = extra["id"]
            pending.remove(extra)
    return tuple(Section(ident, n, heading, tuple(blocks))
                 for n, (ident, heading, blocks) in enumerate(ordered, start=1))
