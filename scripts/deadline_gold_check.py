"""Check ``choose_deadline`` against the dated gold follow-ups (ANNOTATION §4).

For each gold line it runs ``choose_deadline`` over ``text`` and then each ``also`` sentence, and
takes the first sentence that yields a date (else the first that yields a recognised no-date
expression, else null). A prediction is correct when it equals ``deadline``, is in
``deadline_alt``, or both are null: the scoring rule of ANNOTATION §5.

    python scripts/deadline_gold_check.py [--verbose] [GOLD.jsonl ...]

The seeds' gold lines carry no meeting date; theirs are listed in ``SEED_MEETING_DATES`` (read
from the minutes' headers). dev-real lines carry ``meeting_date`` (sometimes null).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlp.deadlines import choose_deadline  # noqa: E402

SHARED = ROOT.parent / "shared" / "eval"
DEFAULT_GOLD = (SHARED / "seeds-gold.jsonl", SHARED / "dev-real" / "gold.jsonl")
SEED_MEETING_DATES = {
    "000": date(2018, 9, 27),
    "001": date(2015, 6, 26),
    "002": date(2019, 1, 17),
    "003": date(2023, 5, 23),
    "004": date(2019, 2, 25),
}


def meeting_date_of(line: dict[str, object]) -> date | None:
    if line.get("meeting_date"):
        return date.fromisoformat(str(line["meeting_date"]))
    return SEED_MEETING_DATES.get(str(line["doc"])[:3])


def predict(line: dict[str, object]) -> tuple[str | None, str]:
    """The predicted ISO date (or None) and the rule that gave it."""
    meeting = meeting_date_of(line)
    also = line.get("also")
    sentences = [str(line["text"]), *(str(s) for s in also)] if isinstance(also, list) else [str(line["text"])]
    undated: str | None = None
    for sentence in sentences:
        found = choose_deadline(sentence, meeting)
        if found is None:
            continue
        if found.due is not None:
            return found.due.isoformat(), found.rule
        undated = undated or found.rule
    return None, undated or "none"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="*", type=Path, default=list(DEFAULT_GOLD))
    parser.add_argument("--verbose", "-v", action="store_true", help="print every miss")
    args = parser.parse_args(argv)
    totals = {"all": [0, 0], "dated": [0, 0], "null": [0, 0]}
    for path in args.gold:
        per_file = [0, 0]
        for raw in path.read_text(encoding="utf-8").splitlines():
            if not raw.strip():
                continue
            line = json.loads(raw)
            predicted, rule = predict(line)
            gold = line.get("deadline")
            accepted = {gold, *(line.get("deadline_alt") or [])}
            correct = predicted in accepted
            group = "dated" if gold or line.get("deadline_alt") else "null"
            for key in ("all", group):
                totals[key][0] += correct
                totals[key][1] += 1
            per_file[0] += correct
            per_file[1] += 1
            if args.verbose and not correct:
                print(
                    f"MISS {line['doc']} gold={gold} alt={line.get('deadline_alt')} got={predicted} "
                    f"[{rule}] meeting={meeting_date_of(line)}\n     {line['text']}"
                )
        print(f"{path.name}: {per_file[0]}/{per_file[1]} correct")
    for key, (right, count) in totals.items():
        share = right / count if count else 0.0
        print(f"{key:>5}: {right}/{count} = {share:.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
