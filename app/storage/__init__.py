"""YAML in and out: safe loading with limits, atomic saves with backups, recovery, journals."""

from app.storage.errors import LoadError, SaveError, StorageError

__all__ = ["LoadError", "SaveError", "StorageError"]
