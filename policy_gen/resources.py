"""Where the tool's own files are: templates, schemas and catalogues.

In a checkout they sit at the top of the repository; in an installed wheel
they are packed inside the package (see pyproject.toml, force-include).
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


@cache
def resource_dir(name: str) -> Path:
    for candidate in (_HERE / name, _HERE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"policy-gen is incomplete: its '{name}' folder is missing")


def templates_dir() -> Path:
    return resource_dir("templates")


def assets_dir() -> Path:
    return templates_dir() / "assets"


def schemas_dir() -> Path:
    return resource_dir("schemas")


def locales_dir() -> Path:
    return resource_dir("locales")
