"""The rekisteriseloste of Henkilötietolaki 523/1999 § 10, in the nine sections of
the Data Protection Ombudsman's model form (its form of 30.1.2014).

The act was repealed on 1.1.2019: this framework is for historical documents.
"""
from __future__ import annotations

from ..model import Paragraph, Rows
from .own import register_name_blocks
from . import PUBLIC, DocumentKind, Framework, SectionSpec
from .blocks import (SECTION_PARTS, contact_rows, controller_blocks, section_blocks, security_blocks,
                     sources_blocks)


def _transfers(d, m, facts) -> list:
    section = d["transfers"]
    # the act asks *whether* data are transferred: state it when the text does not
    return section_blocks(section) or [Paragraph(m("transfers.some" if section["outside_eea"] else "transfers.none"))]


FRAMEWORK = Framework(
    name="henkilotietolaki-10",
    sections=(
        SectionSpec("controller", lambda d, m, f: controller_blocks(d["controller"], m)),
        SectionSpec("contact", lambda d, m, f: [Rows(tuple(contact_rows(d["contact"], m)))] if d.get("contact") else [],
                    optional=True),
        SectionSpec("register_name", lambda d, m, f: register_name_blocks(d), optional=True),
        SectionSpec("purpose", lambda d, m, f: section_blocks(d["purpose"]), text_parts=SECTION_PARTS),
        SectionSpec("data_content", lambda d, m, f: section_blocks(d["data_content"]), text_parts=SECTION_PARTS),
        SectionSpec("sources", lambda d, m, f: sources_blocks(d["sources"]) if d.get("sources") else [],
                    optional=True, text_parts=SECTION_PARTS + ("external",)),
        SectionSpec("disclosures", lambda d, m, f: section_blocks(d["disclosures"]), text_parts=SECTION_PARTS),
        SectionSpec("transfers", _transfers),
        SectionSpec("security", lambda d, m, f: security_blocks(d["security"], m)),
    ),
    kinds=(
        DocumentKind(PUBLIC, ("controller", "contact", "register_name", "purpose", "data_content", "sources",
                              "disclosures", "transfers", "security"),
                     type_key="document.type",
                     legal_reference=lambda d, m: d["document"].get("legal_reference") or m("document.legal_reference")),
    ),
    legal="policy_gen.frameworks.henkilotietolaki_10_legal",
    repealed="2019-01-01",           # by Tietosuojalaki 1050/2018 (Finlex: kumottu 1.1.2019)
)
