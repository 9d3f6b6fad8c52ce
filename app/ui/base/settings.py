"""Where user data lives, and the preferences kept in QSettings.

``PLANDRILL_HOME`` overrides every location (tests set it, so they never touch the real
home): settings go to ``$PLANDRILL_HOME/settings.ini`` and recovery files to
``$PLANDRILL_HOME/recovery``. Otherwise Qt's standard per-user locations are used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, QStandardPaths

from app import APP_NAME, paths
from app.i18n import language_from_env
from app.paths import user_home

MAX_RECENT = 10
DEFAULT_AUTOSAVE_SECONDS = 30


def user_data_dir() -> Path:
    home = user_home()
    if home is not None:
        return home
    # %APPDATA%/PlanDrill/PlanDrill on Windows; app.paths computes the same without Qt
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location) if location else paths.user_data_dir()


def recovery_dir() -> Path:
    return user_data_dir() / "recovery"


def user_templates_dir() -> Path:
    """The user's own plan templates (``*.plan-template.yaml``), offered besides the built-in."""
    return user_data_dir() / "templates"


def documents_dir() -> Path:
    """Where a save dialog starts when there is no better folder: the user's Documents."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(location) if location and Path(location).is_dir() else Path.home()


def open_settings() -> QSettings:
    home = user_home()
    if home is not None:
        return QSettings(str(home / "settings.ini"), QSettings.Format.IniFormat)
    # INI, not the Windows registry: easy to back up, copy and reset
    return QSettings(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, APP_NAME, APP_NAME.lower()
    )


@dataclass
class PrefValues:
    """What the preferences dialog edits."""

    language: str = "zh"
    autosave_seconds: int = DEFAULT_AUTOSAVE_SECONDS
    export_folder: str = ""


class Preferences:
    """Typed access to the settings; every read tolerates missing or odd values."""

    def __init__(self, settings: QSettings | None = None) -> None:
        self.qsettings = settings or open_settings()

    def _str(self, key: str, default: str = "") -> str:
        value = self.qsettings.value(key, default)
        return value if isinstance(value, str) else default

    def _int(self, key: str, default: int) -> int:
        try:
            return int(self.qsettings.value(key, default))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return default

    # preferences
    @property
    def language(self) -> str:
        value = self._str("language", language_from_env())
        return "en" if value.startswith("en") else "zh"

    @language.setter
    def language(self, value: str) -> None:
        self.qsettings.setValue("language", "en" if value.startswith("en") else "zh")

    @property
    def autosave_seconds(self) -> int:
        return max(0, self._int("autosave_seconds", DEFAULT_AUTOSAVE_SECONDS))

    @autosave_seconds.setter
    def autosave_seconds(self, value: int) -> None:
        self.qsettings.setValue("autosave_seconds", max(0, int(value)))

    @property
    def export_folder(self) -> str:
        return self._str("export_folder")

    @export_folder.setter
    def export_folder(self, value: str) -> None:
        self.qsettings.setValue("export_folder", value)

    def values(self) -> PrefValues:
        return PrefValues(self.language, self.autosave_seconds, self.export_folder)

    def apply(self, values: PrefValues) -> None:
        self.language = values.language
        self.autosave_seconds = values.autosave_seconds
        self.export_folder = values.export_folder
        self.qsettings.sync()

    # state
    @property
    def last_folder(self) -> str:
        return self._str("state/last_folder")

    @last_folder.setter
    def last_folder(self, value: str) -> None:
        self.qsettings.setValue("state/last_folder", value)

    @property
    def show_ids(self) -> bool:
        """显示编号: whether the tables show the id column (off unless asked for)."""
        return str(self.qsettings.value("state/show_ids", "false")).lower() in ("true", "1")

    @show_ids.setter
    def show_ids(self, value: bool) -> None:
        self.qsettings.setValue("state/show_ids", "true" if value else "false")

    def _strings(self, key: str) -> list[str]:
        # JSON text: QSettings does not round-trip empty or one-element lists reliably
        try:
            value = json.loads(self._str(key, "[]"))
        except ValueError:
            return []
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []

    def _set_strings(self, key: str, values: list[str]) -> None:
        self.qsettings.setValue(key, json.dumps(values, ensure_ascii=False))
        self.qsettings.sync()

    @property
    def recent_files(self) -> list[str]:
        return self._strings("state/recent_files")

    def add_recent(self, path: str | Path) -> list[str]:
        text = str(Path(path).resolve())
        files = [text] + [f for f in self.recent_files if f != text]
        self._set_recent(files[:MAX_RECENT])
        return self.recent_files

    def remove_recent(self, path: str) -> None:
        self._set_recent([f for f in self.recent_files if f != path])

    def clear_recent(self) -> None:
        self._set_recent([])

    def _set_recent(self, files: list[str]) -> None:
        self._set_strings("state/recent_files", files)

    @property
    def fonts_warned(self) -> list[str]:
        """The missing export fonts the user was already told about (told once)."""
        return self._strings("state/fonts_warned")

    @fonts_warned.setter
    def fonts_warned(self, names: list[str]) -> None:
        self._set_strings("state/fonts_warned", sorted(names))

    def bytes(self, key: str) -> QByteArray | None:
        value = self.qsettings.value(f"state/{key}")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_bytes(self, key: str, value: QByteArray) -> None:
        self.qsettings.setValue(f"state/{key}", value)

    def sync(self) -> None:
        self.qsettings.sync()
