"""Who is asking: taken only from a verified token, plus the purpose stated on the request."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Viewer:
    sub: str
    agency: str
    role: str
    ward: str | None = None
    sector: str | None = None
    purpose: str | None = None

    @property
    def scope(self) -> dict[str, str]:
        return {k: v for k, v in (("ward", self.ward), ("sector", self.sector)) if v}
