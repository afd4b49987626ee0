"""Policies as data: load `policies/`, place every schema coordinate in a group, decide it per agency.

The files are the product's confidentiality rules, so loading is strict: a malformed file stops the
server with the file and line at fault, a pattern that matches nothing is a typo, and a coordinate
that no group places, or an agency that does not decide a group, is denied (fail closed). A ward- or
sector-scoped agency lists the wards or sectors its tokens may name, so a token's claims are checked
against the policy rather than trusted alone.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from graphql import GraphQLObjectType, GraphQLSchema, GraphQLString, get_named_type

from graph.access.viewer import Viewer

MASKS = ("last4", "year", "ward")
SCOPES = ("city", "ward", "sector")
SCOPE_LISTS = {"ward": "wards", "sector": "sectors"}
"""A scoped policy's key listing the values its tokens may name."""
KEYS = ("agency", "scope", *SCOPE_LISTS.values(), "roles", "decisions")
"""An agency policy file's top-level keys: any other is a typo."""
EFFECTS = ("allow", "mask", "deny")
DEFAULT_DIRECTORY = Path(str(resources.files("graph.policies")))
"""The policies shipped with the package: the project's policies/ folder (package data graph.policies)."""


class PolicyError(Exception):
    """A policy file is wrong; the message names the file and line."""


class ScopeError(Exception):
    """A viewer's ward or sector is missing or not one its agency's policy lists; safe to show."""


@dataclass(frozen=True)
class Rule:
    """One decision for one coordinate, and where it was written (for `policy explain`)."""

    effect: str
    mask: str | None = None
    purpose: bool = False
    origin: str = "no rule: denied by default"


DENY = Rule("deny")


@dataclass(frozen=True)
class AgencyPolicy:
    agency: str
    scope: str
    roles: frozenset[str]
    rules: dict[str, Rule]
    scope_values: frozenset[str] = frozenset()
    """The wards or sectors (folded) a ward- or sector-scoped agency's tokens may name."""
    scope_names: tuple[str, ...] = ()
    """The same as the policy file spells them, for the demo console's sign-in picker."""


@dataclass(frozen=True)
class PolicySet:
    groups: dict[str, str]
    """schema coordinate → group"""
    agencies: dict[str, AgencyPolicy]

    def rule(self, agency: str, role: str, coordinate: str) -> Rule:
        """The decision for a viewer of `agency` with `role`; anything unknown is denied."""
        policy = self.agencies.get(agency)
        if policy is None:
            return Rule("deny", origin=f"no policy file for agency {agency!r}: denied")
        if role not in policy.roles:
            return Rule("deny", origin=f"role {role!r} is not listed for {agency}: denied")
        return policy.rules.get(coordinate, DENY)

    def check_scope(self, viewer: Viewer) -> None:
        """Refuse a viewer whose ward or sector its agency's policy does not list.

        The identity provider's claims are not trusted alone: a giao_duc token claiming the
        construction sector would see construction workers, and a misspelt ward would silently see
        nothing. A claim the agency's scope does not use is refused too, as a misconfigured token.
        An agency without a policy file passes: it is denied everything anyway.
        """
        policy = self.agencies.get(viewer.agency)
        if policy is None:
            return
        for claim in viewer.scope:
            if claim != policy.scope:
                raise ScopeError(f"{viewer.agency} is {policy.scope}-scoped: a {claim} may not be named")
        if policy.scope == "city":
            return
        value = viewer.scope.get(policy.scope)
        if value is None:
            raise ScopeError(f"{viewer.agency} is {policy.scope}-scoped, but no {policy.scope} is named")
        if fold(value) not in policy.scope_values:
            raise ScopeError(f"{policy.scope} {value!r} is not a {policy.scope} of {viewer.agency}'s policy")


def coordinates(schema: GraphQLSchema) -> dict[str, bool]:
    """Every `Type.field` of the schema's object types → whether its value is a String."""
    found = {}
    for name, kind in schema.type_map.items():
        if isinstance(kind, GraphQLObjectType) and not name.startswith("__"):
            for field_name, field in kind.fields.items():
                found[f"{name}.{field_name}"] = get_named_type(field.type) is GraphQLString
    return found


def load_policies(directory: Path, schema: GraphQLSchema) -> PolicySet:
    schema_coordinates = coordinates(schema)
    groups = _groups(directory / "groups.yaml", schema_coordinates)
    agencies = {}
    for path in sorted(directory.glob("*.yaml")):
        if path.name != "groups.yaml":
            policy = _agency(path, groups, schema_coordinates)
            agencies[policy.agency] = policy
    return PolicySet(groups, agencies)


def _read(path: Path) -> tuple[Any, yaml.Node | None]:
    try:
        text = path.read_text(encoding="utf-8")
        return yaml.safe_load(text), yaml.compose(text)
    except OSError as error:
        raise PolicyError(f"{path}: cannot be read: {error}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise PolicyError(f"{path}:{line}: cannot be read: {getattr(error, 'problem', error)}") from None


def _line(node: yaml.Node | None, *keys: str | int) -> int:
    """The 1-based line of the value at `keys` (mapping keys, or list indexes) in a composed YAML
    document, or of its nearest parent; line 1 of an empty document (None)."""
    for key in keys:
        if isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
            continue
        if not isinstance(node, yaml.MappingNode):
            break
        for key_node, value_node in node.value:
            if key_node.value == key:
                node = value_node
                break
        else:
            break
    return node.start_mark.line + 1 if node is not None else 1


def _groups(path: Path, schema_coordinates: dict[str, bool]) -> dict[str, str]:
    data, root = _read(path)
    if not isinstance(data, dict) or not isinstance(data.get("groups"), dict):
        raise PolicyError(f"{path}:1: expected a top-level 'groups:' mapping")
    placed: dict[str, tuple[int, str, str]] = {}
    for group, patterns in data["groups"].items():
        line = _line(root, "groups", group)
        if not isinstance(patterns, list) or not all(isinstance(p, str) for p in patterns):
            raise PolicyError(f"{path}:{line}: group {group!r} must list Type.field patterns")
        for pattern in patterns:
            matched = fnmatch.filter(schema_coordinates, pattern)
            if not matched:
                raise PolicyError(f"{path}:{line}: {pattern!r} in group {group!r} matches no schema field")
            rank = 0 if "*" not in pattern else (1 if pattern.endswith(".*") else 2)
            for coordinate in matched:
                earlier = placed.get(coordinate)
                if earlier and earlier[0] == rank and earlier[1] != group:
                    raise PolicyError(
                        f"{path}:{line}: {coordinate} is placed in both {earlier[1]!r} and {group!r}"
                    )
                if earlier is None or rank < earlier[0]:
                    placed[coordinate] = (rank, group, pattern)
    return {coordinate: group for coordinate, (_, group, _) in placed.items()}


def _agency(path: Path, groups: dict[str, str], schema_coordinates: dict[str, bool]) -> AgencyPolicy:
    data, root = _read(path)
    if not isinstance(data, dict):
        raise PolicyError(f"{path}:1: expected a mapping with agency, scope, roles and decisions")
    unknown = next((key for key in data if key not in KEYS), None)
    if unknown is not None:
        raise PolicyError(
            f"{path}:{_line(root, unknown)}: unknown key {unknown!r}; keys are {', '.join(KEYS)}"
        )
    agency = data.get("agency")
    if agency != path.stem:
        raise PolicyError(
            f"{path}:{_line(root, 'agency')}: agency must be {path.stem!r}, as the file is named"
        )
    scope = data.get("scope")
    if scope not in SCOPES:
        raise PolicyError(f"{path}:{_line(root, 'scope')}: scope must be one of {', '.join(SCOPES)}")
    roles = data.get("roles")
    if not isinstance(roles, list) or not roles:
        raise PolicyError(f"{path}:{_line(root, 'roles')}: list the roles this policy applies to")
    scope_values = _scope_values(path, data, root, scope)
    decisions = data.get("decisions")
    if not isinstance(decisions, dict):
        raise PolicyError(
            f"{path}:{_line(root, 'decisions')}: expected a 'decisions:' mapping of group → decision"
        )
    known_groups = set(groups.values())
    members: dict[str, list[str]] = {}
    for coordinate, group in groups.items():
        members.setdefault(group, []).append(coordinate)
    rules: dict[str, Rule] = {}
    for group, decision in decisions.items():
        line = _line(root, "decisions", group)
        where = f"{path}:{line}"
        if group not in known_groups:
            raise PolicyError(f"{where}: unknown group {group!r}; groups are in groups.yaml")
        rule = _rule(where, group, decision)
        if rule.mask:
            not_text = [c for c in members[group] if not schema_coordinates[c]]
            if not_text:
                raise PolicyError(f"{where}: cannot mask {', '.join(sorted(not_text))}: not text fields")
        for coordinate in members[group]:
            rules[coordinate] = rule
    names = tuple(data.get(SCOPE_LISTS.get(scope, ""), ()))
    return AgencyPolicy(agency, scope, frozenset(map(str, roles)), rules, scope_values, names)


def _scope_values(path: Path, data: dict, root: yaml.Node | None, scope: str) -> frozenset[str]:
    """The folded values a scoped policy's `wards:` or `sectors:` lists; only its own scope's list."""
    for other in (key for kind, key in SCOPE_LISTS.items() if kind != scope):
        if other in data:
            raise PolicyError(f"{path}:{_line(root, other)}: a {scope}-scoped policy lists no {other}")
    key = SCOPE_LISTS.get(scope)
    if key is None:
        return frozenset()
    values = data.get(key)
    if not isinstance(values, list) or not values:
        line = _line(root, key) if key in data else _line(root, "scope")
        raise PolicyError(f"{path}:{line}: a {scope}-scoped policy lists the {key} its tokens may name")
    folded: set[str] = set()
    for index, value in enumerate(values):
        where = f"{path}:{_line(root, key, index)}"
        if not isinstance(value, str) or not fold(value):
            raise PolicyError(f"{where}: {key} are listed by name, not {value!r}")
        if fold(value) in folded:
            raise PolicyError(f"{where}: {value!r} is listed twice")
        folded.add(fold(value))
    return frozenset(folded)


def _rule(where: str, group: str, decision: Any) -> Rule:
    origin = f"{where} (group {group})"
    if isinstance(decision, str):
        decision = {"decision": decision}
    if not isinstance(decision, dict):
        raise PolicyError(
            f"{where}: a decision is allow, deny, or {{decision: …, mask: …, purpose: required}}"
        )
    effect = decision.get("decision")
    unknown = set(decision) - {"decision", "mask", "purpose"}
    if effect not in EFFECTS or unknown:
        raise PolicyError(f"{where}: decision must be one of {', '.join(EFFECTS)} (got {decision!r})")
    mask = decision.get("mask")
    if (effect == "mask") != (mask is not None) or (mask is not None and mask not in MASKS):
        raise PolicyError(
            f"{where}: a mask decision names one mask of {', '.join(MASKS)}, and only a mask does"
        )
    purpose = decision.get("purpose")
    if purpose not in (None, "required"):
        raise PolicyError(f"{where}: purpose can only be 'required'")
    return Rule(effect, mask, purpose == "required", origin)


def fold(text: str | None) -> str:
    """Whitespace and case folded, diacritics kept: 'phường  láng' is 'Phường Láng', 'Lang' is not."""
    return " ".join((text or "").split()).casefold()
