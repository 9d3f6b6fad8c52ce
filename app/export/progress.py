"""Progress for exports: the shared ``app.progress`` objects, under their export names."""

from app.progress import Callback, Cancelled, Progress, Steps

__all__ = ["Callback", "Cancelled", "Progress", "Steps"]
