"""The editor's save hook and the author setting of the library's history.

``record_saved_version(path)`` runs on the saving thread right after a save succeeded:
when the file sits in a library that keeps versions, its new content becomes a version
recorded for the author named in the settings. A failure there never fails the save
(the file is written); the change is then recorded with the next save or sync, and the
history panel shows it as not yet recorded.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from app.ui.base.settings import Preferences

if TYPE_CHECKING:
    from app.library.repo import Author

AUTHOR_NAME = "history/author_name"
AUTHOR_EMAIL = "history/author_email"

log = logging.getLogger(__name__)


def author_from_settings(prefs: Preferences | None = None, root: Path | None = None) -> Author:
    """The 修订人 recorded with each version: the settings' name and e-mail, else the
    library's own setting or the computer's account name."""
    from app.library.repo import Author, default_author

    settings = (prefs or Preferences()).qsettings
    name, email = settings.value(AUTHOR_NAME, ""), settings.value(AUTHOR_EMAIL, "")
    fallback = default_author(root)
    name = name.strip() if isinstance(name, str) else ""
    email = email.strip() if isinstance(email, str) else ""
    return Author(name or fallback.name, email or fallback.email)


def set_author(prefs: Preferences, name: str, email: str) -> None:
    prefs.qsettings.setValue(AUTHOR_NAME, name.strip())
    prefs.qsettings.setValue(AUTHOR_EMAIL, email.strip())
    prefs.sync()


def _in_repository(path: Path) -> bool:
    # a cheap look before dulwich is imported: most plans are not in a library with versions
    here = Path(os.path.abspath(path)).parent
    return any((folder / ".git").is_dir() for folder in (here, *here.parents))


def record_saved_version(path: Path) -> str | None:
    """Record the saved file as a version of its library; None when there is none."""
    if not _in_repository(path):
        return None
    from app.library.history import record_version
    from app.storage.errors import StorageError

    try:
        return record_version(path, author_from_settings())
    except (StorageError, OSError) as exc:  # the file is saved; the next save records it
        log.warning("version of %s not recorded: %s", path, exc)
        return None
