"""Dated facts about the law, read from policy-gen's data files (policy_gen/data/).

Facts that change over time (the supervisory authority's details, …) are data
with the dates they hold for, never text in a template. They are read here, once
per process, and handed to the frameworks' builders and checks, which do no I/O.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .loader import load_file
from .resources import resource_dir


@dataclass(frozen=True)
class Facts:
    authorities: tuple[dict, ...]      # the supervisory authority's details, oldest first

    def authority(self, date: str) -> dict | None:
        """The authority's details in force on `date` (ISO), or None before the first entry."""
        found = None
        for entry in self.authorities:
            if entry["valid_from"] <= date:
                found = entry
        return found


@cache
def load_facts() -> Facts:
    data = resource_dir("data")
    authorities = load_file(data / "supervisory-authority.yaml").data["authorities"]
    return Facts(authorities=tuple(sorted(authorities, key=lambda a: a["valid_from"])))
