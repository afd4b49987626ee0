"""Reading the work list's cases for an answer: the viewer's workspace, as the store keeps it.

Shared by `discrepancies` (each finding's `case`, and `status:`) and the mutations that change a
case (graph/api/resolvers/findings.py). The store is read on a thread, bounded by its timeouts; a
store that cannot answer is WORKLIST_UNAVAILABLE, never a finding shown without its case.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from graphql import GraphQLError

from graph.api.context import Context
from graph.worklist.cases import Case, CaseUnavailable, workspace

CASE_STATUS = ("Discrepancy.case", "FindingCase.status")
"""What filtering findings by status reads: the viewer must see it in clear."""


def unavailable() -> GraphQLError:
    return GraphQLError("The work list cannot be read now", extensions={"code": "WORKLIST_UNAVAILABLE"})


def own_workspace(context: Context) -> str | None:
    """The viewer's workspace, or None where no store is kept or no one in particular asks."""
    viewer = context.gate.viewer
    return workspace(viewer) if context.cases is not None and viewer is not None else None


async def cases_of(context: Context, findings: Iterable[str]) -> dict[str, Case]:
    """The stored cases of these findings in the viewer's workspace (untouched ones absent)."""
    space = own_workspace(context)
    if space is None or context.cases is None:
        return {}
    try:
        return await asyncio.to_thread(context.cases.cases, space, list(findings))
    except CaseUnavailable:
        raise unavailable() from None


async def statuses_of(context: Context) -> dict[str, str]:
    """Every stored case's status in the viewer's workspace."""
    space = own_workspace(context)
    if space is None or context.cases is None:
        return {}
    try:
        return await asyncio.to_thread(context.cases.statuses, space)
    except CaseUnavailable:
        raise unavailable() from None
