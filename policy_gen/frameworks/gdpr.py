"""The GDPR privacy notice (Arts. 13 and 14) and the record of processing activities
(Art. 30(1)), both built from one register (GDPR Arts. 13, 14 and 30(1)).

Which items a notice must carry depends on the register: Art. 13 when data are
collected from the person (`sources.items`), Art. 14 when they come from elsewhere
(`sources.external`). NOTICE_ITEMS and RECORD_ITEMS say which section answers each
article item and what it must show; the tests check every rendered document against
them. The rights printed follow from the legal bases used (RIGHTS), and the
supervisory authority's details come from dated data (data/supervisory-authority.yaml,
read by facts.py and passed in).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from babel import Locale

from ..diagnostics import Diagnostic, Text, as_list, field_name, is_todo, msg
from ..facts import Facts, load_facts
from ..i18n import Messages
from ..loader import LoadedFile
from ..model import (Block, BulletList, Item, Paragraph, Row, Rows, Subheading, document_date, is_iso_date,
                     localise)
from .own import register_name_blocks
from . import PUBLIC, RECORD, DocumentKind, Framework, SectionSpec
from .blocks import (SECTION_PARTS, contact_rows, controller_blocks, country_name, paragraphs, section_blocks,
                     security_blocks, sources_blocks)

NOTICE_SECTIONS = ("controller", "contact", "dpo", "register_name", "purposes", "data_subjects",
                   "data_categories", "retention", "sources", "provision_requirement", "recipients",
                   "transfers", "automated_decisions", "rights", "security")
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

# words that name binding corporate rules in the three languages (Art. 47)
_BCR_WORDS = re.compile(r"binding corporate rules|sitov\w* yritys\w* sääntö|yritystä koskev\w* sitov\w*|"
                        r"bindande företagsbestämmelser|\bBCR\b", re.IGNORECASE)


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

def authority_for(data: dict, lang: str, facts: Facts | None = None) -> dict:
    """The authority's details in force on the document's date, in `lang`."""
    return localise((facts or load_facts()).authority(document_date(data["document"])), lang)


# ---- sections --------------------------------------------------------------------------

def _authority_rows(entry: dict, msg: Messages) -> tuple[list[Row], list[Row]]:
    """Rows to put after the authority's name (the Office whose details these are) and at the end
    (the registry's phone)."""
    first = [Row(msg("label.authority_office"), entry["office"])] if entry.get("office") else []
    last = [Row(msg("label.registry_phone"), entry["registry_phone"])] if entry.get("registry_phone") else []
    return first, last


def _joint_controllers(d: dict, msg: Messages) -> list[Block]:
    """Art. 26(2): the joint controllers and the essence of their arrangement."""
    section = d.get("joint_controllers")
    if not section:
        return []
    items = []
    for jc in section["items"]:
        contact = ", ".join(x for x in (jc.get("email"), jc.get("phone")) if x)
        items.append(Item(jc["essence"], term=jc["name"] + (f" ({contact})" if contact else "")))
    return [Subheading(msg("label.joint_controllers")), BulletList(tuple(items))]


def _special_data(d: dict, msg: Messages) -> list[Block]:
    """After the categories: special categories (Art. 9) and criminal-offence data (Art. 10)
    with their conditions, the personal identity code (Tietosuojalaki 29 §), and cookies."""
    blocks: list[Block] = []
    special = d.get("special_categories")
    if special:
        items = []
        for c in special["items"]:
            text = msg("special.condition", point=c["condition"])
            if c.get("national_basis"):
                text += "; " + c["national_basis"]
            items.append(Item(text, term=c["category"]))
        blocks += [Subheading(msg("label.special_categories")), BulletList(tuple(items))]
    crime = d.get("criminal_offence_data")
    if crime:
        blocks += [Subheading(msg("label.criminal_offence_data")),
                   BulletList((Item(crime["basis"], term=crime["category"]),))]
    code = d.get("personal_identity_code")
    if code and code.get("processed"):
        ground = code.get("ground")
        text = msg(f"identity_code.{ground}") if ground else ""
        if code.get("justification"):
            text = f"{text}: {code['justification']}" if text else code["justification"]
        blocks += [Subheading(msg("label.personal_identity_code")), Paragraph(text)]
    cookies = d.get("cookies")
    if cookies and cookies.get("used") and cookies.get("items"):
        items = tuple(Item(f"{c['purpose']}; {msg('label.cookie_duration')}: {c['duration']}"
                           + (f" ({msg('cookie.consent')})" if c.get("consent") else ""), term=c["name"])
                      for c in cookies["items"])
        blocks += [Subheading(msg("label.cookies")), BulletList(items)]
    return blocks



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
    kind = transfer.get("derogation_kind")           # which point of Art. 49(1)
    return rows + ([Row(msg("label.derogation_kind"), msg(f"derogation.{kind}"))] if kind else [])


def transfer_rows_text(transfer: dict, msg: Messages) -> list[str]:
    return [row.value for row in _transfer_rows(transfer, msg)]


def _purposes(d: dict, m: Messages, f: Facts) -> list[Block]:
    section = d["purposes"]
    blocks = paragraphs(section.get("intro"))
    blocks.append(BulletList(tuple(Item(basis_text(p, m), term=p["purpose"]) for p in section["items"])))
    blocks += paragraphs(section.get("notes"))
    if _interests(d):
        blocks += [Subheading(m("label.legitimate_interests")),
                   BulletList(tuple(Item(p["legitimate_interest"], term=p["purpose"]) for p in _interests(d)))]
    further = d.get("further_processing")           # 13(3), 14(4)
    if further:
        blocks += [Subheading(m("label.further_processing")),
                   BulletList(tuple(Item(x["information"], term=x["purpose"]) for x in further["items"]))]
    return blocks


def _data_categories(d: dict, m: Messages, f: Facts) -> list[Block]:
    section = d["data_categories"]
    return (paragraphs(section.get("intro")) + [BulletList(tuple(Item(c["category"]) for c in section["items"]))]
            + paragraphs(section.get("notes")) + _special_data(d, m))


def _retention(d: dict, m: Messages, f: Facts) -> list[Block]:
    section = d["data_categories"]
    own = [Item(c["retention"], term=c["category"]) for c in section["items"] if c.get("retention")]
    by_purpose = [Item(p["retention"], term=p["purpose"]) for p in d["purposes"]["items"] if p.get("retention")]
    if not own:
        return [Paragraph(section["retention"])] + ([BulletList(tuple(by_purpose))] if by_purpose else [])
    if section.get("retention") and len(own) < len(section["items"]):
        own.append(Item(section["retention"], term=m("retention.others")))
    return [BulletList(tuple(own))] + ([BulletList(tuple(by_purpose))] if by_purpose else [])


def _sources(d: dict, m: Messages, f: Facts) -> list[Block]:
    def describe(source: dict) -> str:       # Art. 14(2)(f): whether the source is public
        public = m("source.public" if source["publicly_accessible"] else "source.not_public")
        return f"{source['provides']} ({public})"
    return sources_blocks(d["sources"], describe)


def _recipients(d: dict, m: Messages, f: Facts) -> list[Block]:
    blocks = section_blocks(d["recipients"])
    processors = d.get("processors")
    if processors:
        blocks += ([Subheading(m("label.processors"))] + paragraphs(processors.get("intro"))
                   + [BulletList(tuple(Item(p["task"], term=p["name"]) for p in processors["items"]))]
                   + paragraphs(processors.get("notes")))
    return blocks


def _transfers(d: dict, m: Messages, f: Facts) -> list[Block]:
    section = d["transfers"]
    blocks = paragraphs(section.get("intro"))
    blocks += [Rows(tuple(_transfer_rows(t, m))) for t in section.get("items", [])]
    blocks += paragraphs(section.get("notes"))
    # the GDPR asks *whether* data are transferred: say so when the register gives no text
    return blocks or [Paragraph(m("transfers.none"))]


def _automated(d: dict, m: Messages, f: Facts) -> list[Block]:
    section = d["automated_decisions"]
    if not section["exists"]:
        return [Paragraph(m("automated.none"))]
    return ([Subheading(m("label.automated_logic"))] + paragraphs(section["logic"])
            + [Subheading(m("label.automated_consequences"))] + paragraphs(section["consequences"]))


def _rights(d: dict, m: Messages, f: Facts) -> list[Block]:
    blocks: list[Block] = []
    for name in rights(d)[:-1]:
        blocks += [Subheading(m(f"right.{name}.heading")), Paragraph(m(f"right.{name}.text"))]
    own = (d.get("rights") or {}).get("how_to_exercise")
    blocks += [Subheading(m("rights.exercise.heading"))] + (paragraphs(own) or [Paragraph(m("rights.exercise.text"))])
    entry = authority_for(d, m.lang, f)
    rows, (office, registry) = contact_rows(entry, m), _authority_rows(entry, m)
    return blocks + [Subheading(m("right.complaint.heading")), Paragraph(m("right.complaint.text")),
                     Rows(tuple(rows[:1] + office + rows[1:] + registry))]


def _notice_reference(d: dict, m: Messages) -> str:
    """The articles the notice answers: 13 (from the person), 14 (from elsewhere), or both."""
    articles = {(True, False): "art13", (False, True): "art14", (True, True): "art13_14"}[
        (from_subject(d), from_elsewhere(d))]
    return d["document"].get("legal_reference") or m(f"document.legal_reference.{articles}")


# ---- checks a schema cannot make -----------------------------------------------------

def _transfer_problems(loaded: LoadedFile, i: int, transfer: dict, date: str | None,
                       facts: Facts) -> list[Diagnostic]:
    """Correction 1: `adequacy` only for a country with a decision in force on the notice's
    date (Art. 45). Correction 6: binding corporate rules are Art. 47, not Art. 46."""
    out = []
    country, mechanism = transfer.get("country"), transfer.get("mechanism")
    path = ("transfers", "items", i, "mechanism")
    if mechanism == "adequacy" and isinstance(date, str) and not is_todo(date):
        if facts.decision_in_force(country, date) is None:
            known = facts.decisions_for(country)
            why = (msg("the Commission's decisions for {country} were not in force on that date ({history})",
                       country=country, history=_decision_history(known))
                   if known else msg("the Commission has made no adequacy decision for {country}", country=country))
            out.append(loaded.diagnostic(path, msg("no adequacy decision for {country} is in force on {date}, the "
                                                   "date of this notice: {why} (GDPR Art. 45); base the transfer "
                                                   "on safeguards (Art. 46, e.g. standard contractual clauses), "
                                                   "bcr (Art. 47) or a derogation (Art. 49)",
                                                   country=country, date=date, why=why)))
    if mechanism == "safeguards":
        texts = transfer.get("safeguard")
        values = texts.values() if isinstance(texts, dict) else [texts]
        if any(isinstance(v, str) and _BCR_WORDS.search(v) for v in values):
            out.append(loaded.diagnostic(path, msg("the safeguard named is binding corporate rules, which are "
                                                   "their own transfer basis (GDPR Art. 47), not 'appropriate "
                                                   "safeguards' (Art. 46): write 'mechanism: bcr'")))
    return out


def _decision_history(known) -> Text:
    """The decisions for a country, each with its time in force, one after another."""
    history = None
    for d in known:
        one = (msg("{reference}, in force {start} to {end}", reference=d.reference, start=d.in_force_from,
                   end=d.in_force_to) if d.in_force_to
               else msg("{reference}, in force {start} to now", reference=d.reference, start=d.in_force_from))
        history = one if history is None else msg("{earlier}; {later}", earlier=history, later=one)
    return history


def check(loaded: LoadedFile, facts: Facts) -> list[Diagnostic]:
    """The supervisory authority is known for the date; transfers go outside the EEA to a
    real country; a legitimate interest is written only where it is printed."""
    data, out = loaded.data, []
    document = data.get("document") if isinstance(data.get("document"), dict) else {}
    date = document_date(document) if isinstance(document.get("date"), str) else None
    if not is_iso_date(date):
        date = None         # '01.03.2025': the schema says how to write it; compared as text it would seem early
    if date is not None and facts.authority(date) is None:
        first = facts.authorities[0]["valid_from"]
        where = ("document", "updated" if document.get("updated") else "date")
        out.append(loaded.diagnostic(where, msg("no supervisory authority details are known for {date}: a privacy "
                                                "notice can take effect no earlier than {first}; write the date "
                                                "this notice takes effect in 'document.updated'",
                                                date=date, first=first)))
    transfers = data.get("transfers") if isinstance(data.get("transfers"), dict) else {}
    for i, transfer in enumerate(as_list(transfers.get("items"))):
        country = transfer.get("country") if isinstance(transfer, dict) else None
        if not isinstance(country, str) or is_todo(country) or len(country) != 2:
            continue
        path = ("transfers", "items", i, "country")
        if country in facts.eea:
            where = f" ({facts.territory_note(country)})" if facts.territory_note(country) else ""
            out.append(loaded.diagnostic(path, msg("{country}{where} is in the EU/EEA, so sending data there is "
                                                   "not a transfer outside it; delete this entry, or name the "
                                                   "recipient under 'recipients'", country=country, where=where)))
        elif country not in Locale.parse("en").territories:
            out.append(loaded.diagnostic(path, msg("'{country}' is not an ISO 3166 country code; write the "
                                                   "two-letter code, for example US", country=country)))
        else:
            out += _transfer_problems(loaded, i, transfer, date, facts)
    purposes = data.get("purposes") if isinstance(data.get("purposes"), dict) else {}
    for i, purpose in enumerate(as_list(purposes.get("items"))):
        if isinstance(purpose, dict) and "legitimate_interest" in purpose and purpose.get("legal_basis") != "f" \
                and not is_todo(purpose.get("legal_basis")):
            path = ("purposes", "items", i, "legitimate_interest")
            out.append(loaded.diagnostic(path, msg("'{field}' is printed only for legal basis f (legitimate "
                                                   "interests); change the basis to f, or delete this text",
                                                   field=field_name(path)), key=True))
    return out


# ---- the framework -------------------------------------------------------------------

FRAMEWORK = Framework(
    name="gdpr",
    sections=(
        SectionSpec("controller", lambda d, m, f: controller_blocks(d["controller"], m) + _joint_controllers(d, m)),
        SectionSpec("contact", lambda d, m, f: [Rows(tuple(contact_rows(d["contact"], m)))] if d.get("contact") else [],
                    optional=True),
        SectionSpec("dpo", lambda d, m, f: [Rows(tuple(contact_rows(d["dpo"], m)))] if d.get("dpo") else [],
                    optional=True),
        SectionSpec("register_name", lambda d, m, f: register_name_blocks(d)),
        SectionSpec("purposes", _purposes),
        SectionSpec("data_subjects", lambda d, m, f: section_blocks(d["data_subjects"]), text_parts=SECTION_PARTS),
        SectionSpec("data_categories", _data_categories),
        SectionSpec("retention", _retention),
        SectionSpec("sources", _sources),
        SectionSpec("provision_requirement",
                    lambda d, m, f: paragraphs(d["provision_requirement"]) if from_subject(d) else [], optional=True),
        SectionSpec("recipients", _recipients, text_parts=SECTION_PARTS),
        SectionSpec("transfers", _transfers),
        SectionSpec("automated_decisions", _automated),
        SectionSpec("rights", _rights),
        SectionSpec("security", lambda d, m, f: security_blocks(d["security"], m)),
    ),
    kinds=(
        # the public privacy notice (tietosuojaseloste), with any additional sections
        DocumentKind(PUBLIC, NOTICE_SECTIONS, type_key="document.type", legal_reference=_notice_reference),
        # the internal record of processing activities (Art. 30(1)); additional sections stay in the notice
        DocumentKind(RECORD, RECORD_SECTIONS, type_key="record.document.type",
                     legal_reference=lambda d, m: m("record.document.legal_reference"), extra_sections=False),
    ),
    checks=(check,),
    legal="policy_gen.frameworks.gdpr_legal",
)
