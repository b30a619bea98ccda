"""The legal checks of a Henkilötietolaki 523/1999 § 10 rekisteriseloste (the project's legal
reference §4, scope H), and the coverage of the five items of 10 §."""
from __future__ import annotations


from ..diagnostics import msg
from ..facts import Facts
from ..legal import Context, Coverage, legal_check
from ..loader import LoadedFile
from .gdpr_legal import SECRETS, _item, bad_postal_codes, invalid_business_id, mentions, reachable, texts, vague
from .henkilotietolaki_10 import FRAMEWORK

FW = FRAMEWORK.name


@legal_check("L01", "error", "HetiL 10 § 1 k.", framework=FW, scope="H")
def controller_identity(ctx: Context):
    """The controller's name and at least one contact channel (address, e-mail or phone)."""
    if not reachable(ctx.data["controller"]):
        yield ("controller",), msg("HetiL 10 § 1 requires the controller's contact details: add an address, e-mail or "
                                "phone under 'controller'")


@legal_check("L04", "error", "HetiL 10 § 2 k.", framework=FW, scope="H")
def specific_purposes(ctx: Context):
    """The purpose is specific: not a bare 'marketing' or 'other purposes'."""
    for i, item in enumerate(ctx.data["purpose"].get("items") or []):
        if any(vague(t) for t in texts(item)):
            yield ("purpose", "items", i), msg("this purpose is too general (HetiL 10 § 2, 7 §): say what the data are "
                                            "used for")


@legal_check("L12", "error", "HetiL 10 § 4 k.", framework=FW, scope="H")
def transfers_answer(ctx: Context):
    """Whether data are transferred outside the EU/EEA is answered consistently."""
    t = ctx.data["transfers"]
    if not t["outside_eea"] and mentions([t.get("intro"), t.get("items")], r"\bsiirretään\b|\bare transferred\b|"
                                                                            r"\böverförs\b") \
            and not mentions([t.get("intro"), t.get("items")], r"\bei\b|\bnot\b|\binte\b"):
        yield ("transfers", "outside_eea"), msg("'outside_eea' is false, but the text says data are transferred: make "
                                             "them agree")


@legal_check("L28", "error", "HetiL 10 § 4 k.; GDPR 4(9)", framework=FW, scope="H")
def processors_disclosed(ctx: Context):
    """Outsourced processing is not contradicted by 'data are disclosed to no one'."""
    d = ctx.data
    if mentions(d["purpose"], r"ulkoist|outsourc|lagts ut|alihankkij") and \
            mentions(d["disclosures"], r"kenellekään|to anyone|to no one|till någon|till ingen"):
        yield ("disclosures",), msg("the purpose says processing is outsourced, but this section says data are disclosed "
                                 "to no one: name the service providers who receive the data")


_DESCRIBE_MATERIAL = {
    "manual": msg("describe the protection of the manual material, or say there is none (HetiL 10 § 5; the model "
                  "form's A and B)"),
    "electronic": msg("describe the protection of the electronic material, or say there is none (HetiL 10 § 5; "
                      "the model form's A and B)")}


@legal_check("L29", "error", "HetiL 10 § 5 k.", framework=FW, scope="H")
def security_both(ctx: Context):
    """Both the manual (A) and the electronic (B) material are described, or their absence stated."""
    for key in ("manual", "electronic"):
        if not ctx.data["security"].get(key):
            yield ("security",), _DESCRIBE_MATERIAL[key]


@legal_check("L30", "warning", "HetiL 32 §; HetiL 10 § 5 k.", framework=FW, scope="H")
def no_secrets(ctx: Context):
    """The security text gives principles only: no passwords, IP addresses, host names or versions."""
    for key, value in ctx.data["security"].items():
        if mentions(value, SECRETS):
            yield ("security", key), msg("this text reveals security details (an address, host name, password or "
                                      "software version): describe the principles only")


@legal_check("L31", "error", "HetiL 10 § 3 k.", framework=FW, scope="H")
def data_content(ctx: Context):
    """The data content names both the data subjects and the data kept about them."""
    section = ctx.data["data_content"]
    if not section.get("items") and not section.get("intro"):
        yield ("data_content",), msg("HetiL 10 § 3 requires the groups of data subjects and their data: list them")


@legal_check("L32", "warning", "Tietosuojalaki 1050/2018; GDPR 99(2)", framework=FW, scope="H")
def dated_after_repeal(ctx: Context):
    """A rekisteriseloste is not dated after Henkilötietolaki was repealed (1.1.2019)."""
    document = ctx.data["document"]
    for key in ("updated", "date"):
        if document.get(key) and document[key] >= FRAMEWORK.repealed:
            yield ("document", key), msg(
                "this rekisteriseloste is dated {date}, after Henkilötietolaki 523/1999 was repealed on "
                "1.1.2019 (Tietosuojalaki 1050/2018; the GDPR applies since 25.5.2018): a document written now "
                "is a GDPR privacy notice ('policy-gen migrate' makes one from this register)", date=document[key])
            return


@legal_check("L35", "error", "Y-tunnus (PRH/YTJ format)", framework=FW, scope="H")
def business_id(ctx: Context):
    """The Business ID's check digit is valid."""
    value = invalid_business_id(ctx.data)
    if value:
        yield ("controller", "business_id"), msg("the Business ID {value} is not valid: copy it from the trade "
                                                 "register", value=value)


@legal_check("L36", "warning", "HetiL 10 § 1 k.", framework=FW, scope="H")
def postal_codes(ctx: Context):
    """Finnish postal codes have five digits."""
    for path in bad_postal_codes(ctx.data, ("controller", "contact")):
        yield path, msg("a Finnish postal code has five digits: check it")


@legal_check("L39", "info", "HetiL 24 §; 26 §", framework=FW, scope="H")
def form_sections(ctx: Context):
    """The model form's contact, register name and regular sources are recommended though 10 § does not require them."""
    if not ctx.data.get("sources"):
        yield ("data_content",), msg("the Ombudsman's model form also gives the regular sources of data (section 6; "
                                  "HetiL 26 § makes them part of the right of access): consider adding 'sources'")
    if not ctx.data.get("contact"):
        yield ("controller",), msg("the Ombudsman's model form also names a contact for register matters (section 2): "
                                "consider adding 'contact'")
    if not ctx.data.get("register_name"):
        yield ("controller",), msg("the Ombudsman's model form also names the register (section 3): consider "
                                   "adding 'register_name'")


def coverage(loaded: LoadedFile, facts: Facts) -> list[Coverage]:
    d = loaded.data
    c = d["controller"]
    items = (
        _item("10 § 1", True, "controller (+ controller.representative)", bool(c.get("name")) and reachable(c)),
        _item("10 § 2", True, "purpose", bool(d.get("purpose"))),
        _item("10 § 3", True, "data_content", bool(d.get("data_content"))),
        _item("10 § 4", True, "disclosures, transfers.outside_eea",
              bool(d.get("disclosures")) and "outside_eea" in d["transfers"]),
        _item("10 § 5", True, "security.manual, security.electronic",
              bool(d["security"].get("manual") and d["security"].get("electronic"))),
    )
    return [Coverage(loaded.path, msg("rekisteriseloste (Henkilötietolaki 523/1999 10 §)"), items)]
