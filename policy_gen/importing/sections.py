"""Finding the sections of an imported document by their headings.

The headings are those of the Data Protection Ombudsman's model form (rekisteriseloste,
tietosuojaseloste) and of the usual GDPR privacy notices, in Finnish, Swedish and English,
each mapped to a *topic*: what the section is about, independent of the framework the
register will follow (placing.py decides which field each topic goes to).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .readers import Line

# topic -> headings (regular expressions matched in full against the heading in lower
# case, its numbering and a closing colon removed)
HEADINGS: dict[str, list[str]] = {
    # what the document says about itself before (or instead of) the standard sections:
    # printed as the document's introduction (`document.intro`), with its heading
    "intro": [
        r"yleistä", r"yleiset tiedot", r"johdanto", r"tausta", r"tietoa meistä", r"yrityksemme(?: ja [\wåäö ]{2,40})?",
        r"(?:tämän )?tietosuojaselosteen (?:tarkoitus|soveltamisala)", r"miksi tämä tietosuojaseloste\s*(?:\(\?\)|\?)?",
        r"allmänt", r"inledning", r"tillämpningsområde(?:t)?(?: för (?:personuppgiftspolicyn|dataskyddsbeskrivningen))?",
        r"general(?: information)?", r"introduction", r"scope(?: of (?:this|the) (?:notice|policy))?", r"about us",
    ],
    "controller": [
        r"rekisterinpitäjät", r"(?:den )?personuppgiftsansvariga", r"kontaktuppgifter",
        r"rekisterinpitäjä ja rekisterinpitäjän yhteystiedot", r"rekisterinpitäjä ja yhteyshenkilö",
        r"yhteystiedot", r"rekisterinpitäjän (?:nimi ja )?yhteystiedot",
        r"myndigheten som ansvarar för (?:dina )?personuppgifter(?:na)?",

        r"rekisterinpitäjä(?:n (?:nimi ja )?yhteystiedot| ja (?:sen )?yhteystiedot)?",
        r"rekisterinpitäjä ja (?:rekisterin )?yhteyshenkilö",
        r"(?:den )?personuppgiftsansvarig(?:e)?(?:s kontaktuppgifter)?", r"registeransvarig",
        r"(?:register |data )?controller(?: and contact details)?", r"(?:the )?controller'?s contact details",
    ],
    "contact": [
        r"rekisteriasioiden yhteyshenkilö(?:t)?", r"rekisteriasioita hoitava(?:t)? henkilö(?:t)?",
        r"yhteystiedot rekisteriä koskevissa asioissa", r"rekisterin vastuuhenkilö", r"rekisterin yhteyshenkilö(?:t)?",

        r"(?:rekisterin )?yhteyshenkilö(?: rekisteriä koskevissa asioissa| ja yhteystiedot)?",
        r"yhteystiedot rekisteriä koskevissa asioissa", r"yhteydenotot(?: rekisteriä koskevissa asioissa)?",
        r"rekisteriasioista vastaava(?:t)?(?: henkilö(?:t)?)?(?: ja/tai yhteyshenkilö(?:t)?)?", r"rekisteristä vastaava henkilö",
        r"kontaktperson(?: i ärenden som gäller registret)?", r"kontaktuppgifter i ärenden som gäller registret",
        r"contact person(?: for (?:register|the register) matters| for matters concerning the register)?",
        r"person responsible for the register(?: and/or contact person)?",
    ],
    "dpo": [
        r"(?:kunnan |yhtymän |kaupungin )?tietosuojavastaava(?:n yhteystiedot)?",

        r"tietosuojavastaava(?:n yhteystiedot)?", r"dataskyddsombud(?:ets kontaktuppgifter)?",
        r"(?:contact details of the )?data protection officer",
    ],
    "register_name": [
        r"rekisterien nimet", r"rekisterin nimi ja (?:käyttö)?tarkoitus",
r"rekisterin nimi", r"registrets namn", r"(?:the )?name of the (?:register|file)"],
    "purpose": [
        r"henkilötietojen (?:käsittelyn )?(?:käyttö)?tarkoitu(?:s|kset)(?: ja (?:käsittelyn )?oikeusperusteet?)?",
        r"henkilötietojen käsittelyn (?:oikeusperuste|peruste) ja tarkoitus", r"henkilötietojen käsittely",
        r"mihin tarkoituksiin (?:henkilö)?tietoja(?:si)? käsitellään\??", r"ändamål(?:en)?(?: med (?:behandlingen|personuppgiftsbehandlingen))?",
        r"varför behandlar vi (?:dina )?personuppgifter\??", r"mihin tarkoituksiin (?:henkilö)?tietoja(?:si)? käsitellään\??",
        r"miksi (?:käsittelemme|keräämme) (?:henkilö)?tietoja(?:si)?\??", r"syfte(?:t)? med behandlingen",

        r"(?:henkilötietojen )?käsittelyn tarkoitu(?:s|kset)(?: ja oikeusperusteet?)?",
        r"henkilötietojen käsittelyn tarkoitu(?:s|kset)(?: \(rekisterin käyttötarkoitus\))?",
        r"henkilötietojen käsittelyn tarkoitus ja (?:käsittelyn )?oikeusperuste",
        r"rekisterin (?:käyttö)?tarkoitus", r"rekisterin pitämisen (?:tarkoitus|peruste ja tarkoitus)",
        r"mihin (?:henkilö)?tietoja(?:si)? käytetään\??", r"tietojen käyttötarkoitus",
        r"ändamålet med behandlingen(?: av personuppgifter)?", r"ändamål(?:en)? med behandlingen(?: och rättslig grund)?",
        r"registrets ändamål", r"purposes? of (?:the )?processing(?: of personal data)?(?: and legal basis)?",
        r"purpose of the (?:register|file)",
    ],
    "legal_basis": [
        r"(?:henkilötietojen )?käsittelyn (?:oikeus)?peruste", r"käsittelyn oikeusperusteet",
        r"rekisterin pitämisen peruste", r"henkilötietojen käsittelyn oikeusperusteet?",
        r"oikeusperuste", r"rättslig grund(?: för behandlingen)?", r"legal basis(?: (?:for|of) (?:the )?processing)?",
    ],
    "data_subjects": [
        r"rekisteröityjen ryhmät", r"rekisteröidyt", r"keitä rekisteri koskee", r"rekisteröityjen kategoriat",
        r"kategorier av registrerade", r"registrerade", r"categories of data subjects", r"data subjects",
    ],
    "data_content": [
        r"mitä (?:henkilö)?tietoja (?:rekisteriin tallennetaan|käsittelemme|keräämme)\??",
        r"rekisterin sisältämät (?:henkilö)?tiedot", r"henkilörekisterin sisältämät henkilötiedot",
        r"käsiteltävät (?:henkilö)?tiedot", r"vilka personuppgifter behandlas\??",
        r"vilka (?:person)?uppgifter (?:behandlar|samlar) vi(?: in)?\??", r"käsitelläänkö erityisiä henkilötietoja\??",
        r"erityiset henkilötietoryhmät", r"arkaluonteiset (?:henkilö)?tiedot",

        r"rekisterin tietosisältö", r"(?:rekisterin )?tietosisältö", r"käsiteltävät henkilötiedot",
        r"henkilötietoryhmät", r"käsiteltävät henkilötietoryhmät", r"rekisteriin tallennettavat tiedot",
        r"mitä tietoja (?:keräämme|käsittelemme)\??", r"registrets (?:data|uppgifts)innehåll",
        r"kategorier av personuppgifter", r"personuppgifter som behandlas", r"data content(?: of the register)?",
        r"categories of personal data", r"personal data (?:processed|collected)",
    ],
    "retention": [
        r"(?:henkilö)?tietojen säilytysaika", r"säilytysaika", r"tietojen säilyttäminen(?: ja poistaminen)?",
        r"kuinka kauan tietoja säilytetään\??", r"(?:[\wåäö]+ ){0,4}(?:henkilö)?tietojen säilytysaika", r"lagringstid(?:en)?", r"(?:data )?retention(?: period)?",
        r"how long (?:we keep|are) (?:the |your )?data (?:kept|stored)?\??",
    ],
    "sources": [
        r"mistä (?:henkilö)?tietoja(?:si)? (?:saadaan|kerätään|saamme)\??", r"varifrån får vi (?:dina )?uppgifter(?:na)?\??",

        r"säännönmukaiset tietolähteet", r"(?:rekisterin )?tietolähteet", r"mistä tiedot saadaan\??",
        r"henkilötietojen lähteet", r"tietojen lähteet", r"regelmässiga uppgiftskällor", r"uppgiftskällor",
        r"(?:regular )?(?:data )?sources(?: of (?:the )?(?:personal )?data)?",
    ],
    "provision": [
        r"henkilötietojen antamisen pakollisuus(?: ja seuraukset)?", r"tietojen antamisen pakollisuus",
        r"skyldighet att lämna personuppgifter(?: och följder)?",
    ],
    "disclosures": [
        r"tietojen säännönmukaiset luovutukset", r"säännönmukaiset tietojen luovutukset",
        r"(?:henkilö)?tietojen luovutu(?:s|kset)(?: ja vastaanottajat)?", r"(?:henkilötietojen )?vastaanottajat",
        r"(?:tietojen säännönmukaiset|säännönmukaiset tietojen) luovutukset ja tietojen siirto eu:n tai "
        r"(?:eta:n|euroopan talousalueen) ulkopuolelle",
        r"regelmässigt utlämnande av uppgifter", r"utlämnande av (?:person)?uppgifter", r"mottagare(?: av personuppgifter)?",
        r"(?:regular )?(?:destinations of disclosed data|disclosures?(?: of data)?)", r"recipients(?: of (?:the )?personal data)?",
    ],
    "processors": [
        r"henkilötietojen käsittelijät", r"käsittelijät", r"onko (?:tietovarannon |rekisterin )?(?:henkilötietojen )?"
        r"käsittelyä ulkoistettu\??", r"(?:henkilötietojen )?käsittelyn ulkoistaminen", r"alihankkijat", r"personuppgiftsbiträden", r"processors",
    ],
    "transfers": [
        r"(?:henkilö)?tietojen siirto (?:eu:n|euroopan unionin) (?:tai|ja) (?:eta:n|euroopan talousalueen) ulkopuolelle",
        r"tietojen (?:siirto|luovutus) (?:eu/eta|eu- (?:tai|ja) eta-alueen|eu-/eta-alueen)(?:-alueen)? ulkopuolelle",
        r"tietojen siirto kolmansiin maihin", r"siirrot kolmansiin maihin",
        r"överföring av (?:person)?uppgifter (?:till länder )?utanför eu (?:eller|och) ees",
        r"transfers? (?:of (?:personal )?data )?(?:outside the eu(?: (?:or|and) the eea|/eea)|to third countries)",
    ],
    "automated": [
        r"automaattinen päätöksenteko(?: ja profilointi)?", r"automatisoitu päätöksenteko(?: ja profilointi)?",
        r"profilointi", r"automatiserat beslutsfattande(?:, inbegripet profilering| och profilering)?",
        r"automated (?:individual )?decision[- ]making(?:,? (?:and|including) profiling)?",
    ],
    "rights": [
        r"rekisteröidyn oikeudet", r"rekisteröidyn oikeudet ja niiden käyttäminen", r"tarkastusoikeus",
        r"oikeus vaatia tiedon korjaamista", r"muut henkilötietojen käsittelyyn liittyvät oikeudet",
        r"oikeus (?:tarkastaa|saada pääsy|tietojen oikaisemiseen|tietojen poistamiseen|käsittelyn rajoittamiseen|"
        r"vastustaa|siirtää|peruuttaa)\b.*", r"kielto-oikeus", r"oikeuksien käyttäminen",
        r"(?:den )?registrerades rättigheter", r"rätt till (?:insyn|rättelse|radering|dataportabilitet)\b.*",
        r"rätt att (?:kräva rättelse|invända)\b.*", r"(?:data subject'?s? |your )?rights(?: of the data subject)?",
        r"right of access", r"right to (?:rectification|erasure|object|data portability)\b.*",
    ],
    "complaint": [
        r"oikeus (?:tehdä valitus|valittaa) (?:valvontaviranomaiselle|tietosuojavaltuutetulle)",
        r"valitusoikeus", r"rätt att lämna in klagomål(?: till (?:en )?tillsynsmyndighet(?:en)?)?",
        r"right to lodge a complaint(?: with (?:a|the) supervisory authority)?",
    ],
    "security": [
        r"rekisterin suojauksen periaatteet", r"(?:henkilö)?tietojen suojauksen periaatteet",
        r"rekisterin suojaus(?:periaatteet)?", r"tietojen suojaamisen periaatteet", r"tietoturva", r"tietojen suojaaminen", r"tietoturvallisuus",
        r"principerna för skydd av registret", r"(?:data )?security", r"principles (?:concerning|of) the protection of the register",
    ],
}
_COMPILED = {topic: [re.compile(p) for p in patterns] for topic, patterns in HEADINGS.items()}

NUMBERING = re.compile(r"(?:§\s*)?(?:\d{1,2}(?:\.\d{1,2})*|[A-H]|[IVX]{1,4})[.)]?\s+(?=\S)")


def bare(heading: str) -> str:
    """'4. Rekisterin käyttötarkoitus:' -> 'Rekisterin käyttötarkoitus'."""
    text = heading.strip()
    match = NUMBERING.match(text)
    if match:
        text = text[match.end():]
    return text.rstrip(" :").strip()


def topic_of(text: str) -> str | None:
    """The topic a heading names, or None."""
    key = re.sub(r"\s+", " ", bare(text).casefold())
    if not key or len(key) > 110:
        return None
    # 'Meidän tietomme / Rekisterinpitäjän nimi ja yhteystiedot': either part may name it
    for part in [key, *(p.strip() for p in key.split(" / ") if " / " in key)]:
        for topic, patterns in _COMPILED.items():
            if any(p.fullmatch(part) for p in patterns):
                return topic
    return None


@dataclass
class Section:
    topic: str | None          # None: a heading policy-gen does not know, or the preamble
    heading: Line | None       # None for the preamble (the lines before the first heading)
    lines: list[Line] = field(default_factory=list)

    @property
    def title(self) -> str:
        return bare(self.heading.text) if self.heading else ""


def find_sections(lines: list[Line]) -> list[Section]:
    """The document cut at its section headings: the lines before the first one (the
    preamble: title, legal reference, dates), then one Section per heading with the lines
    up to the next. A line is a section heading when it names a known topic (whatever
    the reader made of it: a PDF or a text file may not mark headings), or when the reader
    marked it a heading no deeper than the headings of the sections found so far; a deeper
    unknown heading stays a line of its section ('A Manuaalinen aineisto')."""
    sections = [Section(None, None)]
    section_level: int | None = None
    for line in lines:
        topic = topic_of(line.text) if (line.kind == "heading" or len(line.text) <= 110) else None
        if topic is not None and line.kind != "heading" and not _looks_like_heading(line):
            topic = None
        starts = topic is not None
        if not starts and line.kind == "heading" and line.level > 1 and not _is_sub_heading(line, section_level):
            starts = True
        if starts and topic is None and len(sections) == 1 and not sections[0].lines:
            starts = False           # the document's title, whatever its style
        if starts:
            sections.append(Section(topic, line))
            if line.kind == "heading" and section_level is None:
                section_level = line.level
        else:
            sections[-1].lines.append(line)
    return sections


def _looks_like_heading(line: Line) -> bool:
    """A paragraph or item that only names a topic (no sentence): 'Rekisterin tietosisältö'."""
    return not line.text.rstrip().endswith((".", ";", ",")) and len(line.text.split()) <= 14


def _is_sub_heading(line: Line, section_level: int | None) -> bool:
    if section_level is None:
        return False
    return line.level > section_level or bool(re.match(r"[A-H][.)]?\s", line.text))
