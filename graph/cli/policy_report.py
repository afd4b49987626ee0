"""`lienthong policy matrix|explain`: the effective decisions, as an officer or auditor reads them."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from graph.access.policy import DEFAULT_DIRECTORY, PolicySet, Rule, coordinates, load_policies
from graph.api.schema import schema
from graph.cli.errors import UserMistake
from graph.cli.options import require_agency


def load(directory: Path | None) -> PolicySet:
    return load_policies(directory or DEFAULT_DIRECTORY, schema._schema)


def label(rule: Rule) -> str:
    text = f"mask:{rule.mask}" if rule.effect == "mask" else rule.effect
    return text + ("+purpose" if rule.purpose else "")


def matrix(directory: Path | None, role: str, as_csv: bool = False) -> str:
    policies = load(directory)
    agencies = sorted(policies.agencies)
    rows = [
        [coordinate, *(label(policies.rule(agency, role, coordinate)) for agency in agencies)]
        for coordinate in sorted(coordinates(schema._schema))
    ]
    header = ["field", *agencies]
    if as_csv:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
        return out.getvalue()
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    return "".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip() + "\n"
        for row in [header, *rows]
    )


def explain(directory: Path | None, agency: str, role: str, coordinate: str) -> str:
    policies = load(directory)
    require_agency(policies, agency)
    if coordinate not in coordinates(schema._schema):
        raise UserMistake(
            f"{coordinate}: not a field of the schema (Type.field, e.g. HealthCertificate.diseases)"
        )
    rule = policies.rule(agency, role, coordinate)
    group = policies.groups.get(coordinate, "(no group)")
    return f"{agency} ({role}) → {coordinate}: {label(rule)}\n  group: {group}\n  rule:  {rule.origin}"
