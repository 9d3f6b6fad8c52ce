"""The floor every window stands on: modal shims, background tasks, settings, icons,
translation and the PySide6 fix. Nothing here imports a ui module outside this package."""
