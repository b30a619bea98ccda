"""The legal checks of a GDPR register (the project's legal reference §4, L01–L40), one
function per check, and the coverage of Arts. 13, 14 and 30(1) items. Each check yields
(path, message): the path points at the YAML the lawyer must change."""
from __future__ import annotations

import re

from stdnum.fi import ytunnus

from ..diagnostics import msg
from ..legal import Context, Coverage, CoverageItem, legal_check
from ..loader import LoadedFile
from ..model import document_date
from ..facts import Facts
from . import gdpr

FW = "gdpr"


def texts(value) -> list[str]:
    """Every string in a value: a text, a per-language mapping, a list of them, nested."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in texts(v)]
    return []


def mentions(value, pattern: str) -> bool:
    return any(re.search(pattern, t, re.IGNORECASE) for t in texts(value))


def reachable(contact: dict) -> bool:
    """A contact gives at least one channel: an address, an e-mail address or a phone number."""
    return bool(contact.get("addresses") or contact.get("email") or contact.get("phone"))


def purposes(d: dict) -> list[tuple[int, dict]]:
    return list(enumerate(d["purposes"]["items"]))


def date_of(d: dict) -> str:
    return document_date(d["document"])


def outside_eu(address: dict, facts: Facts) -> bool:
    return address.get("country", "FI") not in facts.eea


# ---- identity, DPO, purposes, bases --------------------------------------------------------

@legal_check("L01", "error", "GDPR 13(1)(a); 14(1)(a); 30(1)(a)", framework=FW, scope="NR")
def controller_identity(ctx: Context):
    """The controller's name and at least one contact channel (address, e-mail or phone)."""
    if not reachable(ctx.data["controller"]):
        yield ("controller",), msg("the controller has no contact details: add an address, e-mail or phone under "
                                   "'controller' so that data subjects can reach it")


@legal_check("L02", "error", "GDPR 27; 13(1)(a); 30(1)(a)", framework=FW, scope="NR")
def representative(ctx: Context):
    """A controller established outside the EU names its representative in the Union."""
    c = ctx.data["controller"]
    addresses = c.get("addresses") or []
    if addresses and all(outside_eu(a, ctx.facts) for a in addresses) and not c.get("representative"):
        yield ("controller", "addresses"), msg("the controller's addresses are all outside the EU/EEA: a controller "
                                               "not established in the Union designates a representative in it "
                                               "(Art. 27); add 'controller.representative'")


@legal_check("L03", "error", "GDPR 37(1)(a); 37(7); 13(1)(b); 14(1)(b)", framework=FW, scope="NR")
def public_authority_dpo(ctx: Context):
    """A public authority designates a data protection officer, whose contact details are given."""
    if ctx.data.get("public_authority") and not ctx.data.get("dpo"):
        yield ("public_authority",), msg("a public authority must designate a data protection officer "
                                         "(Art. 37(1)(a)) and publish the officer's contact details: add 'dpo'"), True


VAGUE = (r"markkinointi|marketing|marknadsföring|muut tarkoitukset|other purposes|övriga ändamål|"
         r"liiketoiminta|business purposes|affärsverksamhet|kaikki tarkoitukset|all purposes")


def vague(text: str) -> bool:
    """A purpose that is only 'marketing' or 'other purposes' (L04 of both frameworks). Stripped
    first: '\\s*' on both sides of a long text backtracks in quadratic time."""
    return bool(re.fullmatch(rf"({VAGUE})\s*\.?", text.strip(), re.IGNORECASE))


@legal_check("L04", "error", "GDPR 5(1)(b); 13(1)(c); 14(1)(c); 30(1)(b)", framework=FW, scope="NR")
def specific_purposes(ctx: Context):
    """Each purpose is specific: not a bare 'marketing' or 'other purposes'."""
    for i, p in purposes(ctx.data):
        if any(vague(t) for t in texts(p["purpose"])):
            yield ("purposes", "items", i, "purpose"), msg("this purpose is too general to be a 'specified, explicit' "
                                                           "purpose (Art. 5(1)(b)): say what is done, for example "
                                                           "'e-mail newsletter on our own products to customers'")


HETIL_GROUNDS = r"asiallinen yhteys|asiakassuhde(?:en)? perusteella|henkilötietolain 8 §|HetiL 8|personuppgiftslagen 8 §"


@legal_check("L05", "error", "GDPR 6(1); 13(1)(c); 14(1)(c)", framework=FW)
def gdpr_legal_basis(ctx: Context):
    """Each purpose rests on a GDPR Art. 6(1) basis, not on a repealed Henkilötietolaki 8 § ground."""
    for i, p in purposes(ctx.data):
        for key in ("purpose", "legitimate_interest"):
            if mentions(p.get(key), HETIL_GROUNDS):
                yield ("purposes", "items", i, key), msg("this text gives a ground of the repealed Henkilötietolaki "
                                                         "(8 §: customer relationship, 'asiallinen yhteys'): the basis "
                                                         "is the Art. 6(1) point in 'legal_basis' (usually b, contract, "
                                                         "or f, legitimate interests); delete the old ground")


@legal_check("L06", "error", "GDPR 13(1)(d); 14(2)(b); 21(1)", framework=FW)
def legitimate_interest_described(ctx: Context):
    """Basis f names the interest actually pursued, not just 'legitimate interest'."""
    for i, p in purposes(ctx.data):
        if p["legal_basis"] == "f" and any(
                re.fullmatch(r"\s*(rekisterinpitäjän\s+)?oikeutettu etu|(the\s+controller'?s\s+)?legitimate "
                             r"interests?|berättigat intresse|berättigade intressen\s*\.?\s*", t, re.IGNORECASE)
                for t in texts(p["legitimate_interest"])):
            yield ("purposes", "items", i, "legitimate_interest"), msg(
                "say which interest is pursued (Art. 13(1)(d)), for example 'keeping in touch with our customers' "
                "contact persons'; the bare words 'legitimate interest' do not inform the data subject")


@legal_check("L07", "warning", "GDPR 6(1), last subparagraph", framework=FW)
def authority_without_f(ctx: Context):
    """A public authority does not rely on legitimate interests for its tasks."""
    if ctx.data.get("public_authority"):
        for i, p in purposes(ctx.data):
            if p["legal_basis"] == "f":
                yield ("purposes", "items", i, "legal_basis"), msg(
                    "a public authority cannot rely on legitimate interests (f) for processing in the performance "
                    "of its tasks (Art. 6(1), last subparagraph): use e (public task or official authority) or c "
                    "(legal obligation), unless this purpose is outside its public tasks")


@legal_check("L08", "error", "GDPR 7(3); 9(2)(a); 13(2)(c); 14(2)(d)", framework=FW)
def withdrawal_of_consent(ctx: Context):
    """Special categories on explicit consent (9(2)(a)) carry the right to withdraw consent."""
    special = (ctx.data.get("special_categories") or {}).get("items", [])
    if "a" not in gdpr.bases(ctx.data):
        for i, c in enumerate(special):
            if c["condition"] == "a":
                yield ("special_categories", "items", i, "condition"), msg(
                    "these data rest on explicit consent (Art. 9(2)(a)), but no purpose has legal basis a, so the "
                    "notice does not state the right to withdraw consent (Art. 13(2)(c)): give the purpose that "
                    "uses these data legal basis a")


DM_WORDS = r"suoramarkkin|suoramainon|uutiskirje|etämyynti|direct marketing|newsletter|direktmarknadsf|nyhetsbrev"


@legal_check("L09", "error", "GDPR 21(2)-(4)", framework=FW)
def direct_marketing_flagged(ctx: Context):
    """A direct-marketing purpose is marked, so the notice states the right to object separately."""
    for i, p in purposes(ctx.data):
        if not p.get("direct_marketing") and mentions(p["purpose"], DM_WORDS):
            yield ("purposes", "items", i, "purpose"), msg(
                "this purpose is direct marketing, but 'direct_marketing: true' is not set, so the notice does not "
                "state, clearly and separately, the right to object to it at any time: add "
                "'direct_marketing: true' to this purpose")


@legal_check("L10", "warning", "Laki sähköisen viestinnän palveluista 917/2014 200 §", framework=FW)
def electronic_marketing_consent(ctx: Context):
    """Electronic direct marketing to natural persons rests on consent (or the customer soft opt-in)."""
    for i, p in purposes(ctx.data):
        if p.get("direct_marketing") and p["legal_basis"] != "a" and \
                mentions(p["purpose"], r"sähköpost|sähköi|tekstiviest|e-mail|email|sms|elektronisk|e-post"):
            yield ("purposes", "items", i, "legal_basis"), msg(
                "electronic direct marketing to natural persons needs their prior consent (917/2014 200 §); "
                "without it, only the controller's own customers may be sent offers of its similar products, "
                "with a free opt-out in every message: use legal basis a, or limit the purpose to that")


@legal_check("L11", "warning", "GDPR 21(1); Henkilötietolaki 30 § (repealed)", framework=FW)
def research_objection(ctx: Context):
    """Market research, opinion polls, genealogy and person directories come with a right to object."""
    for i, p in purposes(ctx.data):
        if mentions(p["purpose"], r"markkinatutkimu|mielipidetutkimu|sukututkimu|henkilömatrikkel|market research|"
                                  r"opinion poll|genealog|marknadsundersökning|opinionsundersökning|släktforskning"):
            if p["legal_basis"] not in "ef":
                yield ("purposes", "items", i, "legal_basis"), msg(
                    "people expect to be able to refuse market research, opinion polls, genealogy and person "
                    "directories; on this basis the notice states no right to object: consider basis f (which "
                    "carries the Art. 21(1) right to object) or consent (a, which can be withdrawn)")


# ---- transfers ------------------------------------------------------------------------------

@legal_check("L12", "error", "GDPR 13(1)(f); 14(1)(f); 30(1)(e)", framework=FW, scope="NR")
def transfers_answer(ctx: Context):
    """Whether data are transferred outside the EU/EEA is answered consistently."""
    t = ctx.data["transfers"]
    if not t["outside_eea"] and t.get("items"):
        yield ("transfers", "outside_eea"), msg("'outside_eea' says no data are transferred outside the EU/EEA, but "
                                                "transfers are listed: set it to true, or delete the list")


@legal_check("L13", "error", "GDPR 13(1)(f); 14(1)(f); 30(1)(e); 49(1)", framework=FW, scope="NR")
def transfer_mechanism(ctx: Context):
    """A derogation transfer names the Art. 49(1) point it rests on (derogation_kind, or in its text)."""
    for i, t in enumerate(ctx.data["transfers"].get("items", [])):
        if t["mechanism"] == "derogation" and not t.get("derogation_kind") and not mentions(t["derogation"], r"\b49\b"):
            yield ("transfers", "items", i, "mechanism"), msg(
                "name the Art. 49(1) derogation this transfer rests on in 'derogation_kind' (a explicit consent, "
                "b contract with the data subject, … g public register, or second_subparagraph)")


@legal_check("L14", "error", "GDPR 13(1)(f); 14(1)(f); 49(1) second subparagraph; 30(1)(e)", framework=FW)
def safeguard_copy(ctx: Context):
    """Transfers on compelling legitimate interests say where the safeguards can be obtained."""
    for i, t in enumerate(ctx.data["transfers"].get("items", [])):
        if t.get("derogation_kind") == "second_subparagraph" and not t.get("copy"):
            yield ("transfers", "items", i, "derogation_kind"), msg(
                "a transfer on compelling legitimate interests (Art. 49(1), second subparagraph) must refer to the "
                "suitable safeguards and say how to obtain a copy of them (Art. 13(1)(f)): add 'copy'")


@legal_check("L15", "warning", "GDPR 45", framework=FW, scope="NR")
def adequacy_scope(ctx: Context):
    """An adequacy decision with a limited scope, or an unconfirmed end, is named and confirmed."""
    date = date_of(ctx.data)
    for i, t in enumerate(ctx.data["transfers"].get("items", [])):
        if t["mechanism"] != "adequacy":
            continue
        decision = ctx.facts.decision_in_force(t["country"], date)
        if decision is None:
            continue          # refused by validation (gdpr.check)
        if decision.limited and not t.get("adequacy_decision"):
            yield ("transfers", "items", i, "mechanism"), msg(
                "the adequacy decision for {country} ({reference}) covers {scope}: confirm the recipient is covered "
                "and say so in 'adequacy_decision'", country=t["country"], reference=decision.reference,
                scope=decision.scope)
        if decision.end_unconfirmed:
            yield ("transfers", "items", i, "mechanism"), msg(
                "whether {reference} is still in force on {date} is not confirmed in policy-gen's data: "
                "check the Commission's list of adequacy decisions before publishing", reference=decision.reference,
                date=date)


CLOUD = r"\b(google|microsoft|amazon|aws|azure|salesforce|mailchimp|hubspot|slack|zoom|dropbox|meta|facebook)\b"


@legal_check("L16", "warning", "GDPR 13(1)(f); 30(1)(e)", framework=FW, scope="NR")
def hidden_transfer(ctx: Context):
    """Recipients that are US cloud services come with a transfer entry."""
    if ctx.data["transfers"]["outside_eea"]:
        return
    for i, p in enumerate((ctx.data.get("processors") or {}).get("items", [])):
        if mentions(p["name"], CLOUD):
            yield ("processors", "items", i, "name"), msg(
                "this processor is a service usually run from outside the EU/EEA, but 'transfers.outside_eea' is "
                "false: confirm where it processes the data, and list the transfer with its basis if any")
    if mentions(ctx.data["recipients"], CLOUD + r"|yhdysval|united states|förenta staterna|\bUSA\b"):
        yield ("recipients",), msg("a recipient named here is outside the EU/EEA or usually processes data there, but "
                                   "'transfers.outside_eea' is false: list the transfer with its basis, or correct the text")


# ---- retention, rights, sources ----------------------------------------------------------------

INDEFINITE = r"toistaiseksi|pysyvästi|ikuisesti|indefinitely|forever|permanently|tills vidare|för alltid"
CRITERIA = r"\d|\bkunnes\b|\buntil\b|\btills (?!vidare)|päätty|\bends?\b|upphör"


@legal_check("L17", "error", "GDPR 5(1)(e); 13(2)(a); 14(2)(a)", framework=FW)
def retention_limited(ctx: Context):
    """Retention is a period or criteria, never 'indefinitely'."""
    section = ctx.data["data_categories"]
    candidates = [(("data_categories", "retention"), section.get("retention"))]
    candidates += [(("data_categories", "items", i, "retention"), c.get("retention"))
                   for i, c in enumerate(section["items"])]
    candidates += [(("purposes", "items", i, "retention"), p.get("retention")) for i, p in purposes(ctx.data)]
    for path, value in candidates:
        if any(re.search(INDEFINITE, t, re.IGNORECASE) and not re.search(CRITERIA, t, re.IGNORECASE)
               for t in texts(value)):
            yield path, msg("'indefinitely' is not a retention period: give the period, or the criteria that end it "
                            "(for example 'until the customer relationship ends and two years after')")


@legal_check("L18", "warning", "GDPR 30(1)(f)", framework=FW, scope="R")
def retention_in_record(ctx: Context):
    """The record gives time limits for erasure of each category of data where possible."""
    section = ctx.data["data_categories"]
    if not section.get("retention"):
        for i, c in enumerate(section["items"]):
            if not c.get("retention"):
                yield ("data_categories", "items", i), msg("this category has no time limit for erasure, and no general "
                                                           "one is given: add 'retention' (Art. 30(1)(f))")


@legal_check("L20", "error", "GDPR 13(2)(d); 14(2)(e); 77", framework=FW)
def complaint_authority(ctx: Context):
    """The supervisory authority's contact details are known for the notice's date."""
    if ctx.facts.authority(date_of(ctx.data)) is None:
        yield ("document", "date"), msg("no supervisory authority details are known for this date, so the right to "
                                        "complain cannot be stated with the authority's contact details: date the notice "
                                        "from 25.5.2018 on")


@legal_check("L21", "error", "GDPR 14(1)(d); 14(2)(f); 14(3); 14(5)(b)", framework=FW)
def art14_information(ctx: Context):
    """With the 14(5)(b) exemption, the information is made publicly available, and the notice says where."""
    exemption = ctx.data.get("art14_exemption")
    if exemption and exemption["exemption"] == "b" and not mentions(exemption["explanation"], r"https?://|www\."):
        yield ("art14_exemption", "explanation"), msg(
            "under Art. 14(5)(b) the controller must still make the information publicly available: say where "
            "(give the web address) in 'explanation'")
    if exemption and not gdpr.from_elsewhere(ctx.data):
        yield ("art14_exemption",), msg("an Art. 14(5) exemption applies only to data not obtained from the data subject, "
                                        "and this register names no other sources: delete it, or list the sources "
                                        "under 'sources.external'"), True


BROKERS = r"asiakastieto|fonecta|bisnode|dun ?& ?bradstreet|creditsafe|experian|enento"


@legal_check("L22", "warning", "GDPR 14(2)(f); 5(1)(a); Luottotietolaki 527/2007", framework=FW)
def broker_source(ctx: Context):
    """Credit data from a commercial source refer to the Credit Information Act."""
    external = (ctx.data["sources"].get("external") or {}).get("items", [])
    for i, s in enumerate(external):
        if mentions(s["source"], BROKERS) and mentions(s["provides"], r"maksuky|luotto|credit|kredit|betalningsf") \
                and not mentions(s["provides"], r"527/2007|luottotietolaki|kreditupplysningslag|credit information act"):
            yield ("sources", "external", "items", i, "provides"), msg(
                "credit data from a credit information company are used under the Credit Information Act "
                "(luottotietolaki 527/2007): say so, and for what (for example 'checking creditworthiness before "
                "a contract, luottotietolaki 527/2007')")


# ---- automated decisions, special data -------------------------------------------------------

@legal_check("L24", "error", "GDPR 13(2)(f); 14(2)(g); 22", framework=FW)
def automated_declared(ctx: Context):
    """Purposes that make automated decisions or profile people declare it."""
    if ctx.data["automated_decisions"]["exists"]:
        return
    for i, p in purposes(ctx.data):
        if mentions(p["purpose"], r"profiloi|profiling|profilering|automaattinen päätö|automated decision|"
                                  r"automatiserat beslut|pisteytys|scoring"):
            yield ("purposes", "items", i, "purpose"), msg(
                "this purpose profiles people or decides automatically, but 'automated_decisions.exists' is false: "
                "if decisions with legal or similarly significant effects are made solely by automated means, set it "
                "true and describe the logic and consequences (Art. 13(2)(f)); otherwise say in the purpose that a "
                "person decides")


NEEDS_LAW = "bgij"     # 9(2)(b), (g), (i), (j) rest on Union or national law; (h) on law or a contract


@legal_check("L25", "error", "GDPR 9; 30(5); 35; Tietosuojalaki 6 §", framework=FW, scope="NR")
def special_categories(ctx: Context):
    """Special categories name the Art. 9(2) condition and the national law it needs."""
    special = (ctx.data.get("special_categories") or {}).get("items", [])
    for i, c in enumerate(special):
        if c["condition"] in NEEDS_LAW + "h" and not c.get("national_basis"):
            yield ("special_categories", "items", i, "condition"), msg(
                "Art. 9(2)({condition}) allows processing only on the basis of Union or Finnish law: name it in "
                "'national_basis' (for example 'tietosuojalaki 6 § 1 mom. 2 kohta'); consider a data protection "
                "impact assessment (Art. 35)", condition=c["condition"])
    if (special or ctx.data.get("criminal_offence_data")) and ctx.data.get("art30_5_exemption"):
        yield ("art30_5_exemption",), msg("the Art. 30(5) exemption does not apply to processing that includes Art. 9 "
                                          "or Art. 10 data: keep a record of processing activities and delete this "
                                          "flag"), True


@legal_check("L26", "warning", "Tietosuojalaki 1050/2018 29 §", framework=FW)
def identity_code(ctx: Context):
    """The personal identity code is processed only on a ground of Tietosuojalaki 29 §."""
    code = ctx.data.get("personal_identity_code")
    if code and code["processed"] and not (code.get("ground") and code.get("justification")):
        yield ("personal_identity_code",), msg("say on which ground of Tietosuojalaki 29 § the personal identity code "
                                               "is processed ('ground') and why it is needed ('justification')"), True
    if not code:
        for i, c in enumerate(ctx.data["data_categories"]["items"]):
            if mentions(c["category"], r"henkilötunnu|personbeteckning|personal identity code|\bhetu\b"):
                yield ("data_categories", "items", i, "category"), msg(
                    "the personal identity code may be processed only on a ground of Tietosuojalaki 29 § (unambiguous "
                    "consent, a provision of law, where individualising the person unambiguously is important for a "
                    "task laid down by law, for rights and obligations or for research or statistics, or the sector "
                    "grounds of 29 § 2 mom.): add 'personal_identity_code' with the ground and the justification")


@legal_check("L27", "warning", "GDPR 8; 12(1); Tietosuojalaki 5 §", framework=FW)
def children(ctx: Context):
    """A child's consent to an online service is the child's own only from the age of 13."""
    c = ctx.data.get("children")
    if c and c["concerned"] and c.get("online_consent") and not c.get("under_13"):
        yield ("children", "online_consent"), msg(
            "in Finland a child may consent alone to an information society service only from the age of 13 "
            "(Tietosuojalaki 5 §; Art. 8): say in 'under_13' how the consent of the holder of parental responsibility "
            "is obtained and verified, and write the notice in language children understand (Art. 12(1))")


@legal_check("L28", "error", "GDPR 4(9); 13(1)(e); 28; 30(1)(d)", framework=FW, scope="NR")
def processors_listed(ctx: Context):
    """Outsourced processing lists the processors as recipients, and nothing says data go to no one."""
    d = ctx.data
    outsourced = mentions([d["purposes"].get("notes"), d["purposes"].get("intro"), d["recipients"]],
                          r"ulkoist|outsourc|lagts ut|utkontrakter|alihankkij|subcontract|underleverantör")
    if outsourced and not d.get("processors"):
        yield ("purposes",), msg("the register says processing is outsourced, but names no processors: list them (or "
                                 "their categories) under 'processors', as recipients (Art. 4(9), 13(1)(e))")
    if d.get("processors") and mentions(d["recipients"], r"kenellekään|to anyone|to no one|till någon|till ingen"):
        yield ("recipients",), msg("the recipients section says data are not disclosed, but processors receive them: "
                                   "processors are recipients (Art. 4(9)); say that data are disclosed to the processors")


@legal_check("L29", "error", "GDPR 30(1)(g); 32(1)", framework=FW, scope="R")
def security_described(ctx: Context):
    """The record describes the technical and organisational security measures."""
    s = ctx.data["security"]
    if not (s.get("electronic") or s.get("manual") or s.get("intro") or s.get("items")):
        yield ("security",), msg("describe the technical and organisational security measures (Art. 30(1)(g)) under "
                                 "'security.electronic' and 'security.manual'")


SECRETS = (r"\b\d{1,3}(\.\d{1,3}){3}\b|salasana\s*[:=]|password\s*[:=]|lösenord\s*[:=]|"
           r"\w-*\.(local|internal|lan|corp)\b|\b(windows server|apache|nginx|openssh|mysql|postgresql)\s+\d")


@legal_check("L30", "warning", "GDPR 5(1)(f); 32", framework=FW, scope="HN")
def no_secrets(ctx: Context):
    """The security text gives principles only: no passwords, IP addresses, host names or versions."""
    for key, value in ctx.data["security"].items():
        if mentions(value, SECRETS):
            yield ("security", key), msg("this text reveals security details (an address, host name, password or "
                                         "software version) that help an attacker: describe principles only")


LEGACY = r"henkilötietolai|523/1999|personuppgiftslag|personal data act"


@legal_check("L32", "warning", "Tietosuojalaki 1050/2018; GDPR 99(2)", framework=FW)
def repealed_act(ctx: Context):
    """A GDPR notice does not cite the repealed Henkilötietolaki 523/1999 as law in force."""
    for path, value in _prose(ctx.data):
        if mentions(value, LEGACY):
            yield path, msg("this text cites Henkilötietolaki 523/1999, repealed on 1.1.2019 by Tietosuojalaki 1050/2018 "
                            "(the GDPR applies since 25.5.2018): cite the GDPR and Tietosuojalaki instead")


@legal_check("L33", "warning", "Tietoyhteiskuntakaari 917/2014", framework=FW)
def repealed_svtsl(ctx: Context):
    """A notice does not cite the Act on the Protection of Privacy in Electronic Communications 516/2004."""
    if date_of(ctx.data) < "2015-01-01":
        return
    for path, value in _prose(ctx.data):
        if mentions(value, r"516/2004|sähköisen viestinnän tietosuojalai|lagen om dataskydd vid elektronisk"):
            yield path, msg("Act 516/2004 was replaced on 1.1.2015 by the Information Society Code 917/2014 (since 2021 "
                            "the Act on Electronic Communications Services): cite 917/2014")


def _prose(d: dict):
    for key in ("purposes", "data_categories", "recipients", "sources", "security", "transfers", "rights",
                "provision_requirement"):
        if key in d:
            yield (key,), d[key]
    if d["document"].get("legal_reference"):
        yield ("document", "legal_reference"), d["document"]["legal_reference"]


@legal_check("L34", "warning", "GDPR 13(3); 14(4)", framework=FW)
def further_processing(ctx: Context):
    """Further processing is announced before it starts."""
    if ctx.data.get("further_processing"):
        yield ("further_processing",), msg("the data subjects must receive this information before the further processing "
                                           "starts (Art. 13(3), 14(4)): publish this version of the notice, and inform "
                                           "them directly, before the new use begins"), True


def invalid_business_id(data: dict) -> str | None:
    """The controller's Business ID when its check digit does not match (L35 of both frameworks)."""
    value = data["controller"].get("business_id")
    return value if value and not ytunnus.is_valid(value) else None


def bad_postal_codes(data: dict, keys: tuple[str, ...]):
    """The paths of Finnish postal codes that are not five digits, in the addresses of `keys` (L36)."""
    for key in keys:
        for i, a in enumerate((data.get(key) or {}).get("addresses") or []):
            if a.get("country", "FI") == "FI" and "postal_code" in a and not re.fullmatch(r"\d{5}", str(a["postal_code"])):
                yield key, "addresses", i, "postal_code"


@legal_check("L35", "error", "Y-tunnus (PRH/YTJ format)", framework=FW, scope="NR")
def business_id(ctx: Context):
    """The Business ID's check digit is valid."""
    value = invalid_business_id(ctx.data)
    if value:
        yield ("controller", "business_id"), msg("the Business ID {value} is not valid (its check digit does not "
                                                 "match): copy it from the trade register (ytj.fi)", value=value)


@legal_check("L36", "warning", "GDPR 13(1)(a); 12(2)", framework=FW, scope="NR")
def postal_codes(ctx: Context):
    """Finnish postal codes have five digits."""
    for path in bad_postal_codes(ctx.data, ("controller", "contact", "dpo")):
        yield path, msg("a Finnish postal code has five digits, for example 00530: check it")


@legal_check("L37", "info", "GDPR 12(1); WP260 rev.01", framework=FW)
def layered_notice(ctx: Context):
    """A long notice is easier to read in layers."""
    words = sum(len(t.split()) for t in texts(ctx.data)) // max(1, len(ctx.data["languages"]))
    if words > 2500:
        yield ("purposes",), msg("the notice has about {words} words per language: consider a layered notice, with the "
                                 "controller, purposes, rights and how to complain on the first layer (WP260 rev.01)",
                                 words=words)


@legal_check("L38", "warning", "GDPR 17(3); 20(1); 21", framework=FW)
def rights_not_promised(ctx: Context):
    """The register's own texts do not promise rights the legal bases do not give."""
    own = (ctx.data.get("rights") or {}).get("how_to_exercise")
    if own and not (gdpr.bases(ctx.data) & set("ab")) and \
            mentions(own, r"siirtää tiedot järjestelmästä toiseen|siirrettävyy|portability|dataportabilitet|"
                          r"flytta uppgifter"):
        yield ("rights", "how_to_exercise"), msg("data portability exists only for processing based on consent or a "
                                                 "contract (Art. 20(1)), and no purpose here is: do not promise it")


@legal_check("L40", "warning", "GDPR 30(5)", framework=FW, scope="R")
def art30_exemption(ctx: Context):
    """The Art. 30(5) exemption rarely applies to a register."""
    if ctx.data.get("art30_5_exemption"):
        yield ("art30_5_exemption",), msg("the Art. 30(5) exemption (fewer than 250 employees) does not apply when the "
                                          "processing is not occasional — a customer register is not — or is likely to "
                                          "result in a risk, or includes Art. 9 or 10 data: keep the record"), True


# ---- coverage of the statutory items -----------------------------------------------------------

def _item(item: str, applies, field: str | None, present: bool, na_reason: str = "") -> CoverageItem:
    """One row of a coverage table: `field` is the register's keys (as the lawyer writes them, never
    translated) or a message naming them; `na_reason` a message. Every other word is a message."""
    if not applies:
        return CoverageItem(item, "not_applicable", reason=na_reason)
    if present:
        return CoverageItem(item, "satisfied", field=field or "")
    return CoverageItem(item, "missing", reason=msg("add '{field}'", field=field))


def coverage(loaded: LoadedFile, facts: Facts) -> list[Coverage]:
    d = loaded.data
    has_f = "f" in gdpr.bases(d)
    consent = "a" in gdpr.bases(d) or any(c["condition"] == "a" for c in
                                           (d.get("special_categories") or {}).get("items", []))
    transfers = d["transfers"]["outside_eea"]
    recipients = bool(d.get("recipients") or d.get("processors"))
    exemption = d.get("art14_exemption")

    def common(n: dict[str, str]) -> list[CoverageItem]:
        return [
            _item(n["controller"], True, "controller", bool(d["controller"].get("name"))),
            _item(n["dpo"], bool(d.get("dpo")) or bool(d.get("public_authority")), "dpo", bool(d.get("dpo")),
                  msg("no data protection officer is designated (dpo not given) and the controller is not a public "
                      "authority")),
            _item(n["purposes"], True, "purposes.items[].purpose, legal_basis", bool(d["purposes"]["items"])),
            _item(n["interests"], has_f, "purposes.items[].legitimate_interest",
                  all(p.get("legitimate_interest") for _, p in purposes(d) if p["legal_basis"] == "f"),
                  msg("no purpose rests on legitimate interests (Art. 6(1)(f))")),
            _item(n["recipients"], True, "recipients, processors", recipients),
            _item(n["transfers"], True, "transfers" + (".items" if transfers else ".outside_eea"),
                  (not transfers) or bool(d["transfers"].get("items"))),
            _item(n["retention"], True, "data_categories.retention / items[].retention", True),
            _item(n["rights"], True, msg("rights (standard text by legal basis)"), True),
            _item(n["withdraw"], consent, msg("rights (withdraw_consent, printed for basis a)"), True,
                  msg("no processing rests on consent (Art. 6(1)(a), 9(2)(a))")),
            _item(n["complaint"], True, msg("rights (complaint; data/supervisory-authority.yaml)"),
                  facts.authority(date_of(d)) is not None),
            _item(n["automated"], True, "automated_decisions", True),
        ]

    out = []
    if gdpr.from_subject(d):
        items = common({"controller": "13(1)(a)", "dpo": "13(1)(b)", "purposes": "13(1)(c)",
                              "interests": "13(1)(d)", "recipients": "13(1)(e)", "transfers": "13(1)(f)",
                              "retention": "13(2)(a)", "rights": "13(2)(b)", "withdraw": "13(2)(c)",
                              "complaint": "13(2)(d)", "automated": "13(2)(f)"})
        items.append(_item("13(2)(e)", True, "provision_requirement", bool(d.get("provision_requirement"))))
        items.sort(key=lambda i: i.item)        # the article's order: the codes sort as text
        out.append(Coverage(loaded.path, msg("privacy notice, data collected from the data subject (GDPR Art. 13)"),
                            tuple(items)))
    if gdpr.from_elsewhere(d):
        items = common({"controller": "14(1)(a)", "dpo": "14(1)(b)", "purposes": "14(1)(c)",
                              "interests": "14(2)(b)", "recipients": "14(1)(e)", "transfers": "14(1)(f)",
                              "retention": "14(2)(a)", "rights": "14(2)(c)", "withdraw": "14(2)(d)",
                              "complaint": "14(2)(e)", "automated": "14(2)(g)"})
        items += [_item("14(1)(d)", True, "data_categories.items", bool(d["data_categories"]["items"])),
                  _item("14(2)(f)", True, "sources.external.items[].source, publicly_accessible",
                        bool(d["sources"]["external"]["items"]))]
        items.sort(key=lambda i: i.item)
        if exemption:
            items = [CoverageItem(i.item, "not_applicable", reason=msg(
                "Art. 14(5)({point}) exemption declared in art14_exemption", point=exemption["exemption"]))
                for i in items]
        out.append(Coverage(loaded.path, msg("privacy notice, data from other sources (GDPR Art. 14)"), tuple(items)))
    record = [
        _item("30(1)(a)", True, "controller, dpo, joint_controllers, controller.representative",
              bool(d["controller"].get("name"))),
        _item("30(1)(b)", True, "purposes.items[].purpose", bool(d["purposes"]["items"])),
        _item("30(1)(c)", True, "data_subjects, data_categories", bool(d.get("data_subjects")) and
              bool(d["data_categories"]["items"])),
        _item("30(1)(d)", True, "recipients, processors", recipients),
        _item("30(1)(e)", transfers, "transfers.items[].country", bool(d["transfers"].get("items")),
              msg("no transfers outside the EU/EEA (transfers.outside_eea: false)")),
        _item("30(1)(f)", True, "data_categories.retention / items[].retention", True),
        _item("30(1)(g)", True, "security", bool(d.get("security"))),
    ]
    out.append(Coverage(loaded.path, msg("record of processing activities (GDPR Art. 30(1))"), tuple(record)))
    return out
