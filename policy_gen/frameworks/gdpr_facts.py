"""Dated facts the GDPR framework relies on, read from policy_gen/data/:

- the EU/EEA territory (eu-eea-territory.yaml): sending data there is no transfer (Chapter V);
- the Commission's adequacy decisions (adequacy-decisions.yaml), each in force from–to:
  `adequacy` is a lawful transfer basis only for a country with a decision in force on
  the notice's date (Art. 45).
Facts are data, never text in code: when a decision is made or falls, edit the data file.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ..loader import load_file
from ..resources import resource_dir


@cache
def _territory() -> dict:
    return load_file(resource_dir("data") / "eu-eea-territory.yaml").data


@cache
def eea() -> frozenset[str]:
    """ISO codes of the EU member states, the other EEA states, and the parts of member
    states with codes of their own that are EU territory (Åland, the outermost regions)."""
    data = _territory()
    return frozenset(data["eu_member_states"]) | frozenset(data["eea_only"]) | frozenset(data["eu_territories"])


def eu_territory_note(code: str) -> str | None:
    """'the Åland Islands, part of Finland' for AX; None for a code that is a state itself."""
    return _territory()["eu_territories"].get(code)


@dataclass(frozen=True)
class Decision:
    country: str
    scope: str
    in_force_from: str
    in_force_to: str | None          # the last day; None while in force
    end_unconfirmed: bool            # the data say the end date is not confirmed
    reference: str

    def in_force_on(self, date: str) -> bool:
        return self.in_force_from <= date and (self.in_force_to is None or date <= self.in_force_to)

    @property
    def limited(self) -> bool:
        return self.scope != "all"


@cache
def decisions() -> tuple[Decision, ...]:
    out = []
    for entry in load_file(resource_dir("data") / "adequacy-decisions.yaml").data["decisions"]:
        end = entry.get("in_force_to")
        out.append(Decision(entry["country"], entry["scope"], entry["in_force_from"],
                            None if end in (None, "unconfirmed") else end, end == "unconfirmed",
                            entry["reference"]))
    return tuple(out)


def decision_in_force(country: str, date: str) -> Decision | None:
    """The adequacy decision for `country` in force on `date` (ISO), if any."""
    for decision in decisions():
        if decision.country == country and decision.in_force_on(date):
            return decision
    return None


def decisions_for(country: str) -> tuple[Decision, ...]:
    return tuple(d for d in decisions() if d.country == country)
