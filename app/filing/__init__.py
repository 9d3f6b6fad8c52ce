"""Filing and review package (备案材料 / 评审材料), Qt-free.

The GUI runs ``build_package`` in a worker with a ``Progress`` it can cancel; the CLI
(``python -m app package``) calls the same function.

    build_package(plan, out_dir, options=PackageOptions(zip=True), progress=p) -> PackageReport
    review_requirement(plan) -> ReviewRequirement      # 评审 or 论证, and why
    filing_deadline(plan, today) -> FilingDeadline     # 20 working days after issue
    risk_report(plan, today) / resource_report(plan, today) / review_form(plan, today) /
    review_opinion(plan, today) / drafting_notes(plan, today) -> FilingDoc (.to_bytes())
"""

from app.filing.document import FilingDoc, Gap
from app.filing.facts import (
    FilingDeadline,
    ReviewRequirement,
    element_rows,
    filing_deadline,
    review_requirement,
)
from app.filing.forms import Item, application_form, checklist, drafting_notes
from app.filing.package import (
    GapsRemain,
    PackageError,
    PackageExists,
    PackageFile,
    PackageOptions,
    PackageReport,
    build_documents,
    build_package,
    package_name,
    safe_name,
)
from app.filing.reports import resource_report, risk_report
from app.filing.review import review_form, review_opinion

__all__ = [
    "FilingDeadline",
    "FilingDoc",
    "Gap",
    "GapsRemain",
    "Item",
    "PackageError",
    "PackageExists",
    "PackageFile",
    "PackageOptions",
    "PackageReport",
    "ReviewRequirement",
    "application_form",
    "build_documents",
    "build_package",
    "checklist",
    "drafting_notes",
    "element_rows",
    "filing_deadline",
    "package_name",
    "resource_report",
    "review_form",
    "review_opinion",
    "review_requirement",
    "risk_report",
    "safe_name",
]
