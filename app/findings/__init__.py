"""The improvement loop: what a drill found, carried back to the plan it exercised.

Where findings live
    In the drill file's ``findings`` list (``app.model.drill.Finding``: id, text,
    severity, owner, due, status open / in_progress / closed, ``ref`` to a plan
    element, inject, criterion, session). During a drill the console records them in
    the session journal (``DrillSession.add_finding``); ``sync_journal`` carries them
    into the drill file, once (a finding already carried is recognised by its session
    and id or text), and can add the held drill to the plan's ``meta.drill_history``
    so the due-date checks know it happened.

How a plan finds its findings
    A plan does not copy them. ``linked_findings(plan_path)`` reads the drill files in
    the plan's folder whose ``meta.plan`` names the plan (plan and drills side by side,
    as ``drill new`` and the templates lay them out). The editor calls it when a plan is
    opened or saved (and when a drill file next to it changes), then:

    * ``by_element(plan, linked.findings)`` → open findings by the schema path of the
      element they point to: badges in the outline (``findings_under`` for a node and
      its children) and the list in the element's editor;
    * ``finding_problems(plan, linked, today, lines=…)`` → the overdue ones (and those
      whose element is gone) as ``Problem`` rows for the problems dock, located on the
      element.

Closing a finding
    ``close_in_files(drill, id, revise=plan)`` closes it in the drill file and adds a
    revision entry to the plan (date, summary from the finding, optional version bump;
    ``revise_plan`` / ``close_finding`` are the in-memory steps for undoable edits).

The CLI is ``python -m app findings list|close|update|sync`` (``app.cli.findings``).
"""

from app.findings.links import (
    LinkedDrills,
    LinkedFinding,
    by_element,
    canonical_ref,
    element_label,
    findings_of,
    findings_under,
    linked_findings,
    ref_path,
)
from app.findings.ops import (
    REVISE_FIRST,
    CloseResult,
    FindingError,
    MergeResult,
    SyncResult,
    close_finding,
    close_in_files,
    find_finding,
    is_carried,
    merge_findings,
    next_version,
    record_drill,
    revise_plan,
    revision_summary,
    set_status,
    sync_journal,
    unsynced_findings,
    update_in_file,
    why_not_revised,
)
from app.findings.problems import finding_problems

__all__ = [
    "REVISE_FIRST",
    "CloseResult",
    "FindingError",
    "LinkedDrills",
    "LinkedFinding",
    "MergeResult",
    "SyncResult",
    "by_element",
    "canonical_ref",
    "close_finding",
    "close_in_files",
    "element_label",
    "find_finding",
    "finding_problems",
    "findings_of",
    "findings_under",
    "is_carried",
    "linked_findings",
    "merge_findings",
    "next_version",
    "record_drill",
    "ref_path",
    "revise_plan",
    "revision_summary",
    "set_status",
    "sync_journal",
    "unsynced_findings",
    "update_in_file",
    "why_not_revised",
]
