"""`policy-gen migrate FILE --to gdpr`: a Henkilötietolaki register as a GDPR register.

Every value of the old register is kept; each section moves to the GDPR section that
answers the same question (purpose -> purposes, data_content -> data_categories,
disclosures -> recipients). What the GDPR needs and the old register does not say is
written as a value "TODO: <what to write>", which `validate` reports, one per line
with its place, until someone writes the answer.

The YAML is written by PyYAML, which quotes every string it would itself read as
something else (04400, NO, yes, 2015-01-01): a superset of what policy-gen's strict
loader would misread, so every value reads back exactly as it was.
"""
from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path

import yaml

from .diagnostics import Diagnostic, InputError, Lookup, Text, is_todo, msg, translate
from .fsutil import write_atomic
from .i18n import cli_texts
from .loader import load_file
from .registers import validate_loaded
from .termsafe import for_terminal

SOURCE = "henkilotietolaki-10"
MARKETING = re.compile(r"markkinoin|marknadsför|marketing", re.IGNORECASE)

# the old section ids that have another name in the GDPR notice (for extra_sections' 'after')
SECTION_IDS = {"purpose": "purposes", "data_content": "data_categories", "disclosures": "recipients"}

class RegisterText(Text):
    """A text `migrate` and `import` write into the register (a TODO, a header comment): English,
    and translatable into the register's language from the catalogues' context "todo" (msgid:
    the English template). `format` fills in a template's {placeholders} and stays translatable."""

    context = "todo"

    def format(self, /, **params) -> "RegisterText":
        return RegisterText(self.template, **params)


def todo(template: str, /, **params) -> RegisterText:
    """A text written into the register: `todo("TODO: the name of the register")`."""
    return RegisterText(template, **params)


def in_language(node, lang: str):
    """`node` (a register's data, or one text) with every RegisterText in `lang`, as plain strings:
    what the YAML says. The "TODO:" marker the texts start with is the same in every language."""
    if isinstance(node, dict):
        return {key: in_language(value, lang) for key, value in node.items()}
    if isinstance(node, list):
        return [in_language(value, lang) for value in node]
    if isinstance(node, Text):
        return translate(node, cli_texts(lang))
    return node


def comment(text: str, width: int = 96) -> str:
    """`text` as YAML comment lines. A file name in it must be escaped by the caller (for_terminal),
    so that no line break in it can start YAML."""
    return "".join(f"# {line}\n" for line in textwrap.wrap(text, width - 2, break_long_words=False,
                                                          break_on_hyphens=False))


TODOS = {
    "updated": todo("TODO: the date this privacy notice takes effect, as YYYY-MM-DD (the GDPR applies from "
                    "2018-05-25){old}"),
    "legal_reference": todo("TODO: the old reference {old} names the Personal Data Act, repealed on 1.1.2019: "
                            "delete this line to print the GDPR articles, or write your own reference"),
    "dpo": todo("TODO: contact details of the data protection officer (Art. 13(1)(b)), if one is designated "
                "(Art. 37): write name, email and phone as for 'contact'; if there is none, delete this line"),
    "purposes": todo("TODO: list each purpose with its legal basis (Art. 13(1)(c)): "
                     "- purpose: ..., legal_basis: one of a–f"),
    "legal_basis": todo("TODO: legal basis for purpose {purpose} (Art. 6(1)): write one of a–f"),
    "data_subjects": todo("TODO: the categories of data subjects (Art. 30(1)(c)), one per line, "
                          "for example customers, contact persons of customer companies"),
    "categories": todo("TODO: list the categories of personal data (Art. 14(1)(d)): - category: ..."),
    "retention": todo("TODO: how long the data are kept, or the criteria for deciding it (Art. 13(2)(a)): "
                      "write it here for every category, or give a category its own 'retention'"),
    "sources": todo("TODO: where the data come from (Art. 14(2)(f)): under 'items' what the data subjects give, "
                    "under 'external' other sources, each with publicly_accessible: true or false"),
    "publicly_accessible": todo("TODO: is {source} a publicly accessible source (Art. 14(2)(f))? "
                                "write true or false"),
    "provision_requirement": todo("TODO: whether providing the data is required by law or contract or needed "
                                  "to make a contract, whether the data subject must provide them, and what "
                                  "follows if not (Art. 13(2)(e))"),
    "processors": todo("TODO: the processors that handle the data on the controller's behalf (Art. 28), as "
                       "items with name and task; if there are none, delete this line"),
    "transfers": todo("TODO: for each country outside the EU/EEA that receives the data, write country (its "
                      "ISO code, e.g. US) and mechanism, the ground for the transfer: adequacy (an adequacy "
                      "decision, Art. 45), safeguards (appropriate safeguards, Art. 46), bcr (binding corporate "
                      "rules, Art. 47) or derogation (a derogation for a specific situation, Art. 49); with "
                      "safeguards or bcr also write safeguard (which ones) and copy (how to obtain a copy of "
                      "them), with derogation also derogation (which one and why)"),
    "automated": todo("TODO: are the data used for decisions based solely on automated processing, profiling "
                      "included, with legal or similarly significant effects (Art. 22)? write true or false"),
}


def _quoted(text) -> str:
    """A text for a TODO message: 'laskutus', or 'laskutus' / 'fakturering' when given per language."""
    texts = [text] if isinstance(text, str) else list(text.values())
    short = [" ".join(t.split()) for t in texts]
    return " / ".join(f"'{t[:57] + '...' if len(t) > 60 else t}'" for t in short)


def _with(section: dict, key: str, value, after: tuple[str, ...] = ()) -> dict:
    """`section` with `key` set to `value`: in its place, or else just after the last key
    of `after` that the section has (else first), so the file reads in document order."""
    if key in section:
        return {k: (value if k == key else v) for k, v in section.items()}
    items = list(section.items())
    at = max((i + 1 for i, (k, _) in enumerate(items) if k in after), default=0)
    return dict(items[:at] + [(key, value)] + items[at:])


def to_gdpr(old: dict, old_id: str | None = None) -> dict:
    """The GDPR register for a valid henkilotietolaki-10 register's data; `old_id`, the old
    register's id, is written as the document it replaces (published then as historical).
    Its TODOs are in the register's first language."""
    document = dict(old["document"])
    was = todo("; the old register was last updated {date}", date=document["updated"]) \
        if document.get("updated") else ""
    document = _with(document, "updated", TODOS["updated"].format(old=was), after=("date",))
    if "legal_reference" in document:
        document["legal_reference"] = TODOS["legal_reference"].format(old=_quoted(document["legal_reference"]))
    if old_id:
        document["replaces"] = old_id

    purpose = old["purpose"]
    items = [{"purpose": text, "legal_basis": TODOS["legal_basis"].format(purpose=_quoted(text)),
              **({"direct_marketing": True} if MARKETING.search(" ".join(
                  [text] if isinstance(text, str) else text.values())) else {})}
             for text in purpose.get("items", [])]
    purposes = _with(purpose, "items", items or [TODOS["purposes"]], after=("heading", "intro"))

    content = old["data_content"]
    categories = [{"category": text} for text in content.get("items", [])]
    data_categories = _with(_with(content, "items", categories or [TODOS["categories"]], after=("heading", "intro")),
                            "retention", TODOS["retention"], after=("heading", "intro"))

    new = {"framework": "gdpr", "languages": old["languages"], "document": document,
           "controller": old["controller"]}
    if "contact" in old:
        new["contact"] = old["contact"]
    new |= {"dpo": TODOS["dpo"], "register_name": old["register_name"], "purposes": purposes,
            "data_subjects": {"items": [TODOS["data_subjects"]]}, "data_categories": data_categories}

    sources = old.get("sources")
    if sources is None:
        new["sources"] = TODOS["sources"]
    else:
        if sources.get("external"):
            external = sources["external"]
            sources = {**sources, "external": {**external, "items": [
                {**e, "publicly_accessible": TODOS["publicly_accessible"].format(source=_quoted(e["source"]))}
                for e in external["items"]]}}
        new["sources"] = sources
        if sources.get("items"):     # data come from the data subject: Art. 13(2)(e) applies
            new["provision_requirement"] = [TODOS["provision_requirement"]]

    transfers = old["transfers"]
    if transfers.get("items"):
        # the old list of texts cannot stay 'items' (a GDPR transfer names a country and a
        # mechanism): its texts go, unchanged and in order, before the closing notes
        texts = transfers["items"] + (transfers.get("notes") or [])
        transfers = {key: value for key, value in transfers.items() if key not in ("items", "notes")}
        transfers["notes"] = texts
    if transfers["outside_eea"]:
        transfers = _with(transfers, "items", [TODOS["transfers"]], after=("heading", "outside_eea", "intro"))
    new |= {"recipients": old["disclosures"], "processors": TODOS["processors"], "transfers": transfers,
            "automated_decisions": {"exists": TODOS["automated"]}, "security": old["security"]}
    if old.get("extra_sections"):
        new["extra_sections"] = [
            _with(extra, "after", SECTION_IDS.get(extra["after"], extra["after"])) if "after" in extra else extra
            for extra in old["extra_sections"]]
    return in_language(new, old["languages"][0])


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)    # indent lists under their key, as people write them

    def write_double_quoted(self, text, split=True):
        # a TODO stays on its one line, as `new` writes it: a TODO saying "delete this line"
        # must mean the whole of it, and a line broken inside quotes is no line to delete
        super().write_double_quoted(text, split=split and not is_todo(text))


def _represent_text(dumper: _Dumper, text: str):
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style='"' if is_todo(text) else None)


_Dumper.add_representer(str, _represent_text)


def yaml_text(data: dict) -> str:
    """A register's data as YAML that policy-gen's loader reads back exactly (also used by `import`)."""
    body = yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100,
                     default_flow_style=False)
    return re.sub(r"\n(?=[a-z_]+:)", "\n\n", body)     # a blank line between sections


def dump(data: dict, origin: str, folder: Path = Path(".")) -> str:
    """The migrated register's file: its schema line (as `new` finds it from `folder`, where the
    file is written) and its header comments in the register's first language."""
    from .scaffold import schema_line
    lang = data["languages"][0]
    return (schema_line("gdpr", folder) + "\n"
            + comment(in_language(todo("Migrated by `policy-gen migrate` from {origin} ({source}).",
                                       origin=for_terminal(origin), source=SOURCE), lang))
            + comment(in_language(todo("Each TODO marks something the GDPR requires that the old register does "
                                       "not say; `policy-gen validate` lists them. Replace each with the answer."),
                                  lang))
            + yaml_text(data))


def count_todos(node) -> int:
    if isinstance(node, dict):
        return sum(count_todos(v) for v in node.values())
    if isinstance(node, list):
        return sum(count_todos(v) for v in node)
    return int(is_todo(node))


def run(file: str, to: str, out: str | None, force: bool, lookup: Lookup | None = None) -> int:
    """Write the migrated register; InputError (exit 1) when the input or the output path is wrong.
    The messages are in the language of `lookup`, the register's TODOs in its own first language."""
    source = Path(file)
    target = Path(out) if out else source.with_name(f"{source.stem}-{to}{source.suffix or '.yaml'}")
    loaded = load_file(source, display=file)
    problems = validate_loaded(loaded)
    if problems:
        raise InputError(problems)
    if loaded.data["framework"] != SOURCE:
        raise InputError([loaded.diagnostic(("framework",), msg("this register is already '{framework}'; migrate turns a {source} register into a {to} one",
                                                                framework=loaded.data["framework"], source=SOURCE,
                                                                to=to))])
    if os.path.lexists(target) and not force:      # a dangling link too
        raise InputError([Diagnostic(str(target), 1, 1, msg("this file exists; name another with --out, "
                                                            "or add --force to replace it"))])
    if target.resolve() == source.resolve():
        raise InputError([Diagnostic(str(target), 1, 1, msg("this is the register being migrated; "
                                                            "name another file with --out"))])
    data = to_gdpr(loaded.data, source.stem)
    text = dump(data, file, target.parent)
    # through a temporary file: --force never leaves half a file
    write_atomic(target, text.encode("utf-8"), replace=force)
    todos, shown = count_todos(data), for_terminal(str(target))
    print(translate(msg("wrote {target}: {count} TODO item to write; `policy-gen validate {target}` lists it",
                        target=shown, count=todos) if todos == 1 else
                    msg("wrote {target}: {count} TODO items to write; `policy-gen validate {target}` lists them",
                        target=shown, count=todos), lookup))
    return 0
