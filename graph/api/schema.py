"""The schema: the query root, assembled with the extensions we rely on.

Its fields return the Views that the gate prepared (graph/access/present.py), never instances of
the types in graph/api/types.py, so each names its GraphQL type apart, in `graphql_type`.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Any, cast

import strawberry
from graphql import GraphQLError, GraphQLSchema, specified_directives
from strawberry.extensions import SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from graph.access.present import View, read
from graph.api.codes import answer_unknown_codes
from graph.api.documents import ParseOnce, ValidateOnce
from graph.api.errors import ErrorCode
from graph.api.execution import ViewExecutionContext
from graph.api.identity_types import IdentityDecision, IdentityReview, IdentityReviewStatus
from graph.api.inputs import EmployerFilter, WorkerFilter
from graph.api.ordering import WorkerOrder
from graph.api.resolvers.clinics import clinics
from graph.api.resolvers.deliveries import deliveries
from graph.api.resolvers.discrepancies import discrepancies
from graph.api.resolvers.employers import employers
from graph.api.resolvers.exchange_lists import exchange_list
from graph.api.resolvers.findings import act
from graph.api.resolvers.identity_reviews import decide_identity, identity_reviews
from graph.api.resolvers.statistics import statistics
from graph.api.resolvers.workers import connection, matching, one_employer, one_worker
from graph.api.types import (
    AFTER,
    FIRST,
    ORDER_BY,
    Delivery,
    Dimension,
    DiscrepancyConnection,
    DiscrepancyKind,
    Employer,
    EmployerConnection,
    ExchangeList,
    FindingCase,
    FindingStatus,
    HealthFacility,
    Statistics,
    StatisticsUnit,
    Worker,
    WorkerConnection,
)

FEDERATION_KEY = re.compile(r' @key\(fields: "[^"]*"\)')


@strawberry.type(
    description="What may be asked (truy vấn): workers, employers, exchange lists, deliveries, reconciliation"
    " findings and statistics, each as the viewer's policy allows."
)
class Query:
    @strawberry.field(
        description="One worker by passport number in any spelling (spaces, dashes, case) (tra cứu theo hộ chiếu).",
        graphql_type=Worker | None,
    )
    async def worker(
        self,
        info: strawberry.Info,
        passportNumber: Annotated[
            str, strawberry.argument(description="Any passport the worker is known by (số hộ chiếu)")
        ],
        nationality: Annotated[
            str | None,
            strawberry.argument(
                description="ISO code or country name (quốc tịch); needed only when workers of two nationalities"
                " hold the number"
            ),
        ] = None,
    ) -> View | None:
        return await one_worker(info, passportNumber, nationality)

    @strawberry.field(
        description="Workers matching a filter, a page at a time, at most 1000 (danh sách người lao động).",
        graphql_type=WorkerConnection,
    )
    async def workers(
        self,
        info: strawberry.Info,
        filter: Annotated[
            WorkerFilter | None,
            strawberry.argument(description="Conditions every worker listed meets (điều kiện lọc)"),
        ] = None,
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = 50,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
        orderBy: Annotated[WorkerOrder | None, strawberry.argument(description=ORDER_BY)] = None,
    ) -> View:
        context = info.context
        context.gate.require("Query", "workers")
        index = context.index
        return await connection(
            info,
            lambda after_id: matching(index.ordered_from(after_id), filter, context.gate, index.snapshot),
            first,
            after,
            orderBy,
        )

    @strawberry.field(
        description="An employer by tax code (tra cứu doanh nghiệp theo mã số thuế).",
        graphql_type=Employer | None,
    )
    async def employer(
        self,
        info: strawberry.Info,
        taxCode: Annotated[
            str, strawberry.argument(description="10 digits, or 13 for a branch, dashes allowed (mã số thuế)")
        ],
    ) -> View | None:
        return await one_employer(info, taxCode)

    @strawberry.field(
        description="Employers every registry lists, in tax-code order, a page at a time (at most 1000): searched by"
        " name in any case and with or without diacritics, by sector, kind, zone, status and open inspection findings.",
        graphql_type=EmployerConnection,
    )
    async def employers(
        self,
        info: strawberry.Info,
        filter: Annotated[
            EmployerFilter | None,
            strawberry.argument(
                description="Only the employers it keeps (điều kiện lọc); each condition on a field the viewer sees in clear"
            ),
        ] = None,
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = 50,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> View:
        return await employers(info, filter, first, after)

    @strawberry.field(
        description="Every clinic the Health department lists (seed 003 Điều 12.4), in licence order: whether"
        " it is licensed to examine foreign workers, its status and suspension, even if it issued no certificate.",
        graphql_type=list[HealthFacility] | None,
    )
    async def clinics(self, info: strawberry.Info) -> list[View]:
        return await clinics(info)

    @strawberry.field(
        description="The list `agency` sends in `month` (YYYY-MM; a quarterly list also YYYY-Qn), docs/domain.md"
        " §8: its records in the window (by default the 11th of the month before to the 10th, Asia/Ho_Chi_Minh),"
        " as the viewer may see them (danh sách trao đổi).",
        graphql_type=ExchangeList | None,
    )
    async def exchangeList(
        self,
        info: strawberry.Info,
        agency: Annotated[
            str, strawberry.argument(description="The sending agency (cơ quan gửi), e.g. noi_vu")
        ],
        month: Annotated[
            str, strawberry.argument(description="YYYY-MM, or YYYY-Qn for a quarterly list (tháng gửi)")
        ],
    ) -> View:
        return await exchange_list(info, agency, month)

    @strawberry.field(
        description="The e-mail deliveries of `month`'s lists (YYYY-MM) that the viewer's agency sent or"
        " received, with each attempt: status, error, time, Message-ID and the file's SHA-256 (nhật ký gửi).",
        graphql_type=list[Delivery] | None,
    )
    async def deliveries(
        self,
        info: strawberry.Info,
        month: Annotated[
            str, strawberry.argument(description="The month the lists were due, YYYY-MM (tháng)")
        ],
    ) -> list[View]:
        return await deliveries(info, month)

    @strawberry.field(
        description="Reconciliation findings (docs/domain.md §5) as the sources stand on `to` (default: today),"
        " that began on or after `from`; workers first, in id order, then employers (kết quả đối soát).",
        graphql_type=DiscrepancyConnection | None,
    )
    async def discrepancies(
        self,
        info: strawberry.Info,
        kind: Annotated[
            list[DiscrepancyKind] | None,
            strawberry.argument(
                description="Only these checks (loại sai lệch); each refused if the viewer may not see its inputs"
                " in clear. Default: every check it may run"
            ),
        ] = None,
        since: Annotated[
            date | None,
            strawberry.argument(
                name="from", description="Only findings that began on or after this day (từ ngày)"
            ),
        ] = None,
        until: Annotated[
            date | None,
            strawberry.argument(
                name="to", description="Judge the sources as they stand on this day (đến ngày)"
            ),
        ] = None,
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = 50,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
        status: Annotated[
            list[FindingStatus] | None,
            strawberry.argument(
                description="Only findings whose case, in the viewer's agency's work list, stands so"
                " (tình trạng xử lý); a finding nobody has acted on is OPEN"
            ),
        ] = None,
    ) -> View:
        kinds = [k.name for k in kind] if kind else None
        statuses = [cast(str, s.value) for s in status] if status else None
        return await discrepancies(info, kinds, since, until, first, after, statuses)

    @strawberry.field(
        description="Counts (thống kê, regulation 003 Điều 4.1) of workers or of their records, grouped by"
        " `groupBy`, over the workers the viewer may list. Grouping and filtering only by what the viewer sees"
        " in clear; small counts suppressed for a viewer without full access (docs/confidentiality.md).",
        graphql_type=Statistics | None,
    )
    async def statistics(
        self,
        info: strawberry.Info,
        groupBy: Annotated[
            list[Dimension],
            strawberry.argument(
                description="One to four dimensions (tiêu chí), each once; at most two where small counts"
                " are suppressed"
            ),
        ],
        unit: Annotated[
            StatisticsUnit, strawberry.argument(description="What to count (đối tượng thống kê)")
        ] = StatisticsUnit.WORKERS,
        at: Annotated[
            date | None,
            strawberry.argument(
                description="The day wards and compliance are judged on, default today (ngày xét)"
            ),
        ] = None,
        since: Annotated[
            date | None,
            strawberry.argument(
                name="from",
                description="Count only records issued on or after this day (từ ngày); counting WORKERS,"
                " those with a work permit issued in the period",
            ),
        ] = None,
        until: Annotated[
            date | None,
            strawberry.argument(
                name="to", description="Count only records issued on or before this day (đến ngày)"
            ),
        ] = None,
        filter: Annotated[
            WorkerFilter | None,
            strawberry.argument(
                description="Count only the workers it keeps, as `workers(filter:)` would list them (điều kiện lọc)"
            ),
        ] = None,
    ) -> View | None:
        dimensions = [
            cast(str, dimension.value) for dimension in groupBy
        ]  # Strawberry gives the plain values
        return await statistics(info, cast(str, unit.value), dimensions, at, since, until, filter)

    @strawberry.field(
        description="Pairs of records that may be one person, left to an officer (docs/domain.md §6): PENDING"
        " ones with their evidence, or DECIDED ones with the latest decision; in id order, `after` an id."
        " Only those whose every record the viewer sees in clear, city-wide.",
        graphql_type=list[IdentityReview] | None,
    )
    async def identityReviews(
        self,
        info: strawberry.Info,
        status: Annotated[
            IdentityReviewStatus, strawberry.argument(description="PENDING or DECIDED ones (tình trạng)")
        ] = IdentityReviewStatus.PENDING,
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = 50,
        after: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="The id of the last review seen (mã xác minh)"),
        ] = None,
    ) -> list[View]:
        return await identity_reviews(info, status.name, first, after)


FINDING_ID = strawberry.argument(description="The finding's id (Discrepancy.id)")
NOTE = strawberry.argument(description="A note kept with the change (ghi chú), at most 2,000 characters")


def closing(action: str, description: str) -> Any:
    """A mutation closing a finding's case by `action`, with an optional note."""

    async def close(
        info: strawberry.Info,
        id: Annotated[strawberry.ID, FINDING_ID],
        note: Annotated[str | None, NOTE] = None,
    ) -> View:
        return await act(info, id, action, note=note)

    return strawberry.mutation(resolver=close, description=description, graphql_type=FindingCase | None)


@strawberry.type(
    description="Changes officers make, each audited: a finding's case in the viewer's agency's reconciliation"
    " work list (danh sách đối soát, docs/domain.md §5) and identity decisions (xác minh danh tính, §6)"
)
class Mutation:
    @strawberry.mutation(
        description="Decide an identity review (xác minh danh tính): SAME_PERSON merges its two sides,"
        " DIFFERENT_PEOPLE keeps them apart for good. Stored, audited, and applied by the index on its next"
        " refresh; a later decision on the same review corrects an earlier one. POST only.",
        graphql_type=IdentityReview | None,
    )
    async def decideIdentity(
        self,
        info: strawberry.Info,
        reviewId: Annotated[
            strawberry.ID, strawberry.argument(description="IdentityReview.id (mã xác minh)")
        ],
        decision: Annotated[IdentityDecision, strawberry.argument(description="The ruling (quyết định)")],
        note: Annotated[
            str | None, strawberry.argument(description="Why, for the record (at most 2000 characters)")
        ] = None,
    ) -> View:
        return await decide_identity(info, reviewId, decision.name, note)

    @strawberry.mutation(
        description="Assign a finding to an officer (giao xử lý); assigning a closed one reopens it",
        graphql_type=FindingCase | None,
    )
    async def assignFinding(
        self,
        info: strawberry.Info,
        id: Annotated[strawberry.ID, FINDING_ID],
        assignee: Annotated[
            str,
            strawberry.argument(description="Who is to handle it (người được giao), at most 100 characters"),
        ],
    ) -> View:
        return await act(info, id, "assign", assignee=assignee)

    @strawberry.mutation(
        description="Add a note to a finding (thêm ghi chú)", graphql_type=FindingCase | None
    )
    async def noteFinding(
        self,
        info: strawberry.Info,
        id: Annotated[strawberry.ID, FINDING_ID],
        text: Annotated[str, NOTE],
    ) -> View:
        return await act(info, id, "note", note=text)

    resolveFinding = closing("resolve", "Mark a finding resolved (đánh dấu đã xử lý), with a note if given")
    referFindingToPolice = closing(
        "refer", "Hand a finding to the police (chuyển Công an xử lý), with a note if given"
    )


class Schema(strawberry.Schema):
    """Logs only faults of ours: a refusal, a bad argument or an invalid query is an answer."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        unexpected = [
            error
            for error in errors
            if error.original_error is not None and not isinstance(error.original_error, GraphQLError)
        ]
        if unexpected:
            super().process_errors(unexpected, execution_context)


class PlainSchema(Schema):
    """The public contract, schema.graphql, as a plain GraphQL server declares it.

    Worker and Employer carry federation keys for `lienthong serve --federation`; this schema shows
    none of federation: no @key in its SDL, and neither the @key directive nor its _FieldSet scalar
    in what it introspects (built again from the query root with GraphQL's own directives only), so
    that a client's introspection gives back schema.graphql.
    """

    def __init__(self, **options: Any) -> None:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Federation directive found in schema")
            super().__init__(**options)
        built = self._schema
        self._schema = GraphQLSchema(
            query=built.query_type,
            mutation=built.mutation_type,
            types=[built.type_map["ErrorCode"]],
            directives=specified_directives,
            extensions=built.extensions,
        )
        self._schema._strawberry_schema = self  # type: ignore[attr-defined]  # as strawberry.Schema does

    def as_str(self) -> str:
        return FEDERATION_KEY.sub("", super().as_str())


class MarkExecuted(SchemaExtension):
    """Marks the context once execution starts, i.e. the document parsed and validated."""

    def on_execute(self) -> Iterator[None]:
        self.execution_context.context.executed = True
        yield


EXTENSIONS = [ParseOnce, ValidateOnce, MarkExecuted]
"""Parsed and validated documents are kept (graph/api/documents.py): docs/operations.md's measured lessons put
validation as 75 % of a small query."""

PUBLISHED = [ErrorCode]
"""Types in the schema that no field returns: listed for clients to introspect (graph/api/errors.py)."""

OPTIONS: dict[str, Any] = {
    "query": Query,
    "mutation": Mutation,
    "types": PUBLISHED,
    "config": StrawberryConfig(default_resolver=read),
    "extensions": EXTENSIONS,
    "execution_context_class": ViewExecutionContext,
}
"""What the plain schema and federation's subgraph are built from."""

schema = PlainSchema(**OPTIONS)
answer_unknown_codes(schema._schema)
