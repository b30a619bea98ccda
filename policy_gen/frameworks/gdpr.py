"""The GDPR privacy notice (Arts. 13 and 14) and the record of processing activities
(Art. 30(1)), both built from one register (GDPR Arts. 13, 14 and 30(1)).

Which items a notice must carry depends on the register: Art. 13 when data are
collected from the person (`sources.items`), Art. 14 when they come from elsewhere
(`sources.external`). NOTICE_ITEMS and RECORD_ITEMS say which section answers each
article item and what it must show; the tests check every rendered document against
them. The rights printed follow from the legal bases used (RIGHTS), and the
supervisory authority's details come from dated data (data/supervisory-authority.yaml).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Callable

from babel import Locale

from ..checks import STANDARD_SECTIONS
from ..diagnostics import Diagnostic, field_name, is_todo
from ..i18n import Messages
from ..loader import LoadedFile, load_file
from ..model import (Block, BulletList, Document, Item, Paragraph, Row, Rows, Subheading, contact_rows,
                     controller_blocks, country_name, document_date, localise, paragraphs,
                     place_extra_sections, section_blocks, security_blocks, sources_blocks)
from ..resources import resource_dir
from . import gdpr_facts, gdpr_notice_extra

FRAMEWORK = "gdpr"
NOTICE_SECTIONS = STANDARD_SECTIONS[FRAMEWORK]
RECORD_SECTIONS = ("controller", "contact", "dpo", "register_name", "purposes", "data_subjects",
                   "data_categories", "recipients", "transfers", "retention", "security")

# The rights of Arts. 7(3) and 15–21, each with the legal bases under which it exists
# (legal.md §4, "Rights applicable by legal basis"): no portability promise under
# legitimate interests, no objection under consent or contract, withdrawal only with consent.
RIGHTS = (
    ("access", "abcdef"),
    ("rectification", "abcdef"),
    ("erasure", "abdf"),           # not when the law requires the data: 17(3)(b)
    ("restriction", "abcdef"),
    ("portability", "ab"),         # 20(1)
    ("objection", "ef"),           # 21(1)
    ("withdraw_consent", "a"),     # 7(3)
)

# EU member states, the other EEA states (IS, LI, NO) and EU territories with codes of their
# own (Åland, the outermost regions): a transfer is to a country outside these (dated data).
EEA = gdpr_facts.eea()


# ---- which items apply --------------------------------------------------------------

def from_subject(data: dict) -> bool:
    """Art. 13 applies: data are collected from the person (or arise in the relationship)."""
    return bool(data["sources"].get("items"))


def from_elsewhere(data: dict) -> bool:
    """Art. 14 applies: data come from other sources."""
    return bool(data["sources"].get("external"))


def bases(data: dict) -> set[str]:
    return {p["legal_basis"] for p in data["purposes"]["items"]}


def direct_marketing(data: dict) -> bool:
    return any(p.get("direct_marketing") for p in data["purposes"]["items"])


def rights(data: dict) -> list[str]:
    """The rights the notice states, in order; the complaint right comes last, in every notice."""
    used = bases(data)
    names = [name for name, given_by in RIGHTS if used & set(given_by)]
    if direct_marketing(data):
        names.append("object_direct_marketing")     # 21(2)-(4): absolute, stated separately
    if data["automated_decisions"]["exists"]:
        names.append("automated")                   # 22(3)
    return names + ["complaint"]


@dataclass(frozen=True)
class Requirement:
    """One article item, the section that answers it, and what that section must show."""
    article: str
    section: str
    applies: Callable[[dict], bool] = lambda data: True
    shows: Callable[[dict, Messages], list[str]] = lambda data, msg: []


def _both(art13: str, art14: str, section: str, applies=lambda d: True, shows=lambda d, m: []):
    """An item Arts. 13 and 14 both require, each when its article applies."""
    return (Requirement(f"13{art13}", section, lambda d: from_subject(d) and applies(d), shows),
            Requirement(f"14{art14}", section, lambda d: from_elsewhere(d) and applies(d), shows))


def basis_text(purpose: dict, msg: Messages) -> str:
    basis = purpose["legal_basis"]
    return msg(f"legal_basis.{basis}")


def retention_of_each_category(d: dict, m: Messages) -> list[str]:
    section = d["data_categories"]
    return [c.get("retention") or section["retention"] for c in section["items"]]


def _interests(d: dict) -> list[dict]:
    return [p for p in d["purposes"]["items"] if p["legal_basis"] == "f"]


NOTICE_ITEMS: tuple[Requirement, ...] = (
    *_both("(1)(a)", "(1)(a)", "controller", shows=lambda d, m: [d["controller"]["name"]] + (
        [d["controller"]["representative"]["name"]] if d["controller"].get("representative") else [])),
    *_both("(1)(b)", "(1)(b)", "dpo", applies=lambda d: bool(d.get("dpo")), shows=lambda d, m: [d["dpo"]["name"]]),
    *_both("(1)(c)", "(1)(c)", "purposes", shows=lambda d, m: [
        t for p in d["purposes"]["items"] for t in (p["purpose"], basis_text(p, m))]),
    *_both("(1)(d)", "(2)(b)", "purposes", applies=lambda d: bool(_interests(d)), shows=lambda d, m: [
        m("label.legitimate_interests")] + [p["legitimate_interest"] for p in _interests(d)]),
    *_both("(1)(e)", "(1)(e)", "recipients", shows=lambda d, m: [
        p["name"] for p in (d.get("processors") or {}).get("items", [])]),
    *_both("(1)(f)", "(1)(f)", "transfers", shows=lambda d, m: [
        t for x in d["transfers"].get("items", []) for t in transfer_rows_text(x, m)]),
    *_both("(2)(a)", "(2)(a)", "retention", shows=retention_of_each_category),
    *_both("(2)(b)", "(2)(c)", "rights", shows=lambda d, m: [
        m(f"right.{r}.heading") for r in rights(d) if r in dict(RIGHTS) and r != "withdraw_consent"]),
    *_both("(2)(c)", "(2)(d)", "rights", applies=lambda d: "a" in bases(d),
           shows=lambda d, m: [m("right.withdraw_consent.heading")]),
    *_both("(2)(d)", "(2)(e)", "rights", shows=lambda d, m: [
        m("right.complaint.heading"), authority_for(d, m.lang)["name"]]),
    Requirement("13(2)(e)", "provision_requirement", from_subject),
    *_both("(2)(f)", "(2)(g)", "automated_decisions"),
    Requirement("14(1)(d)", "data_categories", from_elsewhere, lambda d, m: [
        c["category"] for c in d["data_categories"]["items"]]),
    Requirement("14(2)(f)", "sources", from_elsewhere, lambda d, m: [
        t for s in d["sources"]["external"]["items"]
        for t in (s["source"], m("source.public" if s["publicly_accessible"] else "source.not_public"))]),
    Requirement("21(4)", "rights", direct_marketing, lambda d, m: [m("right.object_direct_marketing.heading")]),
)

RECORD_ITEMS: tuple[Requirement, ...] = (
    Requirement("30(1)(a)", "controller", shows=lambda d, m: [d["controller"]["name"]]),
    Requirement("30(1)(a) DPO", "dpo", lambda d: bool(d.get("dpo")), lambda d, m: [d["dpo"]["name"]]),
    Requirement("30(1)(b)", "purposes", shows=lambda d, m: [p["purpose"] for p in d["purposes"]["items"]]),
    Requirement("30(1)(c) data subjects", "data_subjects"),
    Requirement("30(1)(c) personal data", "data_categories", shows=lambda d, m: [
        c["category"] for c in d["data_categories"]["items"]]),
    Requirement("30(1)(d)", "recipients"),
    Requirement("30(1)(e)", "transfers", shows=lambda d, m: [
        country_name(x["country"], m.lang) for x in d["transfers"].get("items", [])]),
    Requirement("30(1)(f)", "retention", shows=retention_of_each_category),
    Requirement("30(1)(g)", "security"),
)


# ---- the supervisory authority -------------------------------------------------------

@cache
def _authorities() -> tuple[dict, ...]:
    loaded = load_file(resource_dir("data") / "supervisory-authority.yaml")
    return tuple(sorted(loaded.data["authorities"], key=lambda a: a["valid_from"]))


def authority(date: str, entries=None) -> dict | None:
    """The authority's details in force on `date` (ISO), or None before the first entry."""
    found = None
    for entry in entries if entries is not None else _authorities():
        if entry["valid_from"] <= date:
            found = entry
    return found


def authority_for(data: dict, lang: str) -> dict:
    return localise(authority(document_date(data["document"])), lang)


# ---- sections --------------------------------------------------------------------------

def _transfer_rows(transfer: dict, msg: Messages) -> list[Row]:
    rows = [Row(msg("label.country"), country_name(transfer["country"], msg.lang))]
    if transfer.get("recipient"):
        rows.append(Row(msg("label.recipient"), transfer["recipient"]))
    mechanism = transfer["mechanism"]
    rows.append(Row(msg("label.transfer_basis"), msg(f"transfer.{mechanism}")))
    for field, label in (("adequacy_decision", "label.adequacy_decision"), ("safeguard", "label.safeguard"),
                         ("copy", "label.copy"), ("derogation", "label.derogation")):
        if transfer.get(field):
            rows.append(Row(msg(label), transfer[field]))
    return rows + gdpr_notice_extra.transfer_rows(transfer, msg)


def transfer_rows_text(transfer: dict, msg: Messages) -> list[str]:
    return [row.value for row in _transfer_rows(transfer, msg)]


def _purposes(d: dict, m: Messages) -> list[Block]:
    section = d["purposes"]
    blocks = paragraphs(section.get("intro"))
    blocks.append(BulletList(tuple(Item(basis_text(p, m), term=p["purpose"]) for p in section["items"])))
    blocks += paragraphs(section.get("notes"))
    if _interests(d):
        blocks += [Subheading(m("label.legitimate_interests")),
                   BulletList(tuple(Item(p["legitimate_interest"], term=p["purpose"]) for p in _interests(d)))]
    return blocks + gdpr_notice_extra.purposes_blocks(d, m)


def _data_categories(d: dict, m: Messages) -> list[Block]:
    section = d["data_categories"]
    return (paragraphs(section.get("intro")) + [BulletList(tuple(Item(c["category"]) for c in section["items"]))]
            + paragraphs(section.get("notes")) + gdpr_notice_extra.data_category_blocks(d, m))


def _retention(d: dict, m: Messages) -> list[Block]:
    section = d["data_categories"]
    own = [Item(c["retention"], term=c["category"]) for c in section["items"] if c.get("retention")]
    by_purpose = gdpr_notice_extra.retention_items(d, m)
    if not own:
        return [Paragraph(section["retention"])] + ([BulletList(tuple(by_purpose))] if by_purpose else [])
    if section.get("retention") and len(own) < len(section["items"]):
        own.append(Item(section["retention"], term=m("retention.others")))
    return [BulletList(tuple(own))] + ([BulletList(tuple(by_purpose))] if by_purpose else [])


def _sources(d: dict, m: Messages) -> list[Block]:
    def describe(source: dict) -> str:       # Art. 14(2)(f): whether the source is public
        public = m("source.public" if source["publicly_accessible"] else "source.not_public")
        return f"{source['provides']} ({public})"
    return sources_blocks(d["sources"], describe)


def _recipients(d: dict, m: Messages) -> list[Block]:
    blocks = section_blocks(d["recipients"])
    processors = d.get("processors")
    if processors:
        blocks += ([Subheading(m("label.processors"))] + paragraphs(processors.get("intro"))
                   + [BulletList(tuple(Item(p["task"], term=p["name"]) for p in processors["items"]))]
                   + paragraphs(processors.get("notes")))
    return blocks


def _transfers(d: dict, m: Messages) -> list[Block]:
    section = d["transfers"]
    blocks = paragraphs(section.get("intro"))
    blocks += [Rows(tuple(_transfer_rows(t, m))) for t in section.get("items", [])]
    blocks += paragraphs(section.get("notes"))
    # the GDPR asks *whether* data are transferred: say so when the register gives no text
    return blocks or [Paragraph(m("transfers.none"))]


def _automated(d: dict, m: Messages) -> list[Block]:
    section = d["automated_decisions"]
    if not section["exists"]:
        return [Paragraph(m("automated.none"))]
    return ([Subheading(m("label.automated_logic"))] + paragraphs(section["logic"])
            + [Subheading(m("label.automated_consequences"))] + paragraphs(section["consequences"]))


def _rights(d: dict, m: Messages) -> list[Block]:
    blocks: list[Block] = []
    for name in rights(d)[:-1]:
        blocks += [Subheading(m(f"right.{name}.heading")), Paragraph(m(f"right.{name}.text"))]
    own = (d.get("rights") or {}).get("how_to_exercise")
    blocks += [Subheading(m("rights.exercise.heading"))] + (paragraphs(own) or [Paragraph(m("rights.exercise.text"))])
    entry = authority_for(d, m.lang)
    rows, (office, registry) = contact_rows(entry, m), gdpr_notice_extra.authority_rows(entry, m)
    return blocks + [Subheading(m("right.complaint.heading")), Paragraph(m("right.complaint.text")),
                     Rows(tuple(rows[:1] + office + rows[1:] + registry))]


_SECTIONS: dict[str, Callable[[dict, Messages], list[Block]]] = {
    "controller": lambda d, m: controller_blocks(d["controller"], m) + gdpr_notice_extra.controller_blocks(d, m),
    "contact": lambda d, m: [Rows(tuple(contact_rows(d["contact"], m)))] if d.get("contact") else [],
    "dpo": lambda d, m: [Rows(tuple(contact_rows(d["dpo"], m)))] if d.get("dpo") else [],
    "register_name": lambda d, m: [Paragraph(d["register_name"])],
    "purposes": _purposes,
    "data_subjects": lambda d, m: section_blocks(d["data_subjects"]),
    "data_categories": _data_categories,
    "retention": _retention,
    "sources": _sources,
    "provision_requirement": lambda d, m: paragraphs(d["provision_requirement"]) if from_subject(d) else [],
    "recipients": _recipients,
    "transfers": _transfers,
    "automated_decisions": _automated,
    "rights": _rights,
    "security": lambda d, m: security_blocks(d["security"], m),
}


def _standard(d: dict, m: Messages, order: tuple[str, ...]) -> list[tuple[str, str, list[Block]]]:
    """(id, heading, blocks) of each section in `order` that has something to say."""
    out = []
    for ident in order:
        blocks = _SECTIONS[ident](d, m)
        if blocks:
            own = d.get(ident).get("heading") if isinstance(d.get(ident), dict) else None
            out.append((ident, own or m(f"section.{ident}"), blocks))
    return out


def _document(register_id: str, data: dict, msg: Messages, doc_type: str, legal_reference: str,
              sections) -> Document:
    document = data["document"]
    date_text = msg.date(document["date"])
    return Document(
        register_id=register_id, framework=FRAMEWORK, lang=msg.lang, languages=tuple(data["languages"]),
        doc_type=doc_type,
        title=msg("document.title", type=doc_type, controller=data["controller"]["name"], date=date_text),
        legal_reference=legal_reference, date=document["date"], date_text=date_text,
        updated=document.get("updated"),
        updated_text=msg.date(document["updated"]) if document.get("updated") else None,
        controller=data["controller"]["name"], register_name=data["register_name"],
        sections=sections, data=data, messages=msg)


def build_notice(register_id: str, data: dict, msg: Messages) -> Document:
    """The public privacy notice (tietosuojaseloste), with any additional sections."""
    articles = {(True, False): "art13", (False, True): "art14", (True, True): "art13_14"}[
        (from_subject(data), from_elsewhere(data))]
    reference = data["document"].get("legal_reference") or msg(f"document.legal_reference.{articles}")
    sections = place_extra_sections(_standard(data, msg, NOTICE_SECTIONS), data.get("extra_sections") or [])
    return _document(register_id, data, msg, msg("document.type"), reference, sections)


def build_record(register_id: str, data: dict, msg: Messages) -> Document:
    """The internal record of processing activities (Art. 30(1)); additional sections stay in the notice."""
    sections = place_extra_sections(_standard(data, msg, RECORD_SECTIONS), [])
    return _document(register_id, data, msg, msg("record.document.type"),
                     msg("record.document.legal_reference"), sections)


# ---- checks a schema cannot make -----------------------------------------------------

def check(loaded: LoadedFile) -> list[Diagnostic]:
    """The supervisory authority is known for the date; transfers go outside the EEA to a
    real country; a legitimate interest is written only where it is printed."""
    data, out = loaded.data, []
    document = data.get("document") if isinstance(data.get("document"), dict) else {}
    date = document_date(document) if isinstance(document.get("date"), str) else None
    if isinstance(date, str) and not is_todo(date) and authority(date) is None:
        first = _authorities()[0]["valid_from"]
        where = ("document", "updated" if document.get("updated") else "date")
        out.append(loaded.diagnostic(where, f"no supervisory authority details are known for {date}: a GDPR "
                                            f"notice speaks for a date from {first} on; write the date this "
                                            "notice takes effect in 'document.updated'"))
    transfers = data.get("transfers") if isinstance(data.get("transfers"), dict) else {}
    for i, transfer in enumerate(transfers.get("items") or []):
        country = transfer.get("country") if isinstance(transfer, dict) else None
        if not isinstance(country, str) or is_todo(country) or len(country) != 2:
            continue
        path = ("transfers", "items", i, "country")
        if country in EEA:
            where = f" ({gdpr_facts.eu_territory_note(country)})" if gdpr_facts.eu_territory_note(country) else ""
            out.append(loaded.diagnostic(path, f"{country}{where} is in the EU/EEA, so sending data there is not a "
                                               "transfer outside it; delete this entry, or name the recipient "
                                               "under 'recipients'"))
        elif country not in Locale.parse("en").territories:
            out.append(loaded.diagnostic(path, f"'{country}' is not an ISO 3166 country code; "
                                               "write the two-letter code, for example US"))
        else:
            out += gdpr_notice_extra.transfer_problems(loaded, i, transfer, date)
    purposes = data.get("purposes") if isinstance(data.get("purposes"), dict) else {}
    for i, purpose in enumerate(purposes.get("items") or []):
        if isinstance(purpose, dict) and "legitimate_interest" in purpose and purpose.get("legal_basis") != "f" \
                and not is_todo(purpose.get("legal_basis")):
            path = ("purposes", "items", i, "legitimate_interest")
            out.append(loaded.diagnostic(path, f"'{field_name(path)}' is printed only for legal basis f "
                                               "(legitimate interests); change the basis to f, or delete this text",
                                         key=True))
    return out
