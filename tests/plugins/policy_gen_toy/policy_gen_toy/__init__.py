"""A toy framework and a toy format, declared the way any package declares its own.

The framework "toy" is a notice of two sections: the controller (built with
policy-gen's shared blocks) and one text section. Its texts fall back to the
Henkilötietolaki framework's catalogue, and it brings a catalogue of its own for
what is new. The format "txt" is plain text.
"""
from __future__ import annotations

from pathlib import Path

from policy_gen.frameworks import PUBLIC, DocumentKind, Framework, SectionSpec
from policy_gen.frameworks.blocks import SECTION_PARTS, controller_blocks, section_blocks
from policy_gen.render import Renderer

HERE = Path(__file__).parent

FRAMEWORK = Framework(
    name="toy",
    sections=(
        SectionSpec("controller", lambda d, m, f: controller_blocks(d["controller"], m)),
        SectionSpec("notice", lambda d, m, f: section_blocks(d["notice"]), text_parts=SECTION_PARTS),
    ),
    kinds=(DocumentKind(PUBLIC, ("controller", "notice"), type_key="document.type",
                        legal_reference=lambda d, m: m("document.legal_reference")),),
    fallbacks=("henkilotietolaki-10",),
    schema=HERE / "toy.schema.json",
    locales=HERE / "locales",
)


class TextRenderer(Renderer):
    """The document as plain text: the title, then each section's heading and its text."""
    name = "txt"
    suffix = "txt"
    media_type = "text/plain"
    locales = HERE / "locales"

    def render(self, doc, page=None) -> bytes:
        lines = [doc.title, ""]
        for section in doc.sections:
            lines += [f"{section.number}. {section.heading}", ""]
            for block in section.blocks:
                if block.kind == "paragraph" or block.kind == "subheading":
                    lines.append(block.text)
                elif block.kind == "list":
                    lines += [f"- {i.term + ': ' if i.term else ''}{i.text}" for i in block.items]
                elif block.kind == "rows":
                    lines += [f"{r.label}: {r.value}" for r in block.rows]
            lines.append("")
        return ("\n".join(lines).rstrip() + "\n").encode("utf-8")
