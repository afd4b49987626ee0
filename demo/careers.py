"""Clean careers: each worker's records as a compliant worker has them on the reference date
(docs/domain.md §4).

Three shapes: a new permit (most workers), a permit extended once (the first term ended before the
reference date) or, for about 5%, an exemption instead of a permit. A few permit holders renewed
their passport and had the permit reissued, the right way (docs/domain.md §6). Health check and criminal
record are dated against each filing, which is the permit's start; social insurance covers every
permit holder except intra-company transferees (§4.8).
"""

from __future__ import annotations

from datetime import date

from demo.employers import Employer
from demo.paperwork import DAY, Paperwork
from demo.people import Person
from demo.world import Career


def hire(paper: Paperwork, people: list[Person], employers: list[Employer]) -> list[Career]:
    """Each person's clean career with an employer drawn by size."""
    chosen = paper.rng.choices(employers, weights=[e.weight for e in employers], k=len(people))
    shapes = paper.rng.choices(list(SHAPES), weights=[weight for weight, _ in SHAPES.values()], k=len(people))
    careers = []
    for person, employer, shape in zip(people, chosen, shapes, strict=True):
        career = Career(person, employer, shape, paper.home())
        SHAPES[shape][1](paper, career)
        careers.append(career)
    return careers


def new(paper: Paperwork, career: Career) -> None:
    start = recent_start(paper)
    permit = paper.permit(career, start, paper.term_end(start))
    paper.period(career, "LĐ2", start, permit.end)
    paper.health(career, start)
    paper.criminal_record(career, start)
    if permit.form != "INTRA_COMPANY_TRANSFER":
        paper.insure(career, start)


def extended(paper: Paperwork, career: Career) -> None:
    """A first two-year term that ended recently, extended once with the same terms and a raise."""
    first_end = paper.today - paper.rng.randint(20, 600) * DAY
    first = paper.permit(career, first_end - 729 * DAY, first_end, status="EXPIRED")
    start = first_end + DAY
    raise_ = paper.rng.randint(0, 20) * 500_000
    second = paper.reissue(
        career,
        first,
        issuance="EXTENSION",
        status="VALID",
        start=start,
        end=paper.term_end(start),
        changed=start,
        predecessor=first.key,
        salary=first.salary + raise_,
    )
    for permit in (first, second):
        paper.period(career, "LĐ2", permit.start, permit.end)
        paper.health(career, permit.start)
    paper.criminal_record(career, first.start)
    if first.form != "INTRA_COMPANY_TRANSFER":
        paper.insure(career, first.start)


def exempt(paper: Paperwork, career: Career) -> None:
    start = recent_start(paper)
    exemption = paper.exemption(career, start, paper.term_end(start))
    paper.period(career, "LĐ1", start, exemption.end)
    paper.health(career, start)
    paper.criminal_record(career, start)


SHAPES = {"new": (87, new), "extended": (8, extended), "exempt": (5, exempt)}
"""Shape of a clean career → (how often, how it is built)."""


def recent_start(paper: Paperwork) -> date:
    """Permits still running: started within the last two years (so some criminal records predate
    the police taking them over on 01/03/2025)."""
    return paper.today - paper.rng.randint(20, 690) * DAY


def reissue_after_renewals(paper: Paperwork, careers: list[Career], count: int) -> None:
    """`count` permit holders renewed their passport; the permit was reissued naming both numbers
    (with a fresh health check, so every permit's filing has one), the police re-issued their papers,
    social insurance updated its record."""
    today = paper.today
    eligible = [c for c in careers if c.shape == "new" and c.permit.start <= today - 160 * DAY]
    for career in paper.rng.sample(eligible, min(count, len(eligible))):
        permit = career.permit
        renewed = permit.start + paper.rng.randint(120, (today - permit.start).days - 30) * DAY
        old = career.person.passport
        new_number = paper.change_passport(career, renewed)
        permit.status, permit.changed = "SUPERSEDED", renewed
        paper.reissue(
            career,
            permit,
            issuance="REISSUE",
            status="VALID",
            passport=new_number,
            previous_passport=old,
            predecessor=permit.key,
            start=renewed,
            changed=renewed,
        )
        paper.health(career, renewed)
        for insurance in career.insurance:
            insurance.passport = new_number
        career.shape = "reissued"
