"""Seeded identity puzzles (docs/domain.md §6): pairs of records that look like one person, which
no document ties, so the linker must leave them to an officer as *possible matches*.

- Namesakes: two workers of one nationality, one gender, the same name and birth date, at the same
  employer, each on their own passport. Merging them would show one's criminal record on the other.
- A renewed passport where no permit names both numbers: a worker exempt from a permit renews the
  passport; the police record the new visa on the new number, while the clinic, the exemption and
  the criminal record keep the old one.
"""

from __future__ import annotations

from collections import defaultdict

from demo.paperwork import Paperwork
from demo.world import Career, Discrepancy, World


def seed_identity_reviews(world: World, paper: Paperwork) -> list[Discrepancy]:
    """Both puzzles, once each, on careers no seeded problem took."""
    taken = {id(career) for found in world.discrepancies for career in found.careers}
    clean = [career for career in world.careers if id(career) not in taken]
    return [namesakes(clean, paper), renewal_without_permit(clean, paper)]


def namesakes(clean: list[Career], paper: Paperwork) -> Discrepancy:
    alike: dict[tuple[str, str, str], list[Career]] = defaultdict(list)
    for career in clean:
        if career.shape == "new":
            alike[(career.employer.tax_code, career.person.nationality, career.person.gender)].append(career)
    first, second = paper.rng.choice(sorted((c for c in alike.values() if len(c) >= 2), key=len)[-5:])[:2]
    twin, original = second.person, first.person
    twin.family, twin.given, twin.birth, twin.local_name = (
        original.family,
        original.given,
        original.birth,
        original.local_name,
    )
    first.shape = second.shape = "namesake"
    return Discrepancy(
        "POSSIBLE_MATCH",
        f"namesakes born {original.birth} at employer {first.employer.tax_code}, each on their own passport",
        [first, second],
        records=[first.permit, second.permit],
    )


def renewal_without_permit(clean: list[Career], paper: Paperwork) -> Discrepancy:
    career = paper.rng.choice([c for c in clean if c.shape == "exempt" and c.visas and c.health])
    old = career.person.passport
    visa = career.visas[-1]
    visa.passport = paper.passports.renew(career.person)
    career.shape = "renewed_unlinked"
    return Discrepancy(
        "POSSIBLE_MATCH",
        f"passport {old} renewed; the visa names the new number, the health check the old; no permit names both",
        [career],
        records=[visa, career.health[-1]],
        also=["WORK_STATUS_WITHOUT_PERMIT"],  # the visa alone, until an officer joins it to the exemption
    )
