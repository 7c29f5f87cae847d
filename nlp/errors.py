"""Errors the NLP layer raises for bad input; each names the file and the reason."""

from __future__ import annotations

from pathlib import Path


class DocumentError(Exception):
    """A referat could not be read. The message is meant for people: file name and reason."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}: {reason}")


class OrganisationError(Exception):
    """The organisation file is invalid; the message names the file and the offending entry."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")
