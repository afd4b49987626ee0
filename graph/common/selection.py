"""What a request asks for below a field, as a plain tree of field names and their types.

Every layer speaks it: the fetch plan (which sources, which columns), the presentation of values
(where every field passes the gate) and the rules (what judging a worker reads) all walk one tree.
Built from a GraphQL document by graph/api/selection.py, or by hand where code asks for records.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Selection:
    type: str
    fields: dict[str, Selection] = field(default_factory=dict)

    def merge(self, other: Selection) -> None:
        for name, child in other.fields.items():
            if name in self.fields:
                self.fields[name].merge(child)
            else:
                self.fields[name] = child

    def get(self, name: str) -> Selection | None:
        return self.fields.get(name)
