"""Dated facts about the law, read from policy-gen's data files (policy_gen/data/).

Facts that change over time (the supervisory authority's details, the
Commission's adequacy decisions, the EU/EEA territory) are data with the dates
they hold for, never text in a template or in code. They are read here, once per
process, and handed to the frameworks' builders and checks, which do no I/O.
When a fact changes, edit its data file: each says how.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from .loader import load_file
from .resources import resource_dir


@dataclass(frozen=True)
class Decision:
    """One adequacy decision of the Commission (GDPR Art. 45)."""
    country: str                     # ISO 3166 code
    scope: str                       # "all", or what it covers ("commercial organisations", …)
    in_force_from: str
    in_force_to: str | None          # the last day; None while in force
    end_unconfirmed: bool            # the data say the end date is not confirmed
    reference: str

    def in_force_on(self, date: str) -> bool:
        return self.in_force_from <= date and (self.in_force_to is None or date <= self.in_force_to)

    @property
    def limited(self) -> bool:
        return self.scope != "all"


@dataclass(frozen=True)
class Facts:
    authorities: tuple[dict, ...]            # the supervisory authority's details, oldest first
    decisions: tuple[Decision, ...] = ()     # adequacy decisions
    eea: frozenset[str] = frozenset()        # ISO codes within which sending data is no transfer
    territory_notes: tuple[tuple[str, str], ...] = ()   # code -> "the Åland Islands, part of Finland"

    def authority(self, date: str) -> dict | None:
        """The authority's details in force on `date` (ISO), or None before the first entry."""
        found = None
        for entry in self.authorities:
            if entry["valid_from"] <= date:
                found = entry
        return found

    def decision_in_force(self, country: str, date: str) -> Decision | None:
        """The adequacy decision for `country` in force on `date` (ISO), if any."""
        return next((d for d in self.decisions if d.country == country and d.in_force_on(date)), None)

    def decisions_for(self, country: str) -> tuple[Decision, ...]:
        return tuple(d for d in self.decisions if d.country == country)

    def territory_note(self, code: str) -> str | None:
        """'the Åland Islands, part of Finland' for AX; None for a code that is a state itself."""
        return dict(self.territory_notes).get(code)


def _decisions(entries: list[dict]) -> tuple[Decision, ...]:
    out = []
    for entry in entries:
        end = entry.get("in_force_to")
        out.append(Decision(entry["country"], entry["scope"], entry["in_force_from"],
                            None if end in (None, "unconfirmed") else end, end == "unconfirmed",
                            entry["reference"]))
    return tuple(out)


@cache
def load_facts() -> Facts:
    data = resource_dir("data")
    authorities = load_file(data / "supervisory-authority.yaml").data["authorities"]
    territory = load_file(data / "eu-eea-territory.yaml").data
    return Facts(
        authorities=tuple(sorted(authorities, key=lambda a: a["valid_from"])),
        decisions=_decisions(load_file(data / "adequacy-decisions.yaml").data["decisions"]),
        eea=frozenset(territory["eu_member_states"]) | frozenset(territory["eea_only"])
        | frozenset(territory["eu_territories"]),
        territory_notes=tuple(sorted(territory["eu_territories"].items())))
