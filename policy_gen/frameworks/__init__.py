"""One builder per legal framework: validated register + language -> Document."""
from __future__ import annotations

from ..i18n import Messages
from ..model import Document, localise
from ..registers import Register
from . import henkilotietolaki_10

BUILDERS = {
    "henkilotietolaki-10": henkilotietolaki_10.build,
}


def build_document(register: Register, lang: str) -> Document:
    framework = register.data["framework"]
    data = localise(register.data, lang)
    return BUILDERS[framework](register.id, data, Messages(lang, framework))
