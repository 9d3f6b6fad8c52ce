"""PySide6 user interface. The only package that imports Qt."""

from app.ui.base import qtfix  # noqa: F401  - must run before any signal is emitted
