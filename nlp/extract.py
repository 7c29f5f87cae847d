"""From a referat to its follow-ups: the one entry point the tracker calls.

``process_file`` reads, parses and extracts; ``extract_meeting`` extracts from an already
parsed meeting. Both are pure: no database, no UI, and the same input gives the same output,
which is what lets ``tracker ingest`` store exactly what ``tracker extract`` prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nlp.models import FollowUp, Meeting
from nlp.organisation import Organisation, empty_organisation


@dataclass(frozen=True, slots=True)
class Extraction:
    meeting: Meeting
    followups: tuple[FollowUp, ...]


def extract_meeting(meeting: Meeting, organisation: Organisation | None = None) -> list[FollowUp]:
    """The follow-ups of one parsed meeting, in document order."""
    from nlp.detection import detect_followups

    return detect_followups(meeting, organisation or empty_organisation())


def process_text(text: str, source: str, organisation: Organisation | None = None) -> Extraction:
    from nlp.structure import parse_meeting

    meeting = parse_meeting(text, source=source)
    return Extraction(meeting, tuple(extract_meeting(meeting, organisation)))


def process_file(path: Path | str, organisation: Organisation | None = None) -> Extraction:
    """Read a referat (.txt, .pdf, .docx, .html) and extract its follow-ups.

    Raises ``nlp.errors.DocumentError`` naming the file and the reason when it cannot be read.
    """
    from nlp.reading import read_document

    path = Path(path)
    return process_text(read_document(path), path.name, organisation)
