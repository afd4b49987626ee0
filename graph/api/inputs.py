"""The arguments clients send: the workers filter, and the normalising of what they type.

A value that cannot be read is the client's mistake, answered as BAD_USER_INPUT with what to send
instead, never a fault of ours.
"""

from __future__ import annotations

from datetime import date

import strawberry
from graphql import GraphQLError

from connectors.nationality import to_iso3
from connectors.normalise import BadValue, passport, tax_code
from graph.api.codes import PermitStatus


@strawberry.input(
    description="Narrows `workers` (điều kiện lọc); every condition given must hold, and each is refused"
    " (FORBIDDEN) if the viewer may not see in clear what it reads."
)
class WorkerFilter:
    nationality: str | None = strawberry.field(
        default=None, description="ISO code or country name (quốc tịch)"
    )
    employerTaxCode: str | None = strawberry.field(
        default=None, description="The current employer's tax code (mã số thuế người sử dụng lao động)"
    )
    permitStatus: list[PermitStatus] | None = strawberry.field(
        default=None, description="Any permit in one of these statuses (tình trạng giấy phép)"
    )
    permitExpiringBefore: date | None = strawberry.field(
        default=None,
        description="A VALID permit whose validity ends before this date (giấy phép sắp hết hạn)",
    )
    name: str | None = strawberry.field(
        default=None,
        description="Every word of it among the worker's recorded names: any case, diacritics, order or"
        " romanisation (họ tên)",
    )
    visaSymbol: str | None = strawberry.field(
        default=None, description="Any visa with this symbol, e.g. LĐ2 (ký hiệu thị thực)"
    )
    residenceCardExpiringBefore: date | None = strawberry.field(
        default=None, description="The latest residence card ends before this date (thẻ tạm trú sắp hết hạn)"
    )
    healthCertificateExpiringBefore: date | None = strawberry.field(
        default=None,
        description="The latest health certificate's 12 months end before this date (giấy chứng nhận sức khỏe"
        " sắp hết hạn)",
    )
    dossierOverdue: bool | None = strawberry.field(
        default=None,
        description="With (true) or without (false) an interlinked dossier decided after its due date, or not"
        " decided and past it",
    )


@strawberry.input(description="Narrows `employers`; every condition given must hold.")
class EmployerFilter:
    name: str | None = strawberry.field(
        default=None,
        description="Every word of it in the Vietnamese, foreign or short name: any case, with or without diacritics",
    )
    sector: str | None = strawberry.field(
        default=None, description="As its registry records it, or a sector department's list: education, …"
    )
    kind: str | None = strawberry.field(
        default=None,
        description="FDI_ENTERPRISE, REPRESENTATIVE_OFFICE, BRANCH, FOREIGN_CONTRACTOR, NGO or DOMESTIC",
    )
    inZone: bool | None = strawberry.field(
        default=None, description="Inside an industrial or high-tech zone (true) or not (false)"
    )
    status: str | None = strawberry.field(default=None, description="ACTIVE, SUSPENDED or DISSOLVED")
    openFindings: bool | None = strawberry.field(
        default=None, description="With (true) or without (false) an inspection whose findings are still OPEN"
    )


def bad_input(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "BAD_USER_INPUT"})


def normal_nationality(label: str) -> str:
    code = to_iso3(label)
    if code is None:
        raise bad_input(f"unknown nationality {label!r}: use an ISO code or a country name")
    return code


def normal_passport(number: str) -> str:
    try:
        return passport(number)
    except BadValue as error:
        raise bad_input(str(error)) from None


def normal_tax_code(code: str) -> str:
    try:
        return tax_code(code)
    except BadValue as error:
        raise bad_input(str(error)) from None
