"""`deliveries(month:)`: a month's delivery log (graph/exchange/delivery_log.py), as far as it is the
viewer's agency's business.

An officer sees the deliveries its agency sent or received, nothing of the others: which agencies
receive what, at which addresses, and whether it reached them is theirs. Of what its agency
received, an officer of a ward- or sector-scoped agency sees only its own ward's or sector's. Every
field passes the gate (policies/groups.yaml, `delivery_log`).
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from graphql import GraphQLError
from strawberry.types import Info

from graph.access.policy import fold
from graph.access.present import View, present
from graph.access.viewer import Viewer
from graph.api.context import Context
from graph.api.inputs import bad_input
from graph.api.selection import selection_of
from graph.exchange.delivery_log import KEY, DeliveryLogUnavailable, status_of
from graph.exchange.window import BadMonth, month_of


async def deliveries(info: Info, month: str) -> list[View]:
    context: Context = info.context
    context.gate.require("Query", "deliveries")
    try:
        month = month_of(month)
    except BadMonth as error:
        raise bad_input(str(error)) from None
    try:
        rows = await asyncio.to_thread(context.deliveries.rows, month) if context.deliveries else []
    except DeliveryLogUnavailable:
        raise GraphQLError(
            "The delivery log cannot be read now", extensions={"code": "SOURCE_UNAVAILABLE"}
        ) from None
    attempts: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in rows:
        attempts.setdefault(tuple(row[name] for name in KEY), []).append(row)
    selection = selection_of(info)
    viewer = context.gate.viewer
    shown = []
    for key, tried in attempts.items():
        raw: dict[str, Any] = dict(zip(KEY, key, strict=True))
        if viewer is None or concerns(viewer, raw):
            raw["status"] = status_of(tried)
            raw["attempts"] = [attempt(row) for row in tried]
            shown.append(present(context.gate, selection, raw))
    return shown


def concerns(viewer: Viewer, delivery: dict[str, Any]) -> bool:
    """Whether the delivery is the viewer's agency's: it sent it, or received it in its scope."""
    if delivery["sender"] == viewer.agency:
        return True
    scope = viewer.ward or viewer.sector
    return delivery["recipient"] == viewer.agency and (
        scope is None or fold(scope) == fold(delivery["scope"])
    )


def attempt(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "number": row["attempt"],
        "status": row["status"],
        "error": row["error"],
        "at": datetime.fromisoformat(row["at"]),
        "messageId": row["message_id"],
        "fileDigest": row["digest"],
    }
