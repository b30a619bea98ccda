"""Placing the text of an imported document's sections into a framework's fields.

`place(sections, framework, lang)` returns the register's data and an account of every
content line: placed in a field, or kept in an extra section (`extra_sections`) when no
field takes it. No line is dropped. What the framework requires and the document does
not say is a value 'TODO: ...', which `validate` lists: a translatable text (migrate.todo),
which `convert` writes in the register's language.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from .. import frameworks
from ..diagnostics import Text, msg
from ..i18n import Messages
from ..migrate import TODOS as MIGRATE_TODOS, todo
from .readers import Line
from .sections import Section, bare

HETIL, GDPR = "henkilotietolaki-10", "gdpr"

# what the document does not say: written into the register in its language (context "todo")
TODOS = {
    "date": todo("TODO: the date this document was drawn up, as YYYY-MM-DD"),
    "controller": todo("TODO: the controller's name (and its address, phone or e-mail below it)"),
    "controller_name": todo("TODO: the controller's name"),     # its details were found, its name not
    "contact": todo("TODO: who answers questions about the register: name, and e-mail or phone"),
    "register_name": todo("TODO: the name of the register"),
    "purpose": todo("TODO: what the personal data are used for"),
    "data_content": todo("TODO: the groups of people and the data kept about them"),
    "disclosures": todo("TODO: to whom the data are regularly disclosed; say so if to no one"),
    "recipients": todo("TODO: to whom the data are disclosed, or the categories of recipients (Art. 13(1)(e)); "
                       "say so if to no one"),
    "source_items": todo("TODO: list what the data subjects give, one per line (Art. 13); list other sources "
                         "under 'external', each with source, provides and publicly_accessible (Art. 14(2)(f))"),
    "outside_eea": todo("TODO: are data transferred outside the EU/EEA? write true or false"),
    "security": todo("TODO: the principles by which the data are protected"),
    "electronic": todo("TODO: how data processed electronically are protected"),
    "manual": todo("TODO: how manual (paper) material is protected; if there is none, say so"),
    "automated": todo("TODO: are the data used for decisions based solely on automated processing, profiling "
                      "included, with legal or similarly significant effects (Art. 22)? write true or false "
                      "(with false the text under 'logic' is not printed)"),
    "consequences": todo("TODO: the significance and the envisaged consequences of the automated decisions "
                         "for the data subject (Art. 13(2)(f)); if there are none, write exists: false"),
}


def intro_moved(heading: str, previous: str):
    """The note on a section about the document that moved to the front (place() names its own `msg`)."""
    return msg("'{heading}' is about the document itself: it is the introduction (document.intro), printed "
               "before the first section, though the document had it after '{previous}'",
               heading=heading, previous=previous)


RIGHTS_NOTE = msg("the text of the rights sections is in 'rights.how_to_exercise', after the rights "
                  "policy-gen states itself: shorten it to how to exercise them")

# which field each topic goes to: the first of these that the framework has as a section
# (the framework's own section ids and order come from its declaration); topics with no
# field in the framework become extra sections
CANDIDATES = {
    "controller": ("controller",), "contact": ("contact",), "dpo": ("dpo",), "register_name": ("register_name",),
    "purpose": ("purpose", "purposes"), "legal_basis": ("purpose", "purposes"),
    "data_subjects": ("data_subjects", "data_content"), "data_content": ("data_content", "data_categories"),
    "retention": ("retention",), "sources": ("sources",), "provision": ("provision_requirement",),
    "disclosures": ("disclosures", "recipients"), "processors": ("processors", "recipients", "disclosures"),
    "transfers": ("transfers",), "automated": ("automated_decisions",), "rights": ("rights",),
    "complaint": ("rights",), "security": ("security",),
}


@cache
def fields(framework: str) -> dict[str, str]:
    """topic -> the framework's section id that takes it."""
    ids = frameworks.get(framework).section_ids
    return {topic: next(c for c in candidates if c in ids)
            for topic, candidates in CANDIDATES.items() if any(c in ids for c in candidates)}


@cache
def order(framework: str) -> tuple[str, ...]:
    """The sections of the framework's public document, in its order."""
    return frameworks.get(framework).kind(frameworks.PUBLIC).sections


@cache
def accepts(framework: str, key: str) -> frozenset[str]:
    """Which of 'heading' and 'blocks' the framework's value at `key` accepts (from its schema)."""
    from ..schema import _documents, _properties
    node = _documents()[framework].get("properties", {}).get(key)
    return frozenset(_properties(node) if node else ()) & {"heading", "blocks"}


MORE = {"fi": "lisätiedot", "sv": "tilläggsuppgifter", "en": "further details"}
PREAMBLE = {"fi": "Johdanto", "sv": "Inledning", "en": "Introduction"}

GDPR_WORDS = re.compile(r"tietosuoja-asetu|2016/679|\bgdpr\b|dataskyddsförordning|general data protection "
                        r"regulation|tietosuojaseloste|dataskyddsbeskrivning|privacy notice", re.IGNORECASE)
DOC_TYPES = re.compile(r"rekisteriseloste|tietosuojaseloste|registerbeskrivning|dataskyddsbeskrivning|"
                       r"privacy (?:notice|policy|statement)|description of (?:the )?(?:personal data )?file|"
                       r"tietosuojaselosteet|seloste", re.IGNORECASE)
LEGAL_REFERENCE = re.compile(r".{0,80}(?:henkilötietolaki|personuppgiftslag|personal data act|tietosuoja-asetu|"
                             r"dataskyddsförordning|2016/679|523/1999|gdpr).{0,80}", re.IGNORECASE)
DATE = re.compile(r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4})(?!\d)|(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
UPDATED = re.compile(r"päivitetty|päivitys|muutettu|viimeksi|viimeisin muutos|senast ändrad|uppdaterad|ändrad|updated|revised", re.IGNORECASE)


@dataclass
class Account:
    """Where every content line of the document went."""

    placed: int = 0
    extra: dict[str, int] = field(default_factory=dict)      # extra section id -> lines kept there
    notes: list[Text] = field(default_factory=list)          # what the report should also say (msg)

    @property
    def total(self) -> int:
        return self.placed + sum(self.extra.values())


def detect_language(lines: list[Line]) -> str:
    words = re.findall(r"[a-zåäö]+", " ".join(line.text for line in lines).casefold())
    fi = sum(w in {"ja", "tai", "on", "tiedot", "rekisteri", "henkilötiedot", "tietoja", "sekä", "ovat"} for w in words)
    sv = sum(w in {"och", "eller", "är", "av", "för", "att", "uppgifter", "registret", "personuppgifter"} for w in words)
    en = sum(w in {"and", "or", "the", "of", "data", "is", "are", "personal", "to"} for w in words)
    return max((fi, "fi"), (sv, "sv"), (en, "en"))[1]


def detect_framework(sections: list[Section]) -> str:
    topics = {s.topic for s in sections}
    if topics & {"legal_basis", "retention", "dpo", "data_subjects", "provision", "automated", "complaint"}:
        return GDPR
    text = " ".join(line.text for s in sections[:2] for line in ([s.heading] if s.heading else []) + s.lines)
    return GDPR if GDPR_WORDS.search(text) else HETIL


def iso_date(text: str) -> str | None:
    match = DATE.search(text)
    if not match:
        return None
    if match[3]:
        day, month, year = int(match[1]), int(match[2]), int(match[3])
    else:
        year, month, day = int(match[4]), int(match[5]), int(match[6])
    return f"{year:04d}-{month:02d}-{day:02d}"


# ---- contact details ----------------------------------------------------------------------

LABELS = {
    "name": r"nimi|namn|name|yritys|yrityksen nimi|organisaatio|företag|company|organisation|organization|"
            r"rekisterinpitäjä|rekisterinpitäjän nimi|yhteyshenkilö|kontaktperson|contact person",
    "business_id": r"y-tunnus|y-tunnus / business id|fo-nummer|business id|ly-tunnus|yritystunnus",
    "address": r"(?:posti|käynti|laskutus|katu)?osoite|(?:post|besöks|faktura)?adress|post|"
               r"(?:postal |visiting |billing |street )?address",
    "phone": r"puh(?:elin)?(?:numero)?\.?|tel(?:efon|ephone)?\.?|phone|vaihde|växel|gsm|matkapuhelin|p\.",
    "email": r"sähköposti(?:osoite)?|s-posti|e-?post(?:adress)?|e-?mail(?: address)?",
    "website": r"www|verkkosivu(?:t|sto)?|kotisivu(?:t)?|internet|webbplats|website|web",
    "role": r"tehtävä(?:nimike)?|titteli|asema|roll|befattning|role|title",
}
LABEL = {key: re.compile(rf"(?:{pattern})\s*(?::|\s)\s*(?P<value>\S.*)", re.IGNORECASE) for key, pattern in LABELS.items()}
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
PHONE = re.compile(r"\+?[0-9][0-9 ()/-]{4,}")
ADDRESS = re.compile(r"(?P<street>\S.*?),?\s+(?P<postal>\d{5})\s+(?P<city>[^\d,]{2,40}?)(?:,\s*(?:suomi|finland))?")
POSTAL_CITY = re.compile(r"(?:fi-)?(?P<postal>\d{5})\s+(?P<city>[^\d,]{2,40}?)(?:,\s*(?:suomi|finland))?", re.IGNORECASE)
STREET = re.compile(r"(?:[^\d,:]{2,60},\s*)?(?:[^\d,:]{2,60}\s\d{1,4}(?:\s?[a-zA-Z])?(?:\s[A-Za-z]?\s?\d{0,3})?|(?:pl|pb|po box|p\.o\. box)\.?\s*\d{1,5})",
                    re.IGNORECASE)
# a postal code and town abroad ('8025 BZ Zwolle (Alankomaat)', '161 11 Bromma', 'AX-22100 Mariehamn')
FOREIGN_POSTAL = re.compile(r"(?:[A-Z]{1,2}-)?\d{3,5}(?:\s?[A-Z]{2}|\s\d{2})?\s+[^\d\s:@][^:@]{1,60}")
# a person's title before the name on one line: 'Toiminnanjohtaja Anna Myllymäki', 'pj. Satu Oksanen'
TITLE_NAME = re.compile(r"(?P<title>[a-zåäö.]{0,20}(?:johtaja|päällikkö|vastaava|sihteeri|asiantuntija|"
                        r"puheenjohtaja|pj\.|vpj\.|rahastonhoitaja|chef|direktör|ombud|sekreterare|ordförande|"
                        r"officer|manager|director|secretary|chair))\s+(?P<name>[A-ZÅÄÖ][\w'-]+(?:\s+[A-ZÅÄÖ][\w'-]+){1,2})",
                        re.IGNORECASE)
NAME_WITH_ID = re.compile(r"(?P<name>\S.{1,100}?)\s+(?P<id>\d{7}-\d)")
OTHER_LABEL = re.compile(r"[^:\s][^:]{1,38}:\s*(?P<value>\S.*)")
CONTACT_PERSON = re.compile(r"(?:rekisterinpitäjän |den personuppgiftsansvariges |the controller's )?(?:yhteyshenkilö|"
                            r"kontaktperson|contact person)\s*:\s*(?P<value>\S.*)", re.IGNORECASE)
KIND = [("postal", re.compile(r"posti|post|postal", re.I)), ("visiting", re.compile(r"käynti|besök|visiting", re.I)),
        ("billing", re.compile(r"laskutus|faktura|billing", re.I))]


def _email(value: str) -> tuple[str, bool] | None:
    """An e-mail address, also one written against harvesting ('tuki @ palvelimet . net',
    'tietosuoja(at)om.fi'); True when it was so written."""
    plain = value.strip().rstrip(".")
    if EMAIL.fullmatch(plain):
        return plain, False
    clean = re.sub(r"\s*(?:\(at\)|\[at\]|\(a\)| at |\s@\s)\s*", "@", plain)
    clean = re.sub(r"\s*(?:\(dot\)|\[dot\]| dot |\s\.\s)\s*", ".", clean)
    clean = clean.replace(" @", "@").replace("@ ", "@")
    return (clean, True) if EMAIL.fullmatch(clean) else None


def parse_contact(lines: list[Line], *, controller: bool, refused: set[str]) -> tuple[dict, list[Line], dict]:
    """Name, business ID, addresses, e-mail, phone and web site from a contact section's lines:
    labelled ('Puhelin: 09 123 4567') or recognisable ('00100 Helsinki'). The details, the lines
    not used, and which line gave each detail."""
    details: dict = {}
    origin: dict[str, Line] = {}
    rest: list[Line] = []
    pending_street: tuple[Line, str, str | None] | None = None

    def take(key: str, value, line: Line) -> bool:
        if key in refused or key in details:
            return False
        details[key] = value
        origin[key] = line
        return True

    for line in lines:
        text = line.text.strip()
        labelled = None
        for key, pattern in LABEL.items():
            match = pattern.fullmatch(text)
            if match and (key != "name" or ":" in text[:match.start("value")]):
                labelled = key, match["value"].strip()
                break
        key, value = labelled if labelled else (None, text)
        used = False
        other = OTHER_LABEL.fullmatch(text) if key is None else None
        if pending_street and key is None and FOREIGN_POSTAL.fullmatch(other["value"] if other else text) \
                and not POSTAL_CITY.fullmatch(text):
            # a street, then a postal code and town abroad: the address as its lines
            street_line, street, kind = pending_street
            pending_street = None
            if _address_lines(details, origin, refused, [street, other["value"] if other else text], kind,
                              [street_line, line]):
                continue
            rest.append(street_line)
        elif pending_street and POSTAL_CITY.fullmatch(value) and key in (None, "address"):
            street_line, street, kind = pending_street
            match = POSTAL_CITY.fullmatch(value)
            used = _address(details, origin, refused, street, match["postal"], match["city"], kind, [street_line, line])
            pending_street = None
            if used:
                continue
            rest.append(street_line)
        elif pending_street:
            rest.append(pending_street[0])
            pending_street = None
        title_name = TITLE_NAME.fullmatch(value) if key is None and "name" not in details and not details else None
        with_id = NAME_WITH_ID.fullmatch(value) if key is None and controller and not details else None
        if key in (None, "business_id") and controller and re.fullmatch(r"\d{7}-\d", value):
            used = take("business_id", value, line)
        elif with_id and "business_id" not in refused:
            used = take("name", with_id["name"], line) and take("business_id", with_id["id"], line)
        elif title_name and not controller:
            used = take("name", title_name["name"], line) and take("title", title_name["title"], line)
            details["kind"] = "person"
        elif controller and CONTACT_PERSON.fullmatch(text) and "name" in details:
            used = "contact_person" not in refused and "contact_person" not in details
            if used:
                details["contact_person"] = {"name": CONTACT_PERSON.fullmatch(text)["value"]}
                origin["contact_person"] = line
        elif key is None and not controller and list(details) == ["name"] and len(value) <= 80 \
                and not any(c.isdigit() or c in "@:" for c in value) and not _email(value) \
                and not re.fullmatch(r"(?:https?://|www\.)\S+", value):
            used = take("organisation", value, line)   # 'OP Ryhmän tietosuojavastaava' / 'OP Ryhmä'
        elif key == "address" and not ADDRESS.fullmatch(value) and not STREET.fullmatch(value) \
                and FOREIGN_POSTAL.search(value):
            kind = next((k for k, p in KIND if p.match(text)), None)
            used = _address_lines(details, origin, refused, [value], kind, [line])
        elif key in (None, "email") and _email(value):
            address, hidden = _email(value)
            used = take("email", address, line)
            if used and hidden:
                details["email_obfuscated"] = True
        elif key in (None, "phone") and PHONE.fullmatch(value) and sum(c.isdigit() for c in value) >= 6:
            used = take("phone", value, line)
        elif key in (None, "website") and re.fullmatch(r"(?:https?://|www\.)\S+", value):
            used = take("website", value if value.startswith("http") else f"https://{value}", line)
        elif key in (None, "address") and ADDRESS.fullmatch(value) and STREET.fullmatch(ADDRESS.fullmatch(value)["street"]):
            match = ADDRESS.fullmatch(value)
            kind = next((k for k, p in KIND if labelled and p.match(text)), None)
            used = _address(details, origin, refused, match["street"], match["postal"], match["city"], kind, [line])
        elif key in (None, "address") and STREET.fullmatch(value) and not pending_street:
            kind = next((k for k, p in KIND if labelled and p.match(text)), None)
            pending_street = (line, value, kind)
            continue
        elif key == "role" and not controller:
            used = take("role", value, line)
        elif key == "name" or (key is None and "name" not in details and not details and len(value) <= 100
                               and not OTHER_LABEL.fullmatch(value) and not value.endswith(":")
                               and (not value.endswith(".") or re.search(r"\s(?:[A-Za-z]\.){1,3}\Z|\s\w{1,3}\.\Z", value))):
            used = take("name", value, line)
        if not used:
            rest.append(line)
    if pending_street:
        rest.append(pending_street[0])
    return details, rest, origin


def _address_lines(details, origin, refused, texts, kind, lines) -> bool:
    """An address that fits no Finnish pattern, as its lines (a PO box abroad, a postcode with letters)."""
    if "addresses" in refused or len(details.get("addresses", [])) >= 3:
        return False
    details.setdefault("addresses", []).append(({"kind": kind} if kind else {}) | {"lines": [t.strip() for t in texts]})
    origin[f"addresses.{len(details['addresses']) - 1}"] = lines
    return True


def _address(details, origin, refused, street, postal, city, kind, lines) -> bool:
    if "addresses" in refused or len(details.get("addresses", [])) >= 3:
        return False
    address = ({"kind": kind} if kind else {}) | {"street": street.strip().rstrip(","), "postal_code": postal,
                                                  "city": city.strip()}
    details.setdefault("addresses", []).append(address)
    origin[f"addresses.{len(details['addresses']) - 1}"] = lines
    return True


# ---- sections of text ---------------------------------------------------------------------

def plain(lines: list[Line]) -> dict:
    """intro (paragraphs before the list), items (the first list), notes (the rest, list
    items after the first list included, as paragraphs)."""
    intro, items, notes = [], [], []
    for line in lines:
        if line.kind == "item" and not notes:
            items.append(line.text)
        elif not items:
            intro.append(line.text)
        else:
            notes.append(line.text)
    return {k: v for k, v in (("intro", intro), ("items", items), ("notes", notes)) if v}


EXTERNAL = re.compile(r".*(?:muualta|ulkopuoli|muista lähteistä|muista tietolähteistä|kolmansilta|från annat håll|"
                      r"andra källor|extern|other sources|from elsewhere|external|third part).*", re.IGNORECASE)
SOURCE_ITEM = re.compile(r"(?P<source>[^:]{2,120}?):\s+(?P<provides>\S.*)")


def sources_section(lines: list[Line], framework: str) -> tuple[dict, int]:
    """A sources section; the sources outside the organisation ('Muualta hankittavat tiedot:'
    and a list of 'name: what it gives') as `external`. Also the number of external sources."""
    for index, line in enumerate(lines):
        if line.kind != "item" and EXTERNAL.fullmatch(line.text) and line.text.endswith(":"):
            after = lines[index + 1:]
            items = [l for l in after if l.kind == "item"]
            first_other = next((i for i, l in enumerate(after) if l.kind != "item"), len(after))
            listed = after[:first_other]
            if listed and all(SOURCE_ITEM.fullmatch(l.text) for l in listed) and len(items) == len(listed):
                external: dict = {"intro": [line.text], "items": []}
                for item in listed:
                    match = SOURCE_ITEM.fullmatch(item.text)
                    entry = {"source": match["source"], "provides": match["provides"]}
                    if framework == GDPR:
                        entry["publicly_accessible"] = MIGRATE_TODOS["publicly_accessible"].format(
                            source=f"'{match['source']}'")
                    external["items"].append(entry)
                if after[first_other:]:
                    external["notes"] = [l.text for l in after[first_other:]]
                section = plain(lines[:index])
                return (section | {"external": external}), len(listed)
    return plain(lines), 0


MANUAL = re.compile(r".*(?:manuaali|paperi|lukitu|lukossa|arkisto|tulostet|manuell|papper|låst|manual|paper|"
                    r"locked).*", re.IGNORECASE)
ELECTRONIC = re.compile(r".*(?:sähköi|atk|tietojärjestelm|palvelim|käyttäjätun|salasan|palomuur|tietokan|"
                        r"käyttöoikeu|elektronisk|adb|datasystem|lösenord|server|brandvägg|electronic|password|"
                        r"firewall|database|user ?id|encrypt|salau|krypt).*", re.IGNORECASE)


def security_section(lines: list[Line]) -> dict:
    """The security principles: what precedes any mention of electronic or manual material is
    the introduction; then each paragraph goes with the kind it names (a sub-heading such as
    'A Manuaalinen aineisto' sets the kind for what follows), else with the one before."""
    intro, electronic, manual = [], [], []
    current = None
    for line in lines:
        text = line.text
        sub = line.kind == "heading" or (len(text.split()) <= 6 and not text.endswith("."))
        is_manual, is_electronic = bool(MANUAL.fullmatch(text)), bool(ELECTRONIC.fullmatch(text))
        if sub and (is_manual or is_electronic):
            current = "manual" if is_manual and not is_electronic else "electronic"
            continue                                  # printed by policy-gen as the sub-heading
        if is_manual and not is_electronic:
            current = "manual"
        elif is_electronic and not is_manual:
            current = "electronic"
        elif current is None and is_manual:
            current = "manual"
        {"manual": manual, "electronic": electronic, None: intro}[current].append(text)
    return {k: v for k, v in (("intro", intro), ("electronic", electronic or [TODOS["electronic"]]),
                              ("manual", manual or [TODOS["manual"]])) if v}


NO_TRANSFER = re.compile(r".*(?:\bei\b.*\b(?:siirr|luovut)|\beikä\b|\binte\b|\bej\b|\bnot\b.*\btransfer|"
                         r"\bno\b.*\btransfer|\bnever\b).*", re.IGNORECASE)
TRANSFER = re.compile(r".*(?:siirr|siirto|luovut|överför|lämnas ut|transfer).*", re.IGNORECASE)
NO_AUTOMATED = re.compile(r".*(?:\bei\b|\beikä\b|\binte\b|\bej\b|\bnot\b|\bno\b).*", re.IGNORECASE)


def outside_eea(lines: list[Line]):
    text = " ".join(line.text for line in lines)
    if not text:
        return TODOS["outside_eea"]
    if NO_TRANSFER.fullmatch(text):
        return False
    return True if TRANSFER.fullmatch(text) else TODOS["outside_eea"]


# ---- the whole document -------------------------------------------------------------------

def _slug(text: str, taken: set[str]) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_text).strip("_")[:40].strip("_") or "section"
    if not slug[0].isalpha():
        slug = f"s_{slug}"
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}_{n}", n + 1
    taken.add(candidate)
    return candidate


def _blocks(lines: list[Line]) -> list:
    """Lines as register blocks: each paragraph a text, consecutive list items one list."""
    out: list = []
    for line in lines:
        if line.kind == "item":
            if out and isinstance(out[-1], dict):
                out[-1]["list"].append(line.text)
            else:
                out.append({"list": [line.text]})
        else:
            out.append(line.text)
    return out


def _sub(heading: str, lines: list[Line]) -> dict:
    """A sub-section with the document's own heading (a second section on the same topic)."""
    return {"section": {"heading": heading, "blocks": _blocks(lines) or [heading]}}


STATUTE = re.compile(r"\w*(?:laki|lag|asetus|förordning|act|regulation)\b", re.IGNORECASE)
NUMBERED = re.compile(r"(?:§\s*)?\d{1,2}(?:\.\d{1,2})*\.?\s+\S.*")
DATE_LABEL = re.compile(r"(?P<label>[^\d:]{3,60}:)\s*\S.{0,20}")
# labels that say what policy-gen says itself (the date is in its title, 'updated' has its label)
STANDARD_DATE_LABEL = re.compile(r"(?:laatimispäivä(?:määrä)?|laadittu|päiväys|päivämäärä|päivitetty|viimeksi päivitetty|"
                                 r"upprättad|datum|uppdaterad|date|updated|last updated)\s*:", re.IGNORECASE)


def _preamble(lines: list[Line], document: dict, account: Account) -> list[Line]:
    """The title, dates, legal reference of the lines before the first section into `document`;
    the other lines are returned (they become the introduction)."""
    leftover: list[Line] = []
    for index, line in enumerate(lines):
        text = line.text
        date = iso_date(text)
        short = len(text.split()) <= 8
        label = DATE_LABEL.fullmatch(text) if date and short else None
        if date and not label and STATUTE.search(text):
            date = None                           # 'Tietosuojalaki 1.1.2019': the act's date, not the document's
        dates = list(DATE.finditer(text))
        if len(dates) == 2 and UPDATED.search(text[dates[0].end():dates[1].start()]) and not UPDATED.search(
                text[:dates[0].start()]) and "date" not in document and "updated" not in document:
            # one line with both dates ('Laadittu 19.3.2014. Viimeisin muutos 17.7.2024.'), kept as text
            document["date"], document["updated"] = iso_date(dates[0][0]), iso_date(dates[1][0])
            leftover.append(line)
        elif index == 0 and DOC_TYPES.search(text) and (date or len(text.split()) <= 2):
            if date and "date" not in document:
                document["date"] = date
            account.placed += 1                   # the title: policy-gen prints its own
        elif index == 0 and not date and len(text) <= 120 and not text.endswith((".", ":", ";")):
            document["title"] = text              # the document's own title
            account.placed += 1
        elif date and (UPDATED.search(text) and "updated" not in document or "date" not in document):
            key = "updated" if UPDATED.search(text) and "updated" not in document else "date"
            document[key] = date
            if label and not STANDARD_DATE_LABEL.fullmatch(label["label"]):
                document[f"{key}_label"] = label["label"]    # the document's own word for it
            if short:
                account.placed += 1
            else:
                leftover.append(line)
        elif LEGAL_REFERENCE.fullmatch(text) and len(text) <= 160 and "legal_reference" not in document:
            document["legal_reference"] = text
            account.placed += 1
        else:
            leftover.append(line)
    return leftover


def place(sections: list[Section], framework: str, lang: str, refused: frozenset[str] = frozenset()
          ) -> tuple[dict, Account, dict]:
    """The register's data, the account of the lines, and which line(s) gave each detail
    parsed out of a line (path 'controller.phone' -> Line), so that a detail validation
    refuses can be put back as text (`refused`).

    Placed in fields: the title, dates and legal reference; lines before the first section
    and sections on the document itself ('Yleistä') before the first standard one, as the
    introduction (`document.intro`); each standard section's lines, under the document's own
    heading, a second section on the same topic as a sub-section; lines of a contact section
    that are no detail, as the contact's own blocks. Not placed: the lines of sections
    policy-gen has no field for, kept in extra sections and named in the report."""
    account = Account()
    msg = Messages(lang, framework)
    topic_field = fields(framework)
    standard_order = list(order(framework))
    taken = set(standard_order)
    groups: dict[str, list[tuple[str, list[Line]]]] = {}   # field -> (heading, lines) per section
    headings: dict[str, str] = {}               # field -> the document's own heading
    extras: list[dict] = []
    origins: dict[str, object] = {}
    last_field = None                            # the standard section an extra section follows
    sequence: list[str] = []                     # section ids in the document's order

    def extra(heading: str, lines: list[Line], after: str | None, ident: str | None = None) -> None:
        if not lines:
            return
        ident = _slug(ident or heading, taken)
        section = {"id": ident, "heading": heading} | plain(lines)
        if after:
            section["after"] = after
        extras.append(section)
        sequence.append(ident)
        account.extra[ident] = account.extra.get(ident, 0) + len(lines)

    document: dict = {}
    preamble, *rest = sections
    front = list(preamble.lines)
    while rest and rest[0].topic is None and rest[0].heading is not None:
        # a heading policy-gen does not know before any it knows ('TIETOSUOJASELOSTE' over the
        # statute and date lines): still the front matter, its heading one of its lines
        front += [Line(rest[0].heading.text, "paragraph"), *rest[0].lines]
        rest = rest[1:]
    leftover = _preamble(front, document, account)
    intro = _blocks(leftover)                    # the lines before the first section
    account.placed += len(leftover)
    if "date" in document and "updated" in document and document["updated"] < document["date"]:
        document["date"], document["updated"] = document["updated"], document["date"]
    document = {"date": document.get("date", TODOS["date"])} | {k: v for k, v in document.items() if k != "date"}
    numbered = [bool(NUMBERED.fullmatch(s.heading.text)) for s in rest if s.heading is not None]

    previous = None                              # the heading of the section before
    for section in rest:
        if section.topic == "intro":
            # the document's words about itself ('Yleistä', 'Miksi tämä tietosuojaseloste'): its
            # introduction (`document.intro`), printed before the first section. One that stood
            # after another section moves there, and the report says so: the order changes.
            intro.append(_sub(section.title, section.lines))
            account.placed += len(section.lines)
            if previous is not None:
                account.notes.append(intro_moved(section.title, previous))
            continue
        previous = section.title
        target = topic_field.get(section.topic)
        if target is None:
            # a heading policy-gen has no field for: an extra section of its own, heading included
            extra(section.title, section.lines or [Line(section.title, "paragraph")], last_field)
            if not section.lines:
                account.extra[extras[-1]["id"]] -= 1   # the heading alone is no content line
            continue
        if target in groups and not any(lines for _, lines in groups[target]) and len(groups[target]) == 1:
            # 'Yhteystiedot' / 'Rekisterinpitäjä': an empty heading over the section's own heading
            groups[target][0] = (groups[target][0][0], list(section.lines))
        elif target in groups:
            groups[target].append((section.title, list(section.lines)))
        else:
            groups[target] = [(section.title, list(section.lines))]
            sequence.append(target)
            if section.title != msg(f"section.{target}"):
                headings[target] = section.title
        if standard_order.index(target) >= standard_order.index(last_field or standard_order[0]):
            last_field = target

    def lines_of(key: str) -> list[Line] | None:
        found = groups.get(key)
        return list(found[0][1]) if found else None

    def subs(key: str) -> list[dict]:
        out = []
        for heading, lines in (groups.get(key) or [])[1:]:
            out.append(_sub(heading, lines))
            account.placed += len(lines)
        return out

    if intro:
        document["intro"] = intro
    if numbered and not any(numbered):
        document["numbering"] = False

    if framework == GDPR and "updated" not in document and not (document["date"] >= "2018-05-25"):
        # a notice speaks for a date under the GDPR; an older date needs the date it takes effect
        document["updated"] = MIGRATE_TODOS["updated"].format(old="")
    data: dict = {"framework": framework, "languages": [lang], "document": document}

    def own(key: str, section: dict) -> dict:
        more = subs(key)
        if more:
            section = section | {"blocks": section.get("blocks", []) + more}
        return ({"heading": headings[key]} | section) if key in headings and "heading" in accepts(framework, key) \
            else section

    def contact(key: str, controller: bool):
        lines = lines_of(key)
        if lines is None:
            return None
        details, unused, origin = parse_contact(lines, controller=controller,
                                                refused={p.split(".", 1)[1] for p in refused if p.startswith(key + ".")})
        for name, line in origin.items():
            origins[f"{key}.{name}"] = line
        account.placed += len(lines)
        if "name" not in details and "role" in details and not controller:
            details["name"], details["kind"] = details.pop("role"), "role"   # given only by job title
        if "name" not in details:
            todo_key = ("controller_name" if details else "controller") if controller else "contact"
            details = {"name": TODOS[todo_key]} | details
        order_keys = ["heading", "kind", "title", "name", "role", "organisation", "business_id", "addresses", "email",
                      "email_obfuscated", "phone", "website", "contact_person"]
        result = {k: details[k] for k in order_keys if k in details}
        if unused:
            result["blocks"] = _blocks(unused)    # what is no detail stays as the document wrote it
        return own(key, result)

    data["controller"] = contact("controller", True) or {"name": TODOS["controller"]}
    found_contact = contact("contact", False)
    if found_contact:
        data["contact"] = found_contact
    elif framework == HETIL:
        data["contact"] = TODOS["contact"]
    if framework == GDPR:
        data["dpo"] = contact("dpo", False) or MIGRATE_TODOS["dpo"]

    names = lines_of("register_name")
    if names:
        more = _blocks(names[1:]) + [_sub(h, ls) for h, ls in groups["register_name"][1:]]
        account.placed += len(names) + sum(len(ls) for _, ls in groups["register_name"][1:])
        if more or "register_name" in headings:
            data["register_name"] = {"name": names[0].text} | (
                {"heading": headings.pop("register_name")} if "register_name" in headings else {}) | (
                {"blocks": more} if more else {})
        else:
            data["register_name"] = names[0].text
    else:
        data["register_name"] = TODOS["register_name"]

    def count(key: str) -> list[Line]:
        lines = lines_of(key) or []
        account.placed += len(lines)
        return lines

    if framework == HETIL:
        for key in ("purpose", "data_content"):
            lines = count(key)
            data[key] = own(key, plain(lines)) if lines else TODOS[key]
        if "sources" in groups:
            data["sources"] = own("sources", sources_section(count("sources"), framework)[0])
        lines = count("disclosures")
        data["disclosures"] = own("disclosures", plain(lines)) if lines else TODOS["disclosures"]
    else:
        lines = count("purposes")
        purposes = plain(lines)
        items = [{"purpose": text, "legal_basis": MIGRATE_TODOS["legal_basis"].format(purpose=f"'{text[:57]}'"),
                  **({"direct_marketing": True} if re.search(r"markkinoin|marknadsför|marketing", text, re.I) else {})}
                 for text in purposes.get("items", [])]
        purposes["items"] = items or [MIGRATE_TODOS["purposes"]]
        data["purposes"] = own("purposes", {k: purposes[k] for k in ("intro", "items", "notes") if k in purposes})
        lines = count("data_subjects")
        data["data_subjects"] = own("data_subjects", plain(lines)) if lines else {"items": [MIGRATE_TODOS["data_subjects"]]}
        content = plain(count("data_categories"))
        retention = count("retention") + [line for _, ls in (groups.get("retention") or [])[1:] for line in ls]
        account.placed += sum(len(ls) for _, ls in (groups.get("retention") or [])[1:])
        categories = [{"category": text} for text in content.get("items", [])] or [MIGRATE_TODOS["categories"]]
        data["data_categories"] = own("data_categories", {k: v for k, v in (
            ("intro", content.get("intro")),
            ("retention", " ".join(l.text for l in retention) if retention else MIGRATE_TODOS["retention"]),
            ("items", categories), ("notes", content.get("notes"))) if v})
        if "sources" in groups:
            sources, _ = sources_section(count("sources"), framework)
            if not sources.get("items") and not sources.get("external"):
                sources["items"] = [TODOS["source_items"]]
            data["sources"] = own("sources", {k: sources[k] for k in ("intro", "items", "notes", "external")
                                              if k in sources})
        else:
            data["sources"] = MIGRATE_TODOS["sources"]
        provision = count("provision_requirement") + [l for _, ls in (groups.get("provision_requirement") or [])[1:]
                                                      for l in ls]
        account.placed += sum(len(ls) for _, ls in (groups.get("provision_requirement") or [])[1:])
        if provision:
            data["provision_requirement"] = [l.text for l in provision]
        elif not isinstance(data["sources"], dict) or data["sources"].get("items"):   # (a TODO may become items)
            data["provision_requirement"] = [MIGRATE_TODOS["provision_requirement"]]
        lines = count("recipients")
        data["recipients"] = own("recipients", plain(lines)) if lines else TODOS["recipients"]
        data["processors"] = MIGRATE_TODOS["processors"]

    lines = count("transfers")
    moved = outside_eea(lines)
    transfers = {"outside_eea": moved} | plain(lines)
    if framework == GDPR:
        texts = transfers.pop("items", []) + transfers.pop("notes", [])
        if texts:
            transfers["notes"] = texts
        if moved is True:
            transfers["items"] = [MIGRATE_TODOS["transfers"]]
    data["transfers"] = own("transfers", transfers)

    if framework == GDPR:
        lines = count("automated_decisions")
        automated: dict = {"exists": False if lines and NO_AUTOMATED.fullmatch(" ".join(l.text for l in lines))
                           and len(lines) == 1 else TODOS["automated"] if lines else MIGRATE_TODOS["automated"]}
        if lines and automated["exists"] is not False:
            automated |= {"logic": [l.text for l in lines], "consequences": [TODOS["consequences"]]}
        elif lines:
            account.placed -= len(lines)
            extra(msg("section.automated_decisions"), lines, "automated_decisions", "automated_decisions_text")
        data["automated_decisions"] = own("automated_decisions", automated)
        rights = count("rights")
        if rights:
            data["rights"] = own("rights", {"how_to_exercise": [l.text for l in rights]})
            account.notes.append(RIGHTS_NOTE)

    lines = count("security")
    data["security"] = own("security", security_section(lines)) if lines else TODOS["security"]
    if extras:
        data["extra_sections"] = extras
    # the document's own headings for what has no place of its own ('retention'), and its order
    for key, text in headings.items():
        if not isinstance(data.get(key), dict) or "heading" not in accepts(framework, key):
            document.setdefault("headings", {})[key] = text
    wanted = [ident for ident in sequence if ident in taken or any(e["id"] == ident for e in extras)]
    standard_seq = [ident for ident in wanted if ident in standard_order]
    if standard_seq != sorted(standard_seq, key=standard_order.index):
        absent = {ident for ident in frameworks.get(framework).optional_sections if ident not in data}
        merged = list(wanted)
        for index, ident in enumerate(standard_order):     # what the document lacks: after its standard predecessor
            if ident in merged or ident in absent:
                continue
            before = next((p for p in reversed(standard_order[:index]) if p in merged), None)
            merged.insert(merged.index(before) + 1 if before else 0, ident)
        document["order"] = merged
    return data, account, origins
