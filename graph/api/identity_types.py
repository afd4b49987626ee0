"""The identity review queue's GraphQL types (docs/domain.md §6): pairs of records that may be one
person, the evidence an officer needs to decide, and the decision."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

import strawberry


@strawberry.enum(description="Why a pair is left to an officer.")
class IdentityReviewKind(Enum):
    CONFLICT = strawberry.enum_value("CONFLICT", description="One passport; another birth date or gender")
    POSSIBLE_MATCH = strawberry.enum_value(
        "POSSIBLE_MATCH", description="The same name, birth date and nationality; no document names both"
    )


@strawberry.enum
class IdentityReviewStatus(Enum):
    PENDING = "PENDING"
    DECIDED = "DECIDED"


@strawberry.enum(description="An officer's ruling on a review.")
class IdentityDecision(Enum):
    SAME_PERSON = strawberry.enum_value("SAME_PERSON", description="Merge: one person (cùng một người)")
    DIFFERENT_PEOPLE = strawberry.enum_value(
        "DIFFERENT_PEOPLE", description="Keep apart, and stop asking (hai người khác nhau)"
    )


@strawberry.type(description="One record of a review's side, with what it says about who it is about.")
class ReviewedRecord:
    side: int | None = strawberry.field(description="1 or 2: which of the two sets under review")
    sourceAgency: str | None
    entity: str | None
    sourceRecordId: str | None
    fullName: str | None
    dateOfBirth: str | None = strawberry.field(description="As recorded: YYYY-MM-DD, or a bare year")
    gender: str | None
    nationality: str | None
    passportNumber: str | None


@strawberry.type(description="Whether the two sides agree on one field.")
class FieldComparison:
    field: str | None = strawberry.field(
        description="fullName (in any spelling), dateOfBirth, gender, nationality, passportNumber, or"
        " documents (a permit or insurance number both sides name)"
    )
    agrees: bool | None = strawberry.field(
        description="Whether a value of one side matches one of the other; null where either side has none"
    )


@strawberry.type(
    description="Two sets of records that may be one person, left to an officer (docs/domain.md §6)."
)
class IdentityReview:
    id: strawberry.ID | None
    kind: IdentityReviewKind | None
    status: IdentityReviewStatus | None
    reason: str | None
    records: list[ReviewedRecord] | None = strawberry.field(description="Both sides' records, side 1 first")
    comparisons: list[FieldComparison] | None
    decision: IdentityDecision | None
    decidedBy: str | None
    decidedByAgency: str | None
    decidedAt: datetime | None
    note: str | None
