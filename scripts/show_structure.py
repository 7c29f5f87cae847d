"""Print the parsed structure of referat files: meeting facts, items, sections.

Usage: python scripts/show_structure.py FILE [FILE ...] [--text]   (--text shows section text)
       python scripts/show_structure.py --gold GOLD.jsonl FILE ...  (meeting-date accuracy)
A development aid for judging the parser on new layouts; reads files with ``read_document``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from nlp.errors import DocumentError
from nlp.reading import read_document
from nlp.structure import parse_meeting


def show(path: Path, with_text: bool) -> None:
    try:
        text = read_document(path)
    except DocumentError as exc:
        print(f"!! {exc}")
        return
    meeting = parse_meeting(text, source=path.name)
    print(f"== {path.name}: forum={meeting.forum!r} date={meeting.date} time={meeting.start_time} "
          f"place={meeting.place!r}")
    if meeting.participants:
        print(f"   participants: {', '.join(meeting.participants)}")
    for item in meeting.items:
        print(f"  [{item.number}] {item.title!r} case={item.case_number} span={item.start}-{item.end}")
        for section in item.sections:
            flag = "" if section.current else f" (history {section.decided_on})"
            if section.current and section.decided_on:
                flag = f" ({section.decided_on})"
            preview = " ".join(section.text.split())
            preview = preview if with_text else preview[:70]
            print(f"      {section.kind.value:<12} {section.heading[:50]!r}{flag}: {preview}")


def date_accuracy(gold_path: Path, paths: list[Path]) -> None:
    """Meeting-date accuracy over the documents a gold file gives a ``meeting_date`` for."""
    expected: dict[str, str | None] = {}
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            expected.setdefault(record["doc"], record.get("meeting_date"))
    right = 0
    judged = [p for p in paths if p.name in expected]
    for path in judged:
        found = parse_meeting(read_document(path), source=path.name).date
        ok = (found.isoformat() if found else None) == expected[path.name]
        right += ok
        print(f"{'ok ' if ok else 'BAD'} {path.name}: found {found}, gold {expected[path.name]}")
    print(f"meeting date: {right}/{len(judged)} correct")


def main(argv: list[str]) -> int:
    with_text = "--text" in argv
    gold = None
    if "--gold" in argv:
        gold = Path(argv[argv.index("--gold") + 1])
        argv = [a for i, a in enumerate(argv) if a != "--gold" and (i == 0 or argv[i - 1] != "--gold")]
    paths = [Path(a) for a in argv if a != "--text"]
    if not paths:
        print(__doc__)
        return 2
    if gold is not None:
        date_accuracy(gold, paths)
        return 0
    for path in paths:
        show(path, with_text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
