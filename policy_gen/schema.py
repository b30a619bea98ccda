"""JSON Schema validation, reported in the legal team's terms.

Each framework has its own schema (schemas/<framework>.schema.json) sharing
definitions in common.schema.json. jsonschema's messages ("'x' is not of type
'string'") are rewritten into sentences that name the field and say the fix; a
schema's `errorMessage` / `patternErrorMessage` (which VS Code shows too) give
the fix text, so it is written once.
"""
from __future__ import annotations

import copy
import difflib
import json
import re
from functools import cache

from .diagnostics import Diagnostic, field_name, is_todo, msg, schema_text
from .i18n import is_text_mapping
from .loader import LoadedFile
from .resources import schemas_dir

COMMON = "common"


@cache
def _documents() -> dict[str, dict]:
    """The shared definitions and every framework's schema, by name: "common", "gdpr", …"""
    from . import frameworks as registry
    paths = {COMMON: schemas_dir() / f"{COMMON}.schema.json"}
    for name, framework in sorted(registry.registry().items()):
        paths[name] = framework.schema or schemas_dir() / f"{name}.schema.json"
    return {name: json.loads(path.read_text("utf-8")) for name, path in paths.items()}


def frameworks() -> list[str]:
    """The names of the frameworks, sorted: as messages list them."""
    return [name for name in _documents() if name != COMMON]


@cache
def _registry():
    # jsonschema and referencing are imported only when a register needs explaining:
    # a valid one is decided by jsonschema-rs alone, which keeps `validate` quick to start
    from referencing import Registry
    from referencing.jsonschema import DRAFT202012
    return Registry().with_resources(
        (doc["$id"], DRAFT202012.create_resource(doc)) for doc in _documents().values())


@cache
def _owner_ids() -> dict[int, str]:
    """id() of every sub-schema -> $id of the file it is in (to resolve its $refs)."""
    owners: dict[int, str] = {}

    def walk(node, uri):
        if isinstance(node, dict):
            owners[id(node)] = uri
            for value in node.values():
                walk(value, uri)
        elif isinstance(node, list):
            for value in node:
                walk(value, uri)

    for doc in _documents().values():
        walk(doc, doc["$id"])
    return owners


@cache
def validator(framework: str):
    """jsonschema's validator: slow, but its errors say where and why."""
    from jsonschema import Draft202012Validator
    from .strict_schema import extend
    return extend(Draft202012Validator)(_documents()[framework], registry=_registry())


@cache
def _fast_validator(framework: str):
    """jsonschema-rs (compiled, ~50 times faster): answers only "valid or not".

    Most registers are valid, so only an invalid one goes on to jsonschema,
    whose detailed errors policy-gen explains."""
    import jsonschema_rs
    registry = jsonschema_rs.Registry([(doc["$id"], doc) for doc in _documents().values()])
    return jsonschema_rs.validator_for(_documents()[framework], registry=registry)


def accepts(framework: str, data) -> bool:
    """Whether the schema accepts `data` (fast, unexplained)."""
    return _fast_validator(framework).is_valid(data)


def refusals(framework: str, data) -> tuple[list[tuple], list[tuple]]:
    """Where the schema refuses something in `data` (fast, unexplained): the instance path of
    each error, and the path of each key not allowed where it stands."""
    errors, unknown = [], []
    for error in _fast_validator(framework).iter_errors(data):
        errors.append(tuple(error.instance_path))
        unknown.extend(errors[-1] + (key,) for key in getattr(error.kind, "unexpected", None) or ())
    return errors, unknown


def _walk(framework: str, depth: int = 16):
    """Every sub-schema the framework's schema reaches, with the data path it stands for ('*'
    for list positions), following $ref, the combinators and the conditional branches."""
    seen: set[tuple] = set()
    stack = [(_documents()[framework], ())]
    while stack:
        node, path = stack.pop()
        if not isinstance(node, dict) or (id(node), path) in seen or len(path) > depth:
            continue
        seen.add((id(node), path))
        yield node, path
        if "$ref" in node:
            base = _owner_ids().get(id(node), "")
            stack.append((_registry().resolver(base_uri=base).lookup(node["$ref"]).contents, path))
        for keyword in ("allOf", "anyOf", "oneOf"):
            stack.extend((branch, path) for branch in node.get(keyword, ()))
        stack.extend((node[keyword], path) for keyword in ("then", "else") if keyword in node)
        stack.extend((sub, path + (name,)) for name, sub in node.get("properties", {}).items())
        if isinstance(node.get("items"), dict):
            stack.append((node["items"], path + ("*",)))


@cache
def prose_places(framework: str) -> frozenset[tuple]:
    """Every place where the framework's schema takes a text per language (common.schema.json's
    `text`), as a data path with '*' for list positions: ('purpose', 'items', '*').

    Read from the schema alone, so the answer is the same for every register."""
    text = _documents()[COMMON]["$defs"]["text"]
    return frozenset(path for node, path in _walk(framework) if node is text)


@cache
def key_places(framework: str) -> dict[str, frozenset[tuple]]:
    """Every key the framework's schema knows, with the paths of the groups it belongs in
    ('*' for list positions): {"business_id": {("controller",), …}, …}."""
    places: dict[str, set] = {}
    for node, path in _walk(framework, depth=12):
        for name in node.get("properties", {}):
            places.setdefault(name, set()).add(path)
    return {name: frozenset(paths) for name, paths in places.items()}


@cache
def titles(framework: str) -> dict[tuple, str]:
    """The title of every field the framework's schema knows, by its data path ('*' for list
    positions): for a key a conditional branch requires, whose branch has no title of its own."""
    found: dict[tuple, str] = {}
    for node, path in _walk(framework, depth=12):
        for name, sub in node.get("properties", {}).items():
            if isinstance(sub, dict) and sub.get("title"):
                found.setdefault(path + (name,), sub["title"])
    return found


def _belongs(key: str, path: tuple, loaded: LoadedFile):
    """' — it belongs under 'controller'' for a key written under the wrong group, or None. A
    group the key is inside of is named alone ('email' in the controller's address belongs to the
    controller, not to the contact or the DPO); otherwise up to three places, joined in the language."""
    here = tuple("*" if isinstance(p, int) else p for p in path)
    places = sorted((p for p in key_places(loaded.data["framework"]).get(key, ()) if p != here),
                    key=lambda p: (len(p), p))
    if not places:
        return None
    around = [p for p in places if here[:len(p)] == p]
    if around:
        places = [max(around, key=len)]
    names = [".".join(p).replace(".*", "[]") if p else "" for p in places[:3]]
    if names == [""]:
        return msg(": '{key}' belongs at the top level, not indented under '{parent}'; move it there",
                   key=key, parent=field_name(path))
    if len(names) == 1:
        return msg(": '{key}' belongs under '{parent}'; move it there", key=key, parent=names[0])
    names = [n or msg("(the top level)") for n in names]
    either = (msg("'{first}' or '{second}'", first=names[0], second=names[1]) if len(names) == 2 else
              msg("'{first}', '{second}' or '{third}'", first=names[0], second=names[1], third=names[2]))
    return msg(": '{key}' belongs under {places}; move it there", key=key, places=either)


@cache
def _title_forms(title: str) -> tuple[str, ...]:
    """A field's title as a lawyer may write it as a key, in English, Finnish and Swedish: lower
    case, without the article in brackets ('Legal basis (Art. 6(1))' -> 'legal basis')."""
    from .i18n import cli_texts
    forms = {title, *(cli_texts(lang)(title, "schema") or "" for lang in ("fi", "sv"))}
    return tuple(sorted(filter(None, (" ".join(re.sub(r"\([^)]*\)", " ", f).casefold().split()) for f in forms))))


def _key_named(key: str, allowed: dict) -> str | None:
    """The allowed key whose title, in Finnish, Swedish or English, the unknown `key` says
    ('oikeusperuste', 'rättslig grund' -> 'legal_basis'): a lawyer writes the field's name in
    the language they think in. Only an unambiguous answer is given."""
    said = " ".join(str(key).replace("_", " ").casefold().split())
    if not 5 <= len(said) <= 80:          # no title is longer; a longer key is no field's name
        return None
    found = set()
    for name, schema in allowed.items():
        title = schema.get("title") if isinstance(schema, dict) else None
        if not title:
            continue
        forms = _title_forms(title)
        if said in forms or said in {f.split()[-1] for f in forms} or difflib.get_close_matches(said, forms, 1, 0.85):
            found.add(name)
    return found.pop() if len(found) == 1 else None


# Art. 6(1)'s points as people write them: the word (fi, sv, en) or the article's number.
LEGAL_BASES = {"a": msg("consent"), "b": msg("contract"), "c": msg("legal obligation"),
               "d": msg("vital interests"), "e": msg("public task"), "f": msg("legitimate interests")}
_BASIS_WORDS = {
    "a": ("suostum", "consent", "samtyck"),
    "b": ("sopimu", "contract", "avtal"),
    "c": ("lakisääte", "oikeudellinen velvo", "lakiin perustuva velvo", "legal obligation",
          "rättslig förpliktelse", "rättsliga förpliktelse"),
    "d": ("elintärke", "vital interest", "grundläggande intresse"),
    "e": ("yleinen etu", "yleisen edun", "julkisen vallan", "julkinen valta", "public task", "public interest",
          "official authority", "allmänt intresse", "myndighetsutövning"),
    "f": ("oikeutettu etu", "oikeutetun edun", "oikeutetut edut", "legitimate interest", "berättigat intresse",
          "berättigade intresse"),
}


def _legal_basis_letter(value, options) -> str | None:
    """The Art. 6(1) letter meant by a legal basis written as a word or a number, or None."""
    if not isinstance(value, str) or sorted(map(str, options)) != sorted(LEGAL_BASES):
        return None
    text = " ".join(value.lower().split())
    point = re.fullmatch(r"(?:(?:gdpr|tietosuoja-asetus|dataskyddsförordningen)\s*)?(?:art(?:icle|ikla|\.)?\s*)?"
                         r"(?:6\s*(?:\(\s*1\s*\)|\.\s*1\.?|\s+1)?\s*)?(?:\(\s*)?([a-f])\s*\)?(?:\s*(?:kohta|punkt|point))?\.?",
                         text)
    if point:
        return point.group(1)
    for letter, words in _BASIS_WORDS.items():
        if any(word in text for word in words):
            return letter
    return None


def _better_fix(value):
    """A date written the Finnish way (31.12.2024, 31/12/2024) or with typographic dashes:
    the same date as it must be written, or None."""
    if not isinstance(value, str):
        return None
    day_first = re.fullmatch(r"(\d{1,2})\s*[./]\s*(\d{1,2})\s*[./]\s*(\d{4})", value.strip())
    dashes = re.fullmatch(r"(\d{4})[\u2010-\u2015\u2212\ufe63\uff0d](\d{2})[\u2010-\u2015\u2212\ufe63\uff0d](\d{2})",
                          value.strip())
    if day_first:
        day, month, year = day_first.groups()
    elif dashes:
        year, month, day = dashes.groups()
    else:
        return None
    iso = f"{year}-{int(month):02d}-{int(day):02d}"
    try:
        import datetime as dt
        dt.date.fromisoformat(iso)
    except ValueError:
        return None
    if dashes:
        return msg("the dashes in it are typographic dashes, not hyphens: write {iso}", iso=iso)
    return msg("write {iso} (year-month-day)", iso=iso)


def _empty(loaded: LoadedFile, path: tuple, name: str) -> Diagnostic:
    return loaded.diagnostic(path, msg("'{field}' is empty: write the text{or_delete}", field=name,
                                       or_delete=_or_delete(loaded, path, 'or delete the line')))


def _properties(schema: dict) -> dict:
    """The properties a schema allows, following $ref into other definitions."""
    found: dict = {}
    stack = [schema]
    while stack:
        node = stack.pop()
        found.update(node.get("properties", {}))
        ref = node.get("$ref")
        if ref:
            base = _owner_ids().get(id(node), "")
            stack.append(_registry().resolver(base_uri=base).lookup(ref).contents)
    return found


_KIND = {"string": msg("text"), "array": msg("a list (one item per line starting with '- ')"),
         "object": msg("a group of 'key: value' lines"), "boolean": msg("true or false")}


def _value_words(value) -> str:
    if isinstance(value, bool):
        return f"'{str(value).lower()}'"
    if isinstance(value, list):
        return msg("a list")
    if isinstance(value, dict):
        return msg("a group of 'key: value' lines")
    return f"'{value}'"


def _or_delete(loaded: LoadedFile, path: tuple, words: str) -> str:
    """`words` ("or delete the line"), unless the key is required: deleting it would be another error."""
    words = {"or delete the line": msg(", or delete the line"), "or delete it": msg(", or delete it")}[words]
    if not path or not isinstance(path[-1], str):
        return words
    data = copy.deepcopy(loaded.data)
    parent = data
    for part in path[:-1]:
        parent = parent[part]
    del parent[path[-1]]
    required = any(e.validator == "required" and tuple(e.absolute_path) == path[:-1]
                   and e.message.split("'")[1] == path[-1]
                   for e in validator(data["framework"]).iter_errors(data))
    return "" if required else words


def _messages(error, loaded: LoadedFile) -> list[Diagnostic]:
    """One diagnostic per problem; an object with several unknown keys gives one per key."""
    if error.validator in ("additionalProperties", "unevaluatedProperties") and isinstance(error.instance, dict):
        path = tuple(error.absolute_path)
        properties = _properties(error.schema)
        allowed = sorted(properties)
        out = []
        for key in sorted(set(error.instance) - set(allowed)):
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            named = None if close else _key_named(key, {k: v for k, v in properties.items()
                                                        if k not in error.instance})
            if named:
                out.append(loaded.diagnostic(path + (key,), msg(
                    "unknown key '{key}': keys are written in English; write '{known}' ({title})", key=key,
                    known=named, title=schema_text(properties[named]["title"])), key=True))
                continue
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            elsewhere = _belongs(key, path, loaded)
            if elsewhere and close and difflib.SequenceMatcher(None, key, close[0]).ratio() < 0.85:
                close = []      # a key of another group, not a slip of the pen ('retention' at the top level)
            hint = (msg(" — did you mean '{close}'?", close=close[0]) if close
                    else elsewhere or msg("; the keys allowed here are: {keys}", keys=", ".join(allowed)))
            out.append(loaded.diagnostic(path + (key,), msg("unknown key '{key}'{hint}", key=key, hint=hint),
                                         key=True))
        if out:
            return out
    return [_message(error, loaded)]


def _message(error, loaded: LoadedFile) -> Diagnostic:
    path = tuple(error.absolute_path)
    name = field_name(path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    kind = error.validator
    value = error.instance

    if kind == "required":
        missing = error.message.split("'")[1]
        title = _properties(schema).get(missing, {}).get("title") or titles(loaded.data["framework"]).get(
            tuple("*" if isinstance(p, int) else p for p in path) + (missing,))
        what = msg(" ({title})", title=schema_text(title)) if title else ""
        full = field_name(path + (missing,))
        return loaded.diagnostic(path, msg("missing '{field}'{title}: add it", field=full, title=what),
                                 key=bool(path))
    if value is None:
        return loaded.diagnostic(path, msg("'{field}' has no value: write it{or_delete}", field=name,
                                           or_delete=_or_delete(loaded, path, 'or delete the line')))
    fix = schema.get("errorMessage")
    if kind == "pattern":
        fix = schema.get("patternErrorMessage", fix)
        fix = (schema_text(fix) if fix
               else msg("it does not have the expected form {pattern}", pattern=schema['pattern']))
        if isinstance(value, str) and not value.strip():
            return _empty(loaded, path, name)
        fix = _better_fix(value) or fix
        return loaded.diagnostic(path, msg("{field} '{value}': {fix}", field=name, value=value, fix=fix))
    if kind in ("anyOf", "oneOf"):
        if isinstance(value, str) and not value.strip():
            return _empty(loaded, path, name)
        if isinstance(value, dict) and error.context:
            # a text given per language: report what is wrong inside the mapping
            inner = [e for e in error.context if e.validator not in ("type",)]
            if is_text_mapping(value):
                # a text per language: what is wrong is inside a language's text, not that the
                # other branch (an object of its own keys) has no key 'fi'
                inner = [e for e in error.context if len(e.absolute_path) > len(path)] or [
                    e for e in inner if e.validator not in ("additionalProperties", "unevaluatedProperties")]
            if inner:
                return _message(min(inner, key=lambda e: len(e.absolute_path)), loaded)
    if kind in ("enum", "const"):
        options = schema.get("enum") or [schema.get("const")]
        close = difflib.get_close_matches(str(value), [str(o) for o in options], n=1, cutoff=0.75)
        hint = msg(" (did you mean '{close}'?)", close=close[0]) if close else ""
        choices = ", ".join(map(str, options))
        if "propertyNames" in error.schema_path:
            # point at the key itself, not at the start of the mapping it is in
            if not re.fullmatch(r"[A-Za-z]{2}", str(value)):
                # not a language code: a text with ': ' in it, or ending in ':', which YAML reads as a key
                return loaded.diagnostic(path + (value,), msg("{field}: YAML reads '{value}' as a key because "
                                                              "a ':' follows it; put the whole text inside double "
                                                              "quotes", field=name, value=value), key=True)
            return loaded.diagnostic(path + (value,), msg("{field}: '{value}' is not a language policy-gen writes; "
                                                          "use one of: {choices}{hint}", field=name, value=value,
                                                          choices=choices, hint=hint), key=True)
        letter = _legal_basis_letter(value, options)
        if letter:
            return loaded.diagnostic(path, msg("{field}: write {letter} ({meaning}) instead of '{value}'",
                                               field=name, letter=letter, meaning=LEGAL_BASES[letter],
                                               value=value))
        return loaded.diagnostic(path, msg("{field} {value} is not allowed; write one of: {choices}{hint}",
                                           field=name, value=_value_words(value), choices=choices, hint=hint))
    if kind == "propertyNames":
        return loaded.diagnostic(path, msg("{field}: {fix}", field=name,
                                           fix=schema_text(fix) if fix else msg("a key here is not allowed")))
    if kind in ("minItems", "minProperties", "minLength"):
        return loaded.diagnostic(path, msg("'{field}' is empty: fill it in{or_delete}", field=name,
                                           or_delete=_or_delete(loaded, path, 'or delete it')))
    if kind == "uniqueItems":
        return loaded.diagnostic(path, msg("'{field}' lists the same value twice: keep one", field=name))
    if fix:
        return loaded.diagnostic(path, msg("{field} is {value}: {fix}", field=name, value=_value_words(value),
                                           fix=_better_fix(value) or schema_text(fix)))
    if kind == "type":
        expected = schema.get("type")
        return loaded.diagnostic(path, msg("{field} is {value}, but it should be {kind}", field=name,
                                           value=_value_words(value), kind=_KIND.get(expected, expected)))
    if kind in ("maxItems", "maxProperties", "maxLength"):
        return loaded.diagnostic(path, msg("'{field}' is longer than this field allows (at most {limit}): shorten it",
                                           field=name, limit=error.validator_value))
    # a rule no message above explains (a plug-in framework's schema may use any): said without
    # jsonschema's English, naming the rule so that the schema can be looked up
    return loaded.diagnostic(path, msg("{field} is {value}, which this field does not take (the schema's rule "
                                       "'{rule}'); its description in the schema says what it takes",
                                       field=name, value=_value_words(value), rule=kind))


def check(loaded: LoadedFile) -> list[Diagnostic]:
    """All schema problems of one loaded register (empty when it is valid)."""
    data = loaded.data
    framework = data.get("framework")
    known = frameworks()
    if framework not in known:
        if framework is None:
            return [loaded.diagnostic((), msg("missing 'framework': add 'framework: {first}' (one of: {choices})",
                                              first=known[0], choices=", ".join(known)))]
        close = difflib.get_close_matches(str(framework), known, n=1, cutoff=0.6)
        hint = msg(" (did you mean '{close}'?)", close=close[0]) if close else ""
        return [loaded.diagnostic(("framework",), msg("framework {value} is unknown; write one of: {choices}{hint}",
                                                      value=_value_words(framework), choices=", ".join(known),
                                                      hint=hint))]
    if _fast_validator(framework).is_valid(data):
        return []
    # a value still to be written ('TODO: ...') is reported as such by checks.py, and only so
    errors = [e for e in validator(framework).iter_errors(data) if not is_todo(e.instance)]
    if not errors and not any(is_todo(e) for e in _todo_values(data)):
        # the two validators disagree: never valid, say where the compiled one refuses
        return [loaded.diagnostic(path, msg("{field}: this value is not allowed here; check it against the "
                                            "register format (docs/register-format.md)", field=field_name(path)))
                for path in dict.fromkeys(refusals(framework, data)[0])]
    # a business ID with a typographic dash: checks.py names the character, and only it reports it
    from .checks import typographic_dash
    errors = [e for e in errors if not (e.absolute_path and e.absolute_path[-1] == "business_id"
                                        and typographic_dash(e.instance))]
    misspelt, misplaced = set(), set()
    for error in errors:
        if error.validator in ("additionalProperties", "unevaluatedProperties") and isinstance(error.instance, dict):
            allowed = _properties(error.schema)
            for key in set(error.instance) - set(allowed):
                misspelt.update((tuple(error.absolute_path), k)
                                for k in (difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
                                          or filter(None, [_key_named(key, {k: v for k, v in allowed.items()
                                                                            if k not in error.instance})])))
                misplaced.add(key)      # written under the wrong group: not also "missing" where it belongs
    # a key that is not a language (often a text with ':' in it) is reported once, not its value too
    not_languages = [tuple(e.absolute_path) + (e.instance,) for e in errors if "propertyNames" in e.schema_path]
    out: list[Diagnostic] = []
    for error in errors:
        if error.validator == "required" and ((tuple(error.absolute_path), error.message.split("'")[1]) in misspelt
                                              or error.message.split("'")[1] in misplaced):
            continue
        if any(tuple(error.absolute_path)[:len(key)] == key for key in not_languages):
            continue
        out.extend(d for d in _messages(error, loaded) if d not in out)
    return out


def _todo_values(node):
    """Every text in `node` (to tell a register whose only refusals are TODOs)."""
    if isinstance(node, dict):
        for value in node.values():
            yield from _todo_values(value)
    elif isinstance(node, list):
        for value in node:
            yield from _todo_values(value)
    else:
        yield node
