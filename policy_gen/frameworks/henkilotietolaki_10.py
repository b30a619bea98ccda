"""The rekisteriseloste of Henkilötietolaki 523/1999 § 10, in the nine sections of
the Data Protection Ombudsman's model form (its form of 30.1.2014)."""
from __future__ import annotations

from ..i18n import Messages
from ..model import (Document, Paragraph, Rows, contact_rows, controller_blocks,
                     place_extra_sections, section_blocks, security_blocks, sources_blocks)

FRAMEWORK = "henkilotietolaki-10"


def _transfers(section: dict, msg: Messages) -> list:
    blocks = section_blocks(section)
    # the act asks *whether* data are transferred: state it when the text does not
    return blocks or [Paragraph(msg("transfers.some" if section["outside_eea"] else "transfers.none"))]


def build(register_id: str, data: dict, msg: Messages) -> Document:
    controller = data["controller"]

    def heading(key: str) -> str:
        section = data.get(key)
        own = section.get("heading") if isinstance(section, dict) else None
        return own or msg(f"section.{key}")

    standard = [
        ("controller", heading("controller"), controller_blocks(controller, msg)),
        ("contact", heading("contact"), [Rows(tuple(contact_rows(data["contact"], msg)))]),
        ("register_name", heading("register_name"), [Paragraph(data["register_name"])]),
        ("purpose", heading("purpose"), section_blocks(data["purpose"])),
        ("data_content", heading("data_content"), section_blocks(data["data_content"])),
    ]
    if data.get("sources"):
        standard.append(("sources", heading("sources"), sources_blocks(data["sources"])))
    standard += [
        ("disclosures", heading("disclosures"), section_blocks(data["disclosures"])),
        ("transfers", heading("transfers"), _transfers(data["transfers"], msg)),
        ("security", heading("security"), security_blocks(data["security"], msg)),
    ]
    document = data["document"]
    date_text = msg.date(document["date"])
    doc_type = msg("document.type")
    return Document(
        register_id=register_id, framework=FRAMEWORK, lang=msg.lang,
        languages=tuple(data["languages"]), doc_type=doc_type,
        title=msg("document.title", type=doc_type, controller=controller["name"], date=date_text),
        legal_reference=document.get("legal_reference") or msg("document.legal_reference"),
        date=document["date"], date_text=date_text,
        updated=document.get("updated"),
        updated_text=msg.date(document["updated"]) if document.get("updated") else None,
        controller=controller["name"], register_name=data["register_name"],
        sections=place_extra_sections(standard, data.get("extra_sections") or []),
        data=data, messages=msg,
    )
