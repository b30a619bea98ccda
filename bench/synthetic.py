"""Synthetic registers of realistic size, in fi, sv and en, for the benchmark and scale tests.

Each register has the example's shape (nine sections, ~40 texts, each in three
languages), with varied names, so that no two registers render alike.
"""
from __future__ import annotations

import random
from pathlib import Path

MODELINE = "# yaml-language-server: $schema=../schemas/henkilotietolaki-10.schema.json\n"
WORDS = ("asiakas tieto rekisteri palvelu käsittely kumppani laskutus tuki hallinto markkinointi "
         "yhteys osoite puhelin sähköposti henkilö sopimus asiakirja luettelo järjestelmä").split()


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _texts(rng: random.Random, words: int, indent: str) -> str:
    """A text in fi, sv and en as a YAML flow mapping."""
    return "{" + ", ".join(f"{lang}: \"{_text(rng, words)}\"" for lang in ("fi", "sv", "en")) + "}"


def _list(rng: random.Random, count: int, words: int, indent: str) -> str:
    return "".join(f"{indent}- {_texts(rng, words, indent)}\n" for _ in range(count))


def register_yaml(n: int) -> str:
    rng = random.Random(n)
    section = lambda items: ("  intro:\n" + _list(rng, 1, 25, "    ") + "  items:\n"
                             + _list(rng, items, 6, "    ") + "  notes:\n" + _list(rng, 1, 15, "    "))
    return (
        MODELINE
        + "framework: henkilotietolaki-10\nlanguages: [fi, sv, en]\n"
        + f"document:\n  date: 2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n"
        + f"controller:\n  name: Yhtiö {n} Oy\n  business_id: 2039096-6\n"
        + "  addresses:\n    - kind: visiting\n      street: Niittykatu 28\n      postal_code: 04400\n"
        + "      city: {fi: Järvenpää, sv: Träskända, en: Järvenpää}\n"
        + "    - kind: postal\n      street: {fi: PL 800, sv: PB 800, en: P.O. Box 800}\n"
        + "      postal_code: 00531\n      city: {fi: Helsinki, sv: Helsingfors, en: Helsinki}\n"
        + f"  phone: +358 9 3157 {6000 + n % 4000}\n  email: tietosuoja{n}@example.fi\n"
        + "contact:\n  name: {fi: Asiakaspalvelu, sv: Kundtjänst, en: Customer service}\n"
        + "  email: tuki@example.fi\n"
        + f"register_name: {_texts(rng, 3, '')}\n"
        + "purpose:\n" + section(8) + "data_content:\n" + section(8) + "sources:\n" + section(4)
        + "  external:\n    items:\n"
        + "".join(f"      - source: Lähde {i} Oy\n        provides: {_texts(rng, 6, '')}\n" for i in range(4))
        + "disclosures:\n" + section(3) + "transfers:\n  outside_eea: false\n"
        + "security:\n  intro:\n" + _list(rng, 1, 12, "    ") + "  electronic:\n" + _list(rng, 2, 20, "    ")
        + "  manual:\n" + _list(rng, 1, 12, "    ")
    )


def write_registers(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(count):
        path = folder / f"register-{n:04d}.yaml"
        path.write_text(register_yaml(n), "utf-8")
        paths.append(path)
    return paths
