"""What the GDPR notice prints for the fields added for issue 10 (joint controllers, special
categories, criminal-offence data, the personal identity code, retention per purpose,
further processing, cookies, the kind of Art. 49(1) derogation, binding corporate rules),
the supervisory authority's office and registry, and the transfer checks made against the
dated adequacy decisions. gdpr.py's section builders call these; each returns blocks (or
rows) to append, or nothing when the register does not use the field.
"""
from __future__ import annotations

import re

from ..diagnostics import Diagnostic, is_todo
from ..i18n import Messages
from ..loader import LoadedFile
from ..model import Block, BulletList, Item, Paragraph, Row, Subheading
from . import gdpr_facts

# words that name binding corporate rules in the three languages (Art. 47)
_BCR_WORDS = re.compile(r"binding corporate rules|sitov\w* yritys\w* sääntö|yritystä koskev\w* sitov\w*|"
                        r"bindande företagsbestämmelser|\bBCR\b", re.IGNORECASE)


def transfer_problems(loaded: LoadedFile, i: int, transfer: dict, date: str | None) -> list[Diagnostic]:
    """Correction 1: `adequacy` only for a country with a decision in force on the notice's
    date (Art. 45). Correction 6: binding corporate rules are Art. 47, not Art. 46."""
    out = []
    country, mechanism = transfer.get("country"), transfer.get("mechanism")
    path = ("transfers", "items", i, "mechanism")
    if mechanism == "adequacy" and isinstance(date, str) and not is_todo(date):
        if gdpr_facts.decision_in_force(country, date) is None:
            known = gdpr_facts.decisions_for(country)
            history = "; ".join(f"{d.reference}, in force {d.in_force_from} to {d.in_force_to or 'now'}"
                                for d in known)
            why = (f"the Commission's decisions for {country} were not in force on that date ({history})"
                   if known else f"the Commission has made no adequacy decision for {country}")
            out.append(loaded.diagnostic(path, f"no adequacy decision for {country} is in force on {date}, the "
                                               f"date of this notice: {why} (GDPR Art. 45); base the transfer "
                                               "on safeguards (Art. 46, e.g. standard contractual clauses), "
                                               "bcr (Art. 47) or a derogation (Art. 49)"))
    if mechanism == "safeguards":
        texts = transfer.get("safeguard")
        values = texts.values() if isinstance(texts, dict) else [texts]
        if any(isinstance(v, str) and _BCR_WORDS.search(v) for v in values):
            out.append(loaded.diagnostic(path, "the safeguard named is binding corporate rules, which are their "
                                               "own transfer basis (GDPR Art. 47), not 'appropriate safeguards' "
                                               "(Art. 46): write 'mechanism: bcr'"))
    return out


def transfer_rows(transfer: dict, msg: Messages) -> list[Row]:
    kind = transfer.get("derogation_kind")
    if not kind:
        return []
    return [Row(msg("label.derogation_kind"), msg(f"derogation.{kind}"))]


def authority_rows(entry: dict, msg: Messages) -> tuple[list[Row], list[Row]]:
    """Rows to put after the authority's name (the Office whose details these are) and at the end
    (the registry's phone)."""
    first = [Row(msg("label.authority_office"), entry["office"])] if entry.get("office") else []
    last = [Row(msg("label.registry_phone"), entry["registry_phone"])] if entry.get("registry_phone") else []
    return first, last


def controller_blocks(d: dict, msg: Messages) -> list[Block]:
    section = d.get("joint_controllers")
    if not section:
        return []
    items = []
    for jc in section["items"]:
        contact = ", ".join(x for x in (jc.get("email"), jc.get("phone")) if x)
        items.append(Item(jc["essence"], term=jc["name"] + (f" ({contact})" if contact else "")))
    return [Subheading(msg("label.joint_controllers")), BulletList(tuple(items))]


def purposes_blocks(d: dict, msg: Messages) -> list[Block]:
    section = d.get("further_processing")
    if not section:
        return []
    return [Subheading(msg("label.further_processing")),
            BulletList(tuple(Item(f["information"], term=f["purpose"]) for f in section["items"]))]


def data_category_blocks(d: dict, msg: Messages) -> list[Block]:
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


def retention_items(d: dict, msg: Messages) -> list[Item]:
    return [Item(p["retention"], term=p["purpose"]) for p in d["purposes"]["items"] if p.get("retention")]

