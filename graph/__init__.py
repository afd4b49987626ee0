"""Liên thông's GraphQL layer: one view of a foreign worker across agencies, gated per field.

Its packages import only those below them: web → api → rules | exchange → fetch → access →
identity → common (docs/architecture.md; the contracts are in pyproject.toml).
"""
