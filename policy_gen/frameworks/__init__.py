"""One builder per legal framework: validated register + language -> Document.

A framework may give more than one kind of document from the same register:
"public" (published and listed on the index) and, for some, "record" (an
internal document such as the GDPR Art. 30 record, built only on request).
"""
from __future__ import annotations

from ..i18n import Messages
from ..model import Document, localise
from ..registers import Register
from . import gdpr, henkilotietolaki_10

PUBLIC, RECORD = "public", "record"

# framework -> {document kind -> builder(register_id, localised data, messages) -> Document}
BUILDERS = {
    "henkilotietolaki-10": {PUBLIC: henkilotietolaki_10.build},
    "gdpr": {PUBLIC: gdpr.build_notice, RECORD: gdpr.build_record},
}


def kinds(framework: str) -> tuple[str, ...]:
    return tuple(BUILDERS[framework])


def build_document(register: Register, lang: str, kind: str = PUBLIC) -> Document:
    framework = register.data["framework"]
    data = localise(register.data, lang)
    return BUILDERS[framework][kind](register.id, data, Messages(lang, framework))
