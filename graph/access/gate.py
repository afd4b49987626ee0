"""The policy gate: one viewer's decisions for every coordinate, row scope, and what may decide.

Built per request from the verified viewer and the loaded policies; it remembers what it decided
for each coordinate so the audit record can say exactly what was shown, masked or refused.

The rule it enforces (docs/confidentiality.md): a value shown, a row's presence, its order, a label,
a count, a match or an error may depend only on fields the viewer may see in clear. So besides
deciding fields, the gate answers three questions every entry point asks through it: which persons
the viewer may know of at all (`visible`), whether a derived fact may be used (`derived`), and
whether a root field may be asked (`require`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from graphql import GraphQLError

from graph.access.policy import PolicySet, Rule, fold
from graph.access.present import FORBIDDEN, PURPOSE_REQUIRED, Masked, Refusal
from graph.access.viewer import Viewer
from graph.common.facets import FACETS
from graph.common.timezone import today
from graph.identity.index import ENTITY_BIT, Derived, IdentityIndex, Person

MASKS: dict[str, Callable[[str, Mapping[str, Any]], str]] = {
    "last4": lambda value, record: "*" * max(len(value) - 4, 0) + value[-4:] if len(value) > 4 else "****",
    "year": lambda value, record: value[:4],
    "ward": lambda value, record: str(record.get("ward") or ""),
}
SECTOR = frozenset({"Employer.sector", "Employer.sectorListings", "SectorListing.sector"})
"""An employer's sector: its registry's, and any sector department's list naming it."""
EMPLOYER_WARD = frozenset({"Employer.ward"})


class PolicyGate:
    def __init__(self, policies: PolicySet, viewer: Viewer, index: IdentityIndex) -> None:
        self.policies = policies
        self.viewer = viewer
        self.index = index
        self.scope = policies.agencies[viewer.agency].scope if viewer.agency in policies.agencies else "none"
        self.rules: dict[str, Rule] = {}
        self.decided: dict[tuple[str, str], tuple[str, str]] = {}
        """(type, field) → (its coordinate, its verdict): what presenting a value asks first."""
        self.verdicts: dict[str, str] = {}
        """coordinate → allow / mask / deny / purpose_required, as decided for this request."""
        self.unclear: dict[tuple[str, ...] | frozenset[str], list[str]] = {}
        self.entities = frozenset(e for facet, e in FACETS.items() if self.may_read("Worker", facet))
        """The kinds of person record the viewer may see at all."""
        self.kinds = sum(ENTITY_BIT[entity] for entity in self.entities)
        """The same, as the bits of graph/identity/index.py `Person.kinds`."""
        self.today = today()
        """The day ward scope is judged on: once per request, not once per worker scanned."""

    def rule(self, coordinate: str) -> Rule:
        rule = self.rules.get(coordinate)
        if rule is None:
            rule = self.rules[coordinate] = self.policies.rule(
                self.viewer.agency, self.viewer.role, coordinate
            )
        return rule

    def verdict(self, coordinate: str) -> str:
        rule = self.rule(coordinate)
        if rule.effect == "deny":
            return "deny"
        if rule.purpose and not self.viewer.purpose:
            return "purpose_required"
        return rule.effect

    def __call__(self, type_name: str, field: str, value: Any, record: Mapping[str, Any]) -> Any:
        decided = self.decided.get((type_name, field))
        if decided is None:  # once per field a request shows, not once per value
            coordinate = f"{type_name}.{field}"
            decided = self.decided[type_name, field] = (coordinate, self.verdict(coordinate))
        coordinate, verdict = decided
        self.verdicts[coordinate] = verdict
        if verdict == "deny":
            return FORBIDDEN
        if verdict == "purpose_required":
            return PURPOSE_REQUIRED
        if isinstance(value, Refusal):
            return value
        if verdict == "mask" and value is not None:
            return Masked(MASKS[self.rule(coordinate).mask or ""](str(value), record))
        return value

    def require(self, type_name: str, field: str) -> None:
        """Refuse a root field (or a field resolved by code of its own) the viewer may not ask."""
        refusal = self(type_name, field, None, {})
        if isinstance(refusal, Refusal):
            raise refusal.error()

    def may_read(self, type_name: str, field: str) -> bool:
        return self.verdict(f"{type_name}.{field}") in ("allow", "mask")

    def unseen(self, coordinates: tuple[str, ...] | frozenset[str]) -> list[str]:
        """The coordinates this viewer cannot see in clear. Compliance and derived facts ask the
        same question for every worker of a page, so answers are kept per request."""
        found = self.unclear.get(coordinates)
        if found is None:
            found = self.unclear[coordinates] = [c for c in coordinates if self.verdict(c) != "allow"]
        return found

    def full_access(self, coordinates: Iterable[str]) -> bool:
        """Whether the viewer may list every worker of the city and sees these coordinates in clear
        without stating a purpose: who may read each person's value anyway, so a small count tells
        it nothing its policy does not show (statistics suppress small counts for anyone else)."""
        return self.scope == "city" and all(
            (rule := self.rule(coordinate)).effect == "allow" and not rule.purpose
            for coordinate in coordinates
        )

    def derived(self, fact: Derived) -> Any:
        """A derived fact's value if the viewer sees its whole basis in clear; else nothing."""
        return None if self.unseen(fact.basis) else fact.value

    def hidden(self, coordinates: Iterable[str]) -> list[str]:
        """The coordinates this viewer cannot see in clear, each recorded as refused: what may not
        be used to decide anything the viewer asked for."""
        key = tuple(coordinates)
        first = key not in self.unclear
        found = self.unseen(key)
        if first:  # recorded once, as before: a later decision on the field itself stands
            for coordinate in found:
                self.verdicts[coordinate] = "deny"
        return found

    def require_clear(self, coordinates: Iterable[str]) -> None:
        hidden = self.hidden(coordinates)
        if hidden:
            needs_purpose = any(self.verdict(c) == "purpose_required" for c in hidden)
            refusal: Refusal = PURPOSE_REQUIRED if needs_purpose else FORBIDDEN
            raise GraphQLError(refusal.message, extensions={"code": refusal.code})

    def visible(self, persons: Iterable[Person]) -> Iterator[Person]:
        """The persons the viewer may know of: in its row scope, and with at least one record of a
        kind it may see. The one way every entry point finds persons, so none shows more."""
        seen = self.kinds
        if self.scope == "city":  # the common case, and the one that scans a whole city
            return (person for person in persons if person.kinds & seen)
        return (person for person in persons if person.kinds & seen and self.in_scope(person))

    def employer_in_scope(self, code: str) -> bool:
        """Whether a listing may name an employer: a sector department lists those of its sector, a
        ward those registered in its ward, each only if it sees what says so in clear."""
        if self.scope == "city":
            return True
        if self.scope == "sector":
            return self.in_sector(code)
        if self.scope == "ward":
            ward = fold(self.viewer.ward)
            registered = self.index.snapshot.references["Employer"].get(code, [])
            return (
                bool(ward)
                and not self.unseen(EMPLOYER_WARD)
                and any(fold(link.facts.get("ward")) == ward for link in registered)
            )
        return False

    def in_sector(self, code: str | None) -> bool:
        """Whether the employer is in the viewer's sector: as its registry records it, or as a sector
        department's list (giao_duc, van_hoa, du_lich) names it, which knows its own institutions
        better than a registry's main line of business does."""
        sector = fold(self.viewer.sector)
        references = self.index.snapshot.references
        links = [
            *references["Employer"].get(code or "", []),
            *references["SectorListing"].get(code or "", []),
        ]
        return (
            bool(sector)
            and not self.unseen(SECTOR)
            and any(fold(link.facts.get("sector")) == sector for link in links)
        )

    def in_scope(self, person: Person) -> bool:
        if self.scope == "city":
            return True
        if self.scope == "ward":
            ward = fold(self.viewer.ward)
            return bool(ward) and fold(self.derived(person.residence(self.today))) == ward
        if self.scope == "sector":
            return self.in_sector(self.derived(person.employer))
        return False
