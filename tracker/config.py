"""Settings, resolved in one order everywhere: command-line option > environment
(``TRACKER_…``) > config file > default.

The config file is TOML, looked up at ``TRACKER_CONFIG`` or ``./tracker.toml`` or
``~/.config/tracker/config.toml``. Secrets (the SMTP password) are read only from the
environment, never from the file, so the file can be shared and versioned.
"""

from __future__ import annotations

import getpass
import os
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from nlp.organisation import Organisation

PROJECT_DATA = Path(__file__).resolve().parent.parent / "data"
DEFAULT_ORGANISATION = PROJECT_DATA / "organisation.toml"


class ConfigError(Exception):
    """The configuration is invalid; the message names the file or variable and the reason."""


def default_database_path() -> Path:
    """Where the embedded SQLite database lives when nothing else is configured."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "tracker" / "tracker.db"


@dataclass(frozen=True, slots=True)
class SmtpSettings:
    host: str = "localhost"
    port: int = 25
    security: str = "none"  # none | starttls | ssl
    user: str | None = None
    password: str | None = None  # from TRACKER_SMTP_PASSWORD only
    sender: str = "tracker@localhost"
    secretariat: str | None = None  # address that receives the whole report


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    organisation_path: Path = DEFAULT_ORGANISATION
    user: str = field(default_factory=lambda: _os_user())
    role: str = "secretariat"  # secretariat | chief
    unit: str | None = None  # a chief's own unit
    smtp: SmtpSettings = field(default_factory=SmtpSettings)
    config_path: Path | None = None

    def organisation(self) -> Organisation:
        from nlp.organisation import load_organisation

        return load_organisation(self.organisation_path)

    def with_overrides(self, **changes: Any) -> Settings:
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def _config_file(env: dict[str, str]) -> Path | None:
    explicit = env.get("TRACKER_CONFIG")
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"TRACKER_CONFIG: no such file: {path}")
        return path
    for candidate in (Path.cwd() / "tracker.toml", Path.home() / ".config" / "tracker" / "config.toml"):
        if candidate.is_file():
            return candidate
    return None


def _read_file(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc}") from exc


def _int(name: str, value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{name}: expected a whole number, got {value!r}") from exc


def load_settings(env: dict[str, str] | None = None, **overrides: Any) -> Settings:
    """Resolve the settings; ``overrides`` are the command line's options (None = not given)."""
    env = dict(os.environ) if env is None else env
    path = _config_file(env)
    file = _read_file(path) if path else {}
    db = file.get("database", {})
    user = file.get("user", {})
    smtp_file = file.get("smtp", {})

    database_url = env.get("TRACKER_DATABASE_URL") or db.get("url")
    if not database_url:
        database_url = f"sqlite:///{default_database_path()}"
    organisation = env.get("TRACKER_ORGANISATION") or file.get("organisation") or DEFAULT_ORGANISATION
    organisation_path = Path(organisation)
    if path is not None and not organisation_path.is_absolute() and "organisation" in file:
        organisation_path = path.parent / organisation_path
    smtp = SmtpSettings(
        host=env.get("TRACKER_SMTP_HOST") or smtp_file.get("host", "localhost"),
        port=_int("smtp.port", env.get("TRACKER_SMTP_PORT") or smtp_file.get("port", 25)),
        security=(env.get("TRACKER_SMTP_SECURITY") or smtp_file.get("security", "none")).lower(),
        user=env.get("TRACKER_SMTP_USER") or smtp_file.get("user"),
        password=env.get("TRACKER_SMTP_PASSWORD"),
        sender=env.get("TRACKER_SMTP_SENDER") or smtp_file.get("sender", "tracker@localhost"),
        secretariat=env.get("TRACKER_SECRETARIAT_EMAIL") or smtp_file.get("secretariat"),
    )
    if smtp.security not in {"none", "starttls", "ssl"}:
        raise ConfigError(f"smtp.security must be none, starttls or ssl, got {smtp.security!r}")
    role = (env.get("TRACKER_ROLE") or user.get("role") or "secretariat").lower()
    if role not in {"secretariat", "chief"}:
        raise ConfigError(f"user.role must be secretariat or chief, got {role!r}")
    settings = Settings(
        database_url=database_url,
        organisation_path=organisation_path,
        user=env.get("TRACKER_USER") or user.get("name") or _os_user(),
        role=role,
        unit=env.get("TRACKER_UNIT") or user.get("unit"),
        smtp=smtp,
        config_path=path,
    )
    return settings.with_overrides(**overrides)
