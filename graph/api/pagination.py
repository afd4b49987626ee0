"""Pages of a connection: their size, and opaque cursors a client can only hand back, not make."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from graph.api.inputs import bad_input
from graph.common.selection import Selection

T = TypeVar("T")
DEFAULT_PAGE = 50
MAX_PAGE = 1000
INVALID_CURSOR = "invalid cursor: pass an endCursor or edge cursor from an earlier page"
MAC_BYTES = 16


def page_size(first: int | None) -> int:
    """`first` as asked (the default page when absent), refused outside 0 to MAX_PAGE."""
    first = DEFAULT_PAGE if first is None else first
    if not 0 <= first <= MAX_PAGE:
        raise bad_input(f"first must be between 0 and {MAX_PAGE}")
    return first


def encode_cursor(key: bytes, place: str) -> str:
    """An opaque cursor: the place a page ended, with a MAC so a client can only hand back one the
    server made (never one naming a place of its choosing)."""
    text = f"after:{place}".encode()
    return base64.urlsafe_b64encode(_mac(key, text) + text).decode()


def decode_cursor(key: bytes, cursor: str | None) -> str | None:
    if cursor is None:
        return None
    try:
        data = base64.urlsafe_b64decode(cursor.encode())
        mac, text = data[:MAC_BYTES], data[MAC_BYTES:]
        place = text.decode()
    except (binascii.Error, UnicodeError, ValueError):
        raise bad_input(INVALID_CURSOR) from None
    if not hmac.compare_digest(mac, _mac(key, text)) or not place.startswith("after:"):
        raise bad_input(INVALID_CURSOR)
    return place.removeprefix("after:")


def _mac(key: bytes, text: bytes) -> bytes:
    return hmac.new(key, b"cursor:" + text, hashlib.sha256).digest()[:MAC_BYTES]


def node_selection(connection_selection: Selection, type_name: str) -> Selection:
    """Everything asked of a connection's node, whether through `nodes` or `edges.node`."""
    merged = Selection(type_name)
    edges = connection_selection.get("edges")
    for part in (connection_selection.get("nodes"), edges.get("node") if edges else None):
        if part is not None:
            merged.merge(part)
    return merged


def cut(items: Iterable[T], place: Callable[[T], str], after: str | None, first: int) -> tuple[list[T], bool]:
    """The first `first` of `items` (which come in order of `place`) placed after `after`, and
    whether more follow: nothing past the page is looked at."""
    page: list[T] = []
    for item in items:
        if after is not None and place(item) <= after:
            continue
        if len(page) == first:
            return page, True
        page.append(item)
    return page, False


def raw_connection(edges: list[dict[str, Any]], more: bool) -> dict[str, Any]:
    """A connection's edges, nodes and page info, for `present`."""
    return {
        "edges": edges,
        "nodes": [edge["node"] for edge in edges],
        "pageInfo": {"hasNextPage": more, "endCursor": edges[-1]["cursor"] if edges else None},
    }
