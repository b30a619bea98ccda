"""A document said the register's own way: its blocks, title, order, numbering and dates.

Where a register gives none of these, nothing here changes the document: the
sections keep their framework's order and numbers, the title is generated and
only the 'updated' date is printed, as before.
"""
from __future__ import annotations

from dataclasses import replace

from ..i18n import Messages
from ..inline import parse
from ..model import Block, BulletList, DateLine, Item, Paragraph, Row, Rows, Section, Subsection


def _item(value) -> Item:
    if isinstance(value, dict):
        subs = tuple(Item(t, spans=parse(t)) for t in value.get("items") or ())
        return Item(value["text"], spans=parse(value["text"]), items=subs)
    return Item(value, spans=parse(value))


def register_blocks(values, *, nested: bool = True) -> list[Block]:
    """A register's `blocks` list (localised) as the model's blocks: a text is a paragraph,
    `list:` a list (an item may have its own `items:`), `rows:` label/value rows,
    `section:` a sub-section with its own heading and blocks."""
    out: list[Block] = []
    for value in values or ():
        if isinstance(value, str):
            out.append(Paragraph(value, spans=parse(value)))
        elif "list" in value:
            out.append(BulletList(tuple(_item(v) for v in value["list"])))
        elif "rows" in value:
            out.append(Rows(tuple(Row(r.get("label"), r["value"], spans=parse(r["value"]))
                                  for r in value["rows"])))
        elif "section" in value and nested:
            sub = value["section"]
            out.append(Subsection(sub["heading"], tuple(register_blocks(sub.get("blocks"), nested=False))))
    return out


def own_blocks(section) -> list[Block]:
    """The `blocks` a standard section's data adds after what the framework prints."""
    return register_blocks(section.get("blocks")) if isinstance(section, dict) else []


def register_name(data: dict) -> str:
    value = data.get("register_name")
    if isinstance(value, dict):
        return value["name"]
    return value or ""


def register_name_blocks(data: dict) -> list[Block]:
    """The register's name, as a text or as {name, heading, blocks} (the blocks follow it)."""
    name = register_name(data)
    return [Paragraph(name)] if name else []


def date_lines(document: dict, msg: Messages) -> tuple[DateLine, ...]:
    """The dates printed under the title: the creation date only with its own label (it is in
    the generated title), the latest update and the effective date with theirs or the standard one."""
    lines = []
    if document.get("date_label"):
        lines.append(DateLine(document["date_label"], document["date"], msg.date(document["date"])))
    if document.get("updated"):
        label = document.get("updated_label") or msg("document.updated")
        lines.append(DateLine(label, document["updated"], msg.date(document["updated"])))
    if document.get("effective"):
        label = document.get("effective_label") or msg("document.effective")
        lines.append(DateLine(label, document["effective"], msg.date(document["effective"])))
    return tuple(lines)


def arrange(sections: tuple[Section, ...], document: dict) -> tuple[Section, ...]:
    """The register's own order (`document.order`), its numbering on or off, and the numbers
    ("5.1") and anchors of sub-sections."""
    order = document.get("order")
    if order:
        rank = {ident: i for i, ident in enumerate(order)}
        sections = tuple(sorted(sections, key=lambda s: rank.get(s.id, len(rank))))
    numbered = document.get("numbering", True)
    out = []
    for n, section in enumerate(sections, start=1):
        number = n if numbered else None
        blocks, k = [], 0
        for block in section.blocks:
            if isinstance(block, Subsection):
                k += 1
                block = replace(block, number=f"{n}.{k}" if numbered else None, id=f"{section.id}-{k}")
            blocks.append(block)
        out.append(replace(section, number=number, blocks=tuple(blocks)))
    return tuple(out)
