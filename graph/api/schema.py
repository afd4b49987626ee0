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
from graph.api.documents import ParseOnce, ValidateOnce
from graph.api.identity_types import IdentityDecision, IdentityReview, IdentityReviewStatus
from graph.api.inputs import WorkerFilter
from graph.api.pagination import decode_cursor
from graph.api.resolvers.deliveries import deliveries
from graph.api.resolvers.discrepancies import discrepancies
from graph.api.resolvers.exchange_lists import exchange_list
from graph.api.resolvers.identity_reviews import decide_identity, identity_reviews
from graph.api.resolvers.statistics import statistics
from graph.api.resolvers.workers import connection, matching, one_employer, one_worker
from graph.api.types import (
    Delivery,
    Dimension,
    DiscrepancyConnection,
    DiscrepancyKind,
    Employer,
    ExchangeList,
    Statistics,
    StatisticsUnit,
    Worker,
    WorkerConnection,
)

FEDERATION_KEY = re.compile(r' @key\(fields: "[^"]*"\)')


@strawberry.type
class Query:
    @strawberry.field(
        description="One worker by passport number in any spelling (spaces, dashes, case).",
        graphql_type=Worker | None,
    )
    async def worker(
        self, info: strawberry.Info, passportNumber: str, nationality: str | None = None
    ) -> View | None:
        return await one_worker(info, passportNumber, nationality)

    @strawberry.field(
        description="Workers matching a filter, a page at a time (at most 1000).",
        graphql_type=WorkerConnection,
    )
    async def workers(
        self,
        info: strawberry.Info,
        filter: WorkerFilter | None = None,
        first: int | None = 50,
        after: str | None = None,
    ) -> View:
        context = info.context
        context.gate.require("Query", "workers")
        candidates = context.index.ordered_from(decode_cursor(context.index.secret, after))
        return await connection(
            info, matching(candidates, filter, context.gate, context.index.snapshot), first, after
        )

    @strawberry.field(
        description="An employer by tax code (10 digits, or 13 for a branch).", graphql_type=Employer | None
    )
    async def employer(self, info: strawberry.Info, taxCode: str) -> View | None:
        return await one_employer(info, taxCode)

    @strawberry.field(
        description="The list `agency` sends in `month` (YYYY-MM; a quarterly list also YYYY-Qn), docs/domain.md"
        " §8: its records in the window (by default the 11th of the month before to the 10th, Asia/Ho_Chi_Minh),"
        " as the viewer may see them.",
        graphql_type=ExchangeList | None,
    )
    async def exchangeList(self, info: strawberry.Info, agency: str, month: str) -> View:
        return await exchange_list(info, agency, month)

    @strawberry.field(
        description="The e-mail deliveries of `month`'s lists (YYYY-MM) that the viewer's agency sent or"
        " received, with each attempt: status, error, time, Message-ID and the file's SHA-256.",
        graphql_type=list[Delivery] | None,
    )
    async def deliveries(self, info: strawberry.Info, month: str) -> list[View]:
        return await deliveries(info, month)

    @strawberry.field(
        description="Reconciliation findings (docs/domain.md §5) as the sources stand on `to` (default: today),"
        " that began on or after `from`; workers first, in id order, then employers.",
        graphql_type=DiscrepancyConnection | None,
    )
    async def discrepancies(
        self,
        info: strawberry.Info,
        kind: list[DiscrepancyKind] | None = None,
        since: Annotated[date | None, strawberry.argument(name="from")] = None,
        until: Annotated[date | None, strawberry.argument(name="to")] = None,
        first: int | None = 50,
        after: str | None = None,
    ) -> View:
        kinds = [k.value for k in kind] if kind else None
        return await discrepancies(info, kinds, since, until, first, after)

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
            strawberry.argument(description="The day wards and compliance are judged on (default: today)"),
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
                description="Count only the workers it keeps, as `workers(filter:)` would list them"
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
        status: IdentityReviewStatus = IdentityReviewStatus.PENDING,
        first: int | None = 50,
        after: strawberry.ID | None = None,
    ) -> list[View]:
        return await identity_reviews(info, status.value, first, after)


@strawberry.type
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
        reviewId: strawberry.ID,
        decision: IdentityDecision,
        note: Annotated[
            str | None, strawberry.argument(description="Why, for the record (at most 2000 characters)")
        ] = None,
    ) -> View:
        return await decide_identity(info, reviewId, decision.name, note)


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

schema = PlainSchema(
    query=Query, mutation=Mutation, config=StrawberryConfig(default_resolver=read), extensions=EXTENSIONS
)
