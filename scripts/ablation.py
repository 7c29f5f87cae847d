"""Show what the DDT-derived first-name gazetteer contributes: score the dev sets with and
without it (ANNOTATION §5 scoring, as `tracker eval`).

    .venv/bin/python scripts/ablation.py ../shared/eval
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlp.detection import pipeline_for  # noqa: E402
from nlp.extract import process_file  # noqa: E402
from nlp.organisation import load_organisation  # noqa: E402
from nlp.pipeline import PeopleFinder  # noqa: E402
from nlp.scoring import load_jsonl, score  # noqa: E402


def run(gold: Path, docs: list[Path], ignore_item: bool, names: bool) -> str:
    organisation = load_organisation(ROOT / "data" / "organisation.toml")
    people = pipeline_for(organisation).get_pipe("referat_people")
    assert isinstance(people, PeopleFinder)
    saved = people.first_names
    if not names:
        people.first_names = frozenset()
    try:
        predictions = [f.to_json() for d in docs for f in process_file(d, organisation).followups]
    finally:
        people.first_names = saved
    report = score(load_jsonl(gold), predictions, ignore_item=ignore_item, documents=[d.name for d in docs])
    data = report.to_json()
    det, resp = data["detection"], data["responsible_deadline"]
    return (
        f"F1 {det['f1']:.3f}  responsible strict {resp['responsible_strict']:.3f} "
        f"lenient {resp['responsible_lenient']:.3f}"
    )


def main() -> None:
    evaluation = Path(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared" / "eval")
    sets = [
        ("seeds", evaluation / "seeds-gold.jsonl", sorted((ROOT / "seeds").glob("*.txt")), False),
        (
            "dev-real",
            evaluation / "dev-real" / "gold.jsonl",
            sorted((evaluation / "dev-real" / "docs").glob("*.txt")),
            True,
        ),
    ]
    for name, gold, docs, ignore_item in sets:
        for names in (True, False):
            label = "with DDT first names" if names else "without"
            print(f"{name:<9} {label:<21} {run(gold, docs, ignore_item, names)}")


if __name__ == "__main__":
    main()
