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


@strawberry.enum(description="Where a review stands (tình trạng xác minh).")
class IdentityReviewStatus(Enum):
    PENDING = strawberry.enum_value("PENDING", description="Waiting for an officer (chờ xác minh)")
    DECIDED = strawberry.enum_value("DECIDED", description="An officer has ruled on it (đã xác minh)")


@strawberry.enum(description="An officer's ruling on a review.")
class IdentityDecision(Enum):
    SAME_PERSON = strawberry.enum_value("SAME_PERSON", description="Merge: one person (cùng một người)")
    DIFFERENT_PEOPLE = strawberry.enum_value(
        "DIFFERENT_PEOPLE", description="Keep apart, and stop asking (hai người khác nhau)"
    )


@strawberry.type(description="One record of a review's side, with what it says about who it is about.")
class ReviewedRecord:
    side: int | None = strawberry.field(description="1 or 2: which of the two sets under review")
    sourceAgency: str | None = strawberry.field(description="The agency holding it (cơ quan quản lý dữ liệu)")
    entity: str | None = strawberry.field(description="What kind of record: WorkPermit, Visa, … (loại hồ sơ)")
    sourceRecordId: str | None = strawberry.field(description="Its key in that agency's system (mã bản ghi)")
    fullName: str | None = strawberry.field(description="The name as the record writes it (họ tên)")
    dateOfBirth: str | None = strawberry.field(description="As recorded: YYYY-MM-DD, or a bare year")
    gender: str | None = strawberry.field(description="M or F as recorded (giới tính)")
    nationality: str | None = strawberry.field(description="As recorded, ISO 3166 alpha-3 (quốc tịch)")
    passportNumber: str | None = strawberry.field(
        description="The passport number the record names (số hộ chiếu)"
    )


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
    id: strawberry.ID | None = strawberry.field(
        description="The review's id (mã xác minh): the same for the same records across restarts; pass to decideIdentity"
    )
    kind: IdentityReviewKind | None = strawberry.field(description="Why it is left to an officer (loại)")
    status: IdentityReviewStatus | None = strawberry.field(description="PENDING or DECIDED (tình trạng)")
    reason: str | None = strawberry.field(description="What was found, in one sentence (lý do)")
    records: list[ReviewedRecord] | None = strawberry.field(description="Both sides' records, side 1 first")
    comparisons: list[FieldComparison] | None = strawberry.field(
        description="Field by field, whether the two sides agree (đối chiếu)"
    )
    decision: IdentityDecision | None = strawberry.field(
        description="The latest ruling, for a DECIDED review (quyết định)"
    )
    decidedBy: str | None = strawberry.field(description="Who ruled (người quyết định)")
    decidedByAgency: str | None = strawberry.field(description="Their agency (cơ quan)")
    decidedAt: datetime | None = strawberry.field(description="When (thời điểm)")
    note: str | None = strawberry.field(description="Why, as the officer wrote it (ghi chú)")
