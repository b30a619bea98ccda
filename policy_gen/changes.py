"""What changed between two versions of a document, in the newer one's language.

Computed from the two documents' models, section by section (rows, list items,
paragraphs), not from a text diff: the page of each version lists it.
"""
from __future__ import annotations

from .model import Document


def _facts(doc: Document) -> dict[str, dict]:
    """Per section: its heading, list items, label/value rows and paragraphs."""
    facts = {}
    for section in doc.sections:
        items, rows, texts = [], {}, []
        for block in section.blocks:
            if block.kind == "list":
                items += [f"{i.term}: {i.text}" if i.term else i.text for i in block.items]
            elif block.kind == "rows":
                for row in block.rows:
                    rows.setdefault(row.label, []).append(row.value)
            elif block.kind in ("paragraph", "subheading"):
                texts.append(block.text)
        facts[section.id] = {"heading": section.heading, "items": items, "rows": rows, "texts": texts}
    return facts


def changes(old: Document, new: Document) -> list[str]:
    """What changed from `old` to `new`, in `new`'s language, in document order."""
    msg = new.messages
    before, after = _facts(old), _facts(new)
    out = []
    for ident, section in after.items():
        heading = section["heading"]
        if ident not in before:
            out.append(msg("changes.section_added", section=heading))
            continue
        was = before[ident]
        for label, values in section["rows"].items():
            old_values = was["rows"].get(label)
            if old_values is None:
                out.append(msg("changes.row_added", section=heading, label=label, value=", ".join(values)))
            elif old_values != values:
                out.append(msg("changes.row_changed", section=heading, label=label,
                               old=", ".join(old_values), new=", ".join(values)))
        for label, values in was["rows"].items():
            if label not in section["rows"]:
                out.append(msg("changes.row_removed", section=heading, label=label, value=", ".join(values)))
        out += [msg("changes.item_added", section=heading, text=t) for t in section["items"]
                if t not in was["items"]]
        out += [msg("changes.item_removed", section=heading, text=t) for t in was["items"]
                if t not in section["items"]]
        if section["texts"] != was["texts"]:
            out.append(msg("changes.text_changed", section=heading))
    out += [msg("changes.section_removed", section=s["heading"]) for ident, s in before.items()
            if ident not in after]
    return out
