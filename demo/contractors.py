"""Foreign contractors' quarterly declarations of foreign headcount per construction package.

Every contractor declares at least the workers it has with a valid permit or exemption, except the
seeded ones, which declare fewer than hold valid permits (CONTRACTOR_HEADCOUNT_EXCEEDED, docs/domain.md §5).
"""

from __future__ import annotations

from collections import Counter

from demo.employers import Employer
from demo.paperwork import Paperwork
from demo.records import ContractorDeclaration, valid_on
from demo.world import Discrepancy, World

QUARTERS = ("2026-Q3", "2026-Q4")
INVESTORS = [
    "Ban Quản lý dự án đầu tư xây dựng công trình giao thông Hà Nội",
    "Ban Quản lý dự án đầu tư xây dựng công trình dân dụng và công nghiệp Hà Nội",
    "Công ty TNHH Phát triển Khu công nghiệp Thăng Long",
    "Tổng công ty Điện lực Hà Nội",
]
WORKS = [
    "Thi công xây lắp nhà xưởng",
    "Lắp đặt hệ thống cơ điện",
    "Thi công cầu cạn",
    "Xây dựng trạm biến áp 110kV",
]


def declare_headcounts(world: World, paper: Paperwork, short: int) -> None:
    """Declarations for every active contractor; the `short` with the most permits under-declare."""
    permits = Counter(p.employer for p in world.gather(lambda c: c.permits) if valid_on(p, world.today))
    authorised = permits + Counter(
        e.employer for e in world.gather(lambda c: c.exemptions) if valid_on(e, world.today)
    )
    contractors = [
        e for e in world.employers if e.kind == "FOREIGN_CONTRACTOR" and e.status == "ACTIVE" and e.registry
    ]
    staffed = sorted(
        (c.tax_code for c in contractors if permits[c.tax_code]), key=lambda code: -permits[code]
    )
    under = {code: permits[code] - max(1, permits[code] // 4) for code in staffed[:short]}
    if not under:
        raise LookupError("no contractor has workers; generate more workers")
    declared: dict[str, list[ContractorDeclaration]] = {c.tax_code: [] for c in contractors}
    for contractor in contractors:
        code = contractor.tax_code
        packages = [package_name(paper) for _ in range(paper.rng.randint(1, 3))]
        for quarter in QUARTERS:
            total = under[code] if code in under else authorised[code] + paper.rng.randint(0, 3)
            declared[code] += declare(paper, contractor, quarter, packages, total)
    world.contractor_declarations = [d for batch in declared.values() for d in batch]
    world.discrepancies += [
        Discrepancy(
            "CONTRACTOR_HEADCOUNT_EXCEEDED",
            f"declared {total} foreign workers each quarter, {permits[code]} hold valid permits",
            employers=[code],
            records=declared[code],
        )
        for code, total in under.items()
    ]


def package_name(paper: Paperwork) -> str:
    return f"Gói thầu XL-{paper.rng.randint(1, 60):02d}: {paper.rng.choice(WORKS)}"


def declare(
    paper: Paperwork, contractor: Employer, quarter: str, packages: list[str], total: int
) -> list[ContractorDeclaration]:
    """`total` foreign workers spread over the contractor's packages, one declaration each."""
    cuts = sorted(paper.rng.randint(0, total) for _ in packages[1:])
    shares = [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]
    investor = paper.rng.choice(INVESTORS)
    return [
        ContractorDeclaration(
            key=f"NT-{quarter}-{paper.serial('NT'):05d}",
            employer=contractor.tax_code,
            package=package,
            investor=investor,
            quarter=quarter,
            declared=share,
        )
        for package, share in zip(packages, shares, strict=True)
    ]
