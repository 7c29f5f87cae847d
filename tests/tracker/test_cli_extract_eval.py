"""`tracker extract` and `tracker eval` as a user runs them.

These check shape and behaviour, not extraction quality: the numbers asserted come from
hand-made predictions (``--predictions``) or from counts that do not depend on what the
extractor finds.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from tracker.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
SEED = next((ROOT / "seeds").glob("000_*.txt"))
OTHER_SEED = next((ROOT / "seeds").glob("001_*.txt"))
REQUIRED = {"doc": str, "item": int, "text": str, "responsible": list}


@pytest.fixture(autouse=True)
def no_config_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No ./tracker.toml or ~/.config file is found (conftest already clears TRACKER_*)."""
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)


def invoke(*args: str | Path) -> Result:
    return CliRunner().invoke(app, [str(a) for a in args])


def jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def record(doc: str, item: int, text: str, **extra: Any) -> dict[str, Any]:
    base: dict[str, Any] = {"doc": doc, "item": item, "text": text, "responsible": [], "deadline": None}
    return base | extra


# --- tracker extract -----------------------------------------------------------------------------


def test_extract_prints_one_follow_up_record_per_line_as_utf8(tmp_path: Path) -> None:
    """A real process with an ASCII locale: the output is still UTF-8 JSONL, unescaped."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env |= {"HOME": str(tmp_path), "LC_ALL": "C", "PYTHONIOENCODING": "ascii"}
    tracker = Path(sys.executable).parent / "tracker"
    done = subprocess.run(
        [str(tracker), "extract", str(SEED), "--format", "jsonl"],
        capture_output=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    out = done.stdout.decode("utf-8")
    assert "\\u00" not in out  # Danish letters are written as they are
    records = jsonl(out)
    assert records, "a full referat yields at least one follow-up"
    for rec in records:
        for key, kind in REQUIRED.items():
            assert isinstance(rec[key], kind), (key, rec)
        assert rec["doc"] == SEED.name
        assert rec["deadline"] is None or isinstance(rec["deadline"], str)


def test_extract_formats_agree() -> None:
    as_lines = invoke("extract", SEED, "--format", "jsonl")
    as_array = invoke("extract", SEED, "--format", "json")
    as_table = invoke("extract", SEED, "--format", "table")
    assert as_lines.exit_code == as_array.exit_code == as_table.exit_code == 0
    assert json.loads(as_array.stdout) == jsonl(as_lines.stdout)
    table = as_table.stdout.splitlines()
    header = next(line for line in table if "responsible" in line)
    assert all(word in header for word in ("doc", "item", "deadline", "responsible", "text"))
    assert sum(SEED.name in line for line in table) == len(jsonl(as_lines.stdout))


def test_extract_reads_folders_recursively_and_reports_a_bad_file(tmp_path: Path) -> None:
    folder = tmp_path / "referater"
    (folder / "2019").mkdir(parents=True)
    shutil.copy(SEED, folder / "2019" / "nested.txt")
    (folder / "picture.png").write_bytes(b"\x89PNG not a referat")
    (folder / "empty.txt").write_text("", encoding="utf-8")

    result = invoke("extract", folder)

    assert result.exit_code == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 1
    assert errors[0].startswith("error: ") and "empty.txt" in errors[0]
    assert "picture.png" not in result.stderr + result.stdout
    docs = {rec["doc"] for rec in jsonl(result.stdout)}
    assert docs == {"nested.txt"}


def test_extract_names_a_missing_file_and_still_runs_the_others(tmp_path: Path) -> None:
    result = invoke("extract", tmp_path / "nowhere.txt", SEED)
    assert result.exit_code == 1
    assert "nowhere.txt" in result.stderr
    assert {rec["doc"] for rec in jsonl(result.stdout)} == {SEED.name}


def test_extract_rejects_a_bad_organisation_file(tmp_path: Path) -> None:
    bad = tmp_path / "org.toml"
    bad.write_text("units = 3\n", encoding="utf-8")
    result = invoke("extract", SEED, "--organisation", bad)
    assert result.exit_code == 2
    assert "org.toml" in result.stderr
    assert result.stdout == ""


# --- tracker eval --------------------------------------------------------------------------------


@pytest.fixture
def scored_files(tmp_path: Path) -> tuple[Path, Path]:
    gold = write_jsonl(
        tmp_path / "gold.jsonl",
        [
            record("a.txt", 1, "Økonomi & Stab sender en mail til cheferne", responsible=["Økonomi & Stab"]),
            record("a.txt", 2, "Sagen drøftes igen i Chefforum", deadline="2019-03-01", optional=False),
            record("a.txt", 3, "Generelt skal cheferne orientere sig", optional=True),
            record("b.txt", 1, "Dette dokument blev ikke kørt"),
        ],
    )
    predictions = write_jsonl(
        tmp_path / "pred.jsonl",
        [
            record(
                "a.txt",
                1,
                "Økonomi og Stab sender en mail til cheferne",
                responsible=["Chefen for Økonomi og Stab"],
            ),
            record("a.txt", 1, "Dagsordenen blev godkendt"),
            record("a.txt", 3, "Generelt skal cheferne orientere sig"),
        ],
    )
    return gold, predictions


def test_eval_scores_predictions_and_ends_with_the_headline(scored_files: tuple[Path, Path]) -> None:
    gold, predictions = scored_files
    result = invoke("eval", gold, "--predictions", predictions)
    assert result.exit_code == 0, result.stderr
    last = result.stdout.splitlines()[-3:]
    # b.txt was not run, so its gold does not count; the optional match counts for neither.
    assert last[0].startswith("detection    P 0.500 (1/2)  R 0.500 (1/2)  F1 0.500")
    assert last[1].startswith("responsible  strict 1.000  lenient 1.000  (n=2;")
    assert last[2] == "deadline     1.000 (n=2)  on dated gold n/a (n=0)"


def test_eval_show_lists_misses_false_alarms_and_wrong_fields(tmp_path: Path) -> None:
    gold = write_jsonl(
        tmp_path / "gold.jsonl",
        [
            record("a.txt", 1, "Miljø & Teknik udarbejder en pjece", responsible=["Miljø & Teknik"]),
            record("a.txt", 1, "Der følges op på sagen", deadline="2020-01-31", deadline_alt=["2020-01-30"]),
            record("a.txt", 2, "Sagen drøftes igen i Chefforum"),
        ],
    )
    predictions = write_jsonl(
        tmp_path / "pred.jsonl",
        [
            record("a.txt", 1, "Miljø & Teknik udarbejder en pjece", responsible=["CBA"]),
            record("a.txt", 1, "Der følges op på sagen", deadline="2020-02-01"),
            record("a.txt", 1, "Chefforum tog orienteringen til efterretning"),
        ],
    )
    result = invoke("eval", gold, "--predictions", predictions, "--show")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "MISSES (1)" in out and "Sagen drøftes igen i Chefforum" in out
    assert "FALSE ALARMS (1)" in out and "Chefforum tog orienteringen til efterretning" in out
    assert "WRONG RESPONSIBLE (1)" in out and "predicted [CBA]  gold [Miljø & Teknik]" in out
    assert "WRONG DEADLINE (1)" in out and "predicted 2020-02-01  gold 2020-01-31 (also 2020-01-30)" in out
    assert out.splitlines()[-3].startswith("detection")


def test_eval_json_is_the_full_report(scored_files: tuple[Path, Path]) -> None:
    gold, predictions = scored_files
    result = invoke("eval", gold, "--predictions", predictions, "--format", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["documents"] == ["a.txt"]
    assert report["detection"]["precision"] == 0.5
    assert report["detection"]["matched_optional"] == 1
    assert [m["text"] for m in report["misses"]] == ["Sagen drøftes igen i Chefforum"]
    assert report["false_alarms"][0]["prediction"]["text"] == "Dagsordenen blev godkendt"


def test_eval_ignore_item_matches_across_items(tmp_path: Path) -> None:
    gold = write_jsonl(tmp_path / "gold.jsonl", [record("a.txt", 2, "Der sendes en mail ud til cheferne")])
    predictions = write_jsonl(tmp_path / "pred.jsonl", [record("a.txt", 5, "Der sendes en mail ud til cheferne")])
    strict = invoke("eval", gold, "--predictions", predictions)
    loose = invoke("eval", gold, "--predictions", predictions, "--ignore-item")
    assert strict.stdout.splitlines()[-3].startswith("detection    P 0.000 (0/1)  R 0.000 (0/1)")
    assert loose.stdout.splitlines()[-3].startswith("detection    P 1.000 (1/1)  R 1.000 (1/1)")
    assert "(item matching off)" in loose.stdout


def test_eval_paths_choose_the_documents_for_given_predictions(tmp_path: Path, scored_files: tuple[Path, Path]) -> None:
    gold, predictions = scored_files
    (tmp_path / "b.txt").write_text("ikke kørt\n", encoding="utf-8")
    result = invoke("eval", gold, tmp_path / "b.txt", "--predictions", predictions, "--format", "json")
    report = json.loads(result.stdout)
    assert report["documents"] == ["b.txt"]
    assert (report["detection"]["predictions"], report["detection"]["misses"]) == (0, 1)


def test_eval_runs_the_extractor_on_the_documents(tmp_path: Path) -> None:
    """Counts that do not depend on extraction quality: the gold of the documents that ran, and
    as many predictions as `tracker extract` prints."""
    gold = write_jsonl(
        tmp_path / "gold.jsonl",
        [
            record(SEED.name, 1, "En opfølgning som testen har skrevet"),
            record(SEED.name, 2, "En anden opfølgning", deadline="2019-01-31"),
            record(SEED.name, 2, "En valgfri opfølgning", optional=True),
            record(OTHER_SEED.name, 1, "Et dokument der ikke blev kørt"),
        ],
    )
    result = invoke("eval", gold, SEED, "--format", "json")
    assert result.exit_code == 0, result.stderr
    detection = json.loads(result.stdout)["detection"]
    extracted = jsonl(invoke("extract", SEED).stdout)
    assert (detection["required_gold"], detection["optional_gold"]) == (2, 1)
    assert detection["predictions"] == len(extracted)

    text = invoke("eval", gold, SEED)
    assert text.exit_code == 0
    lines = text.stdout.splitlines()
    headline = rf"^detection    P \S+ \(\d+/{detection['scored_predictions']}\)  R \S+ \(\d/2\)"
    assert re.match(headline, lines[-3]), lines[-3]
    assert lines[-2].startswith("responsible")
    assert lines[-1].startswith("deadline")


def test_eval_reports_a_bad_document_and_scores_the_rest(tmp_path: Path) -> None:
    gold = write_jsonl(tmp_path / "gold.jsonl", [record(SEED.name, 1, "En opfølgning")])
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    result = invoke("eval", gold, empty, SEED)
    assert result.exit_code == 1
    assert "empty.txt" in result.stderr
    assert result.stdout.splitlines()[-3].startswith("detection")


def test_eval_names_the_line_of_a_bad_gold_file(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(record("a.txt", 1, "ok")) + "\n{broken\n", encoding="utf-8")
    predictions = write_jsonl(tmp_path / "pred.jsonl", [record("a.txt", 1, "ok")])
    result = invoke("eval", gold, "--predictions", predictions)
    assert result.exit_code == 1
    assert f"{gold}:2: not valid JSON" in result.stderr


def test_eval_needs_documents_or_predictions(tmp_path: Path) -> None:
    gold = write_jsonl(tmp_path / "gold.jsonl", [record("a.txt", 1, "ok")])
    result = invoke("eval", gold)
    assert result.exit_code == 1
    assert "--predictions" in result.stderr
