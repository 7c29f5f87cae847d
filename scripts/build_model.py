"""Build the spaCy pipeline the project ships in ``nlp/model`` (run after changing components,
the organisation file's defaults or the first-name list).

    .venv/bin/python scripts/build_model.py
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlp.organisation import load_organisation  # noqa: E402
from nlp.pipeline import MODEL_DIR, build_pipeline  # noqa: E402


def main() -> None:
    organisation = load_organisation(ROOT / "data" / "organisation.toml")
    nlp = build_pipeline(organisation)
    nlp.meta.update(
        {
            "name": "referat_pipeline",
            "version": "0.1.0",
            "description": "Danish minutes (referater): sentences, organisation ruler, people, deadlines, "
            "follow-ups. Rule-based components; first names derived from the Danish DDT NER data.",
            "license": "CC BY-SA 4.0",
            "sources": [
                {"name": "UD Danish-DDT / DaNE NER (Plank 2019)", "license": "CC BY-SA 4.0"},
            ],
        }
    )
    if MODEL_DIR.exists():
        shutil.rmtree(MODEL_DIR)
    nlp.to_disk(MODEL_DIR)
    print(f"wrote {MODEL_DIR} with {nlp.pipe_names}")


if __name__ == "__main__":
    main()
