"""Human-readable locations for schema paths (problems dock, find results). Qt-free."""

from __future__ import annotations

from pydantic import BaseModel

from app.model.plan import Section
from app.model.problems import Path
from app.model.validation import field_info
from app.ui.numbering import section_numbers


def describe_path(model: BaseModel, path: Path, lang: str) -> str:
    """``("procedures", 0, "steps", 2, "actor")`` → ``处置程序 1 › 处置步骤 3 › 执行机构``.

    Sections are named by their number and title: ``1.2 适用范围 › 正文``.
    """
    if not path:
        return ""
    crumbs: list[str] = []
    numbers: dict[int, str] | None = None
    node: object = model
    i = 0
    while i < len(path):
        part = path[i]
        if isinstance(part, int):
            try:
                node = node[part]  # type: ignore[index]
            except (IndexError, TypeError, KeyError):
                crumbs.append(str(part + 1))
                break
            if isinstance(node, Section):
                if numbers is None:
                    numbers = section_numbers(model) if hasattr(model, "appendices") else {}
                number = numbers.get(id(node), "")
                title = f"{number} {node.title}".strip() if number else node.title
                if crumbs and path[i - 1] in ("sections", "appendices", "children"):
                    crumbs[-1] = title
                else:
                    crumbs.append(title)
            elif crumbs:
                crumbs[-1] = f"{crumbs[-1]} {part + 1}"
            i += 1
            continue
        label, _ = field_info(type(model), path[: i + 1])
        crumbs.append(label.text(lang) if label else str(part))
        node = getattr(node, part, None)
        i += 1
    return " › ".join(c for c in crumbs if c)
