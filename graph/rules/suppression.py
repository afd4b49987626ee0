"""Small-cell suppression: which counts of a table a viewer without full access may not see.

A count of 1 to k-1 persons can single a person out ("the one Korean in Phường Láng whose permit was
revoked"), so such a count is hidden (primary suppression). Hiding it is not enough when totals are
shown: a row total minus the row's other cells gives it back. So more counts are hidden
(complementary suppression) until no hidden count can be worked out from what is shown.

What an answer shows, for one or two dimensions: the non-empty cells (a hidden one is listed as
suppressed, so it is known to be 1 or more; a cell not listed is known to be zero), each row and
column total (for one dimension the cells are the totals) and the grand total.

The guarantee: for every hidden count there is a change of the hidden counts by one, up or down,
that keeps every listed cell at 1 or more and every shown count as it is; so whatever an attacker
works out from the shown counts, however he combines them, the hidden count has two possible values.

One dimension: the values under k are hidden; one hidden alone gets the smallest other beside it
(two hidden 1s, the smallest other of 2 or more: 1 + 1 = 2 tells both); if none is left to add, the
grand total is hidden. This is the textbook rule, and exactly what each dimension's totals are in a
two-dimensional answer, so a question asked for one dimension alone shows the same.

Two dimensions, rows and columns, read as a graph (the network view of the classic method): rows and
columns are vertices, non-empty cells edges, and a hidden total joins its row (column) to one vertex
standing for "the hidden row (column) totals", those two being joined when the grand total is
hidden. Alternately +1 and −1 round a cycle of hidden edges changes no total of a vertex on it (a
hidden total absorbs the change where the cycle passes through its vertex); the edges given −1 must
hold 2 or more. So each hidden count (a cell under k, a hidden total) is put on such a cycle: the
cheapest, counting the persons in the cells it must hide besides (Dijkstra, ties by the order of
the values, so the same question over the same workers always hides the same cells). Failing that
(a table so sparse that a cell has no cycle), every count of the table is hidden.

Three or more dimensions are not suppressed: `statistics` refuses them to a viewer whose counts
are suppressed. And no method of this kind protects against combining answers to different questions
(other filters) by differencing; the audit trail records each question's dimensions and filter,
where a series of such questions shows (docs/confidentiality.md).
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

Key = tuple[Any, ...]
"""One value per dimension."""
MAX_DIMENSIONS = 2
"""The widest table suppression is defined for."""


@dataclass(frozen=True)
class Suppressed:
    cells: frozenset[Key]
    totals: frozenset[tuple[int, Any]]
    """(dimension's position, value) of each hidden row or column total."""
    total: bool
    """Whether the grand total is hidden."""


NOTHING = Suppressed(frozenset(), frozenset(), False)


def order(value: Any) -> tuple[bool, str]:
    """A total order over values of any type, None last: ties are broken the same way every time."""
    return (value is None, str(value))


def key_order(key: Key) -> tuple[tuple[bool, str], ...]:
    return tuple(order(value) for value in key)


def suppress(counts: Mapping[Key, int], k: int) -> Suppressed:
    """The counts to hide of a table of non-zero `counts` so that no count under `k` is shown or can
    be worked out from the rest (the method is the module's docstring)."""
    cells = {key: n for key, n in counts.items() if n > 0}
    if not cells:
        return NOTHING
    dimensions = len(next(iter(cells)))
    if dimensions == 1:
        hidden, total = line_hidden({key[0]: n for key, n in cells.items()}, k)
        return Suppressed(frozenset((value,) for value in hidden), frozenset(), total)
    if dimensions == 2:
        return Grid(cells, k).suppressed()
    return everything(cells)


def everything(cells: Mapping[Key, int]) -> Suppressed:
    totals = {(d, key[d]) for key in cells for d in range(len(key))}
    return Suppressed(frozenset(cells), frozenset(totals), True)


def line_hidden(counts: Mapping[Hashable, int], k: int) -> tuple[set[Any], bool]:
    """One dimension's counts under a grand total: the values to hide, and whether the total must
    be hidden too (the rule is the module's docstring)."""
    present = {value: n for value, n in counts.items() if n > 0}
    hidden = {value for value, n in present.items() if n < k}
    if not hidden:
        return hidden, False
    if sum(present.values()) < k:
        return set(present), True

    if len(hidden) == 1 or all(present[value] == 1 for value in hidden):
        least = 1 if len(hidden) == 1 and present[next(iter(hidden))] > 1 else 2
        partners = sorted((n, order(v), v) for v, n in present.items() if v not in hidden and n >= least)
        if not partners:
            return hidden, True
        hidden.add(partners[0][2])
    return hidden, False


ROW, COLUMN = 0, 1
HIDDEN_TOTALS = object()
"""The vertex standing for the hidden totals of a side (see the module's docstring)."""
Vertex = tuple[int, Any]
"""(side, value): a row or a column; (side, HIDDEN_TOTALS) the hidden totals of the other side."""
Edge = tuple[Vertex, Vertex]
"""(row-side vertex, column-side vertex)."""


class Grid:
    """A two-dimensional table as the graph of the module's docstring, being suppressed."""

    def __init__(self, cells: dict[Key, int], k: int) -> None:
        self.cells = cells
        self.k = k
        self.totals: set[tuple[int, Any]] = set()
        self.total = False
        for d in (ROW, COLUMN):
            sums: Counter[Any] = Counter()
            for key, n in cells.items():
                sums[key[d]] += n
            hidden, total = line_hidden(sums, k)
            self.totals |= {(d, value) for value in hidden}
            self.total |= total
        self.hidden = {key for key, n in cells.items() if n < k}
        self.edges: dict[Vertex, list[tuple[Vertex, Edge]]] = {}
        for a, b in sorted(cells, key=key_order):
            self.join((ROW, a), (COLUMN, b))
        for d, value in sorted(self.totals, key=lambda t: (t[0], order(t[1]))):
            if d == ROW:  # the hidden row totals' vertex is on the column side, and the reverse
                self.join((ROW, value), (COLUMN, HIDDEN_TOTALS))
            else:
                self.join((ROW, HIDDEN_TOTALS), (COLUMN, value))
        if self.total:
            self.join((ROW, HIDDEN_TOTALS), (COLUMN, HIDDEN_TOTALS))

    def join(self, row: Vertex, column: Vertex) -> None:
        edge = (row, column)
        self.edges.setdefault(row, []).append((column, edge))
        self.edges.setdefault(column, []).append((row, edge))

    def cell(self, edge: Edge) -> Key | None:
        """The cell an edge stands for; None for an edge to a hidden totals' vertex."""
        (_, a), (_, b) = edge
        return None if a is HIDDEN_TOTALS or b is HIDDEN_TOTALS else (a, b)

    def suppressed(self) -> Suppressed:
        targets: list[Edge] = [((ROW, a), (COLUMN, b)) for a, b in sorted(self.hidden, key=key_order)]
        targets += [
            ((ROW, value), (COLUMN, HIDDEN_TOTALS)) if d == ROW else ((ROW, HIDDEN_TOTALS), (COLUMN, value))
            for d, value in sorted(self.totals, key=lambda t: (t[0], order(t[1])))
        ]
        protected: set[Edge] = set()
        for target in targets:
            if target in protected:
                continue
            cycle = self.cheapest_cycle(target)
            if cycle is None:
                return everything(self.cells)
            protected.update(cycle)
            self.hidden.update(cell for edge in cycle if (cell := self.cell(edge)) is not None)
        return Suppressed(frozenset(self.hidden), frozenset(self.totals), self.total)

    def cheapest_cycle(self, target: Edge) -> list[Edge] | None:
        """The cycle through `target` whose ±1 keeps every listed cell at 1 or more, hiding the
        fewest persons besides; the target gets +1, or −1 where it can."""
        cell = self.cell(target)
        signs = (1, -1) if cell is None or self.cells[cell] > 1 else (1,)
        found = [way for sign in signs if (way := self.path(target, sign)) is not None]
        if not found:
            return None
        _, cheapest = min(found, key=lambda f: f[0])
        return [target, *cheapest]

    def path(self, target: Edge, sign: int) -> tuple[int, list[Edge]] | None:
        """The cheapest path from the target's column-side end back to its row-side end, not using
        the target. Walking it, an edge left from a column-side vertex takes −sign (the target's
        sign alternates round an even cycle), and an edge taking −1 must hold 2 or more."""
        row, column = target
        best: dict[Vertex, int] = {column: 0}
        came: dict[Vertex, tuple[Vertex, Edge]] = {}
        queue: list[tuple[int, int, Vertex]] = [(0, 0, column)]
        pushed = 0
        while queue:
            cost, _, vertex = heapq.heappop(queue)
            if vertex == row:
                path = []
                while vertex != column:
                    vertex, edge = came[vertex]
                    path.append(edge)
                return cost, path
            if cost > best.get(vertex, cost):
                continue
            taking = -sign if vertex[0] == COLUMN else sign
            for neighbour, edge in self.edges.get(vertex, ()):
                cell = self.cell(edge)
                if edge == target or (taking < 0 and cell is not None and self.cells[cell] < 2):
                    continue
                step = cost + (self.cells[cell] if cell is not None and cell not in self.hidden else 0)
                if step < best.get(neighbour, step + 1):
                    best[neighbour] = step
                    came[neighbour] = (vertex, edge)
                    pushed += 1
                    heapq.heappush(queue, (step, pushed, neighbour))
        return None
