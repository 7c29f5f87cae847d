"""The §5 scorer on small hand-made gold and prediction sets, one clause at a time."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from nlp.scoring import (
    RecordError,
    deadline_correct,
    load_jsonl,
    overlap,
    responsible_lenient,
    responsible_strict,
    score,
    tokens,
)


def gold(text: str, item: int = 1, doc: str = "a.txt", **extra: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "doc": doc,
        "item": item,
        "text": text,
        "responsible": [],
        "deadline": None,
        "optional": False,
        "also": [],
        "deadline_alt": [],
    }
    record.update(extra)
    return record


def pred(text: str, item: int = 1, doc: str = "a.txt", **extra: Any) -> dict[str, Any]:
    record: dict[str, Any] = {"doc": doc, "item": item, "text": text, "responsible": [], "deadline": None}
    record.update(extra)
    return record


# --- overlap -----------------------------------------------------------------------------------


def test_tokens_are_casefolded_word_runs_without_punctuation() -> None:
    assert tokens("Økonomi & Stab sender, en MAIL!") == ["økonomi", "stab", "sender", "en", "mail"]


def test_overlap_exactly_sixty_percent_matches_and_just_below_does_not() -> None:
    # Shorter has 5 tokens, 3 occur in the longer: exactly 60 %.
    assert overlap("alfa beta gamma delta epsilon", "alfa beta gamma x y z") == Fraction(3, 5)
    report = score([gold("alfa beta gamma x y z")], [pred("alfa beta gamma delta epsilon")])
    assert report.detection.matched_required == 1

    # Shorter has 7 tokens, 4 occur: 57 %, just below.
    below = "alfa beta gamma delta q r s"
    assert overlap(below, "alfa beta gamma delta x y z w") < Fraction(3, 5)
    report = score([gold("alfa beta gamma delta x y z w")], [pred(below)])
    assert report.detection.matched_required == 0
    assert report.detection.misses == 1
    assert report.detection.false_alarms == 1


def test_overlap_is_measured_on_the_shorter_text_in_either_direction() -> None:
    long = "Miljø og Teknik udarbejder en pjece om affald til alle husstande i kommunen inden sommer"
    short = "Miljø og Teknik udarbejder en pjece"
    assert overlap(short, long) == 1
    assert overlap(long, short) == 1
    # A short prediction inside a long gold sentence matches, and so does the reverse.
    assert score([gold(long)], [pred(short)]).detection.matched_required == 1
    assert score([gold(short)], [pred(long)]).detection.matched_required == 1


def test_overlap_counts_repeated_tokens_of_the_shorter_text() -> None:
    # "det det det" are three tokens of the shorter, all in the longer.
    assert overlap("det det det x y", "det a b c d e f") == Fraction(3, 5)


def test_empty_text_overlaps_nothing() -> None:
    assert overlap("", "noget tekst") == 0
    assert overlap("...", "...") == 0


# --- matching ------------------------------------------------------------------------------------


def test_prediction_on_an_also_sentence_matches_the_follow_up() -> None:
    g = gold("Sagen drøftes igen i Chefforum", also=["Fristen er den 1. marts 2019"], deadline="2019-03-01")
    report = score([g], [pred("Fristen er den 1. marts 2019.", deadline="2019-03-01")])
    assert report.detection.matched_required == 1
    assert report.fields.deadline == 1.0


def test_item_must_match_unless_ignored() -> None:
    g = gold("Der sendes en mail ud til cheferne", item=3)
    p = pred("Der sendes en mail ud til cheferne", item=4)
    assert score([g], [p]).detection.matched_required == 0
    assert score([g], [p], ignore_item=True).detection.matched_required == 1


def test_doc_must_match_even_when_item_is_ignored() -> None:
    g = gold("Der sendes en mail ud til cheferne", doc="a.txt")
    p = pred("Der sendes en mail ud til cheferne", doc="b.txt")
    report = score([g], [p], ignore_item=True, documents=["a.txt", "b.txt"])
    assert report.detection.matched_required == 0
    assert report.detection.misses == 1
    assert report.detection.false_alarms == 1


def test_matching_is_one_to_one_best_overlap_first() -> None:
    g1 = gold("alfa beta gamma delta epsilon")
    g2 = gold("alfa beta gamma zeta eta")
    # Each prediction overlaps its own gold fully and the other at 60 %.
    p1 = pred("alfa beta gamma delta epsilon")
    p2 = pred("alfa beta gamma zeta eta")
    report = score([g1, g2], [p2, p1])
    assert report.detection.matched_required == 2
    assert {(p["text"], g["text"]) for p, g in ((x.prediction, x.gold) for x in report.pairs)} == {
        (p1["text"], g1["text"]),
        (p2["text"], g2["text"]),
    }


def test_best_first_gives_the_better_prediction_the_gold() -> None:
    g = gold("alfa beta gamma delta epsilon")
    weaker = pred("alfa beta gamma x y")  # 60 %
    stronger = pred("alfa beta gamma delta y")  # 80 %
    report = score([g], [weaker, stronger])
    assert len(report.pairs) == 1
    assert report.pairs[0].prediction is stronger
    assert [a.prediction for a in report.false_alarms] == [weaker]
    assert report.false_alarms[0].kind == "duplicate"


def test_second_prediction_for_a_matched_follow_up_is_a_false_alarm() -> None:
    g = gold("Der sendes en mail ud til cheferne")
    report = score([g], [pred("Der sendes en mail ud til cheferne"), pred("Der sendes en mail ud til cheferne")])
    d = report.detection
    assert (d.matched_required, d.false_alarms, d.duplicates) == (1, 1, 1)
    assert d.precision == 0.5
    assert d.recall == 1.0
    assert d.f1 == pytest.approx(2 / 3)


def test_prediction_matching_only_optional_gold_counts_for_neither() -> None:
    required = gold("Der sendes en mail ud til cheferne")
    optional = gold("Generelt skal cheferne orientere sig i reglerne", optional=True)
    preds = [
        pred("Der sendes en mail ud til cheferne"),
        pred("Generelt skal cheferne orientere sig i reglerne"),
    ]
    d = score([required, optional], preds).detection
    assert (d.matched_required, d.matched_optional, d.false_alarms) == (1, 1, 0)
    assert d.scored_predictions == 1
    assert d.precision == 1.0
    assert d.recall == 1.0
    assert d.required_gold == 1
    assert d.optional_gold == 1


def test_unextracted_optional_gold_is_not_a_miss() -> None:
    optional = gold("Generelt skal cheferne orientere sig i reglerne", optional=True)
    d = score([optional], [], documents=["a.txt"]).detection
    assert d.misses == 0
    assert d.recall is None
    assert d.precision is None


def test_a_prediction_serves_required_gold_before_optional_gold() -> None:
    required = gold("alfa beta gamma x y")
    optional = gold("alfa beta gamma delta epsilon", optional=True)
    # Overlaps the optional one more, but also matches the required one: it must count.
    p = pred("alfa beta gamma delta epsilon")
    d = score([required, optional], [p]).detection
    assert (d.matched_required, d.matched_optional, d.misses) == (1, 0, 0)
    assert d.precision == 1.0


def test_duplicate_of_optional_gold_is_a_false_alarm() -> None:
    optional = gold("Generelt skal cheferne orientere sig i reglerne", optional=True)
    same = "Generelt skal cheferne orientere sig i reglerne"
    d = score([optional], [pred(same), pred(same)]).detection
    assert (d.matched_optional, d.false_alarms, d.duplicates) == (1, 1, 1)
    assert d.precision == 0.0


def test_only_documents_that_were_run_count() -> None:
    golds = [gold("Der sendes en mail ud", doc="a.txt"), gold("Sagen drøftes igen", doc="b.txt")]
    # Only a.txt predicted: b.txt's gold is not a miss.
    report = score(golds, [pred("Der sendes en mail ud", doc="a.txt")])
    assert report.documents == ("a.txt",)
    assert report.detection.required_gold == 1
    assert report.detection.recall == 1.0
    # A document that was run but yielded nothing still counts its gold as missed.
    report = score(golds, [pred("Der sendes en mail ud", doc="a.txt")], documents=["a.txt", "b.txt"])
    assert report.detection.misses == 1
    assert report.per_doc["b.txt"].misses == 1
    assert report.per_doc["a.txt"].recall == 1.0


def test_misses_and_false_alarms_are_listed() -> None:
    golds = [gold("Der sendes en mail ud til cheferne"), gold("Sagen drøftes igen i Chefforum", item=2)]
    report = score(golds, [pred("Dagsordenen blev godkendt")])
    assert [m["text"] for m in report.misses] == [g["text"] for g in golds]
    assert [(a.kind, a.prediction["text"]) for a in report.false_alarms] == [("unmatched", "Dagsordenen blev godkendt")]
    assert report.detection.precision == 0.0
    assert report.detection.recall == 0.0
    assert report.detection.f1 == 0.0


def test_tie_break_is_deterministic_by_gold_then_prediction_order() -> None:
    g1 = gold("Der sendes en mail ud")
    g2 = gold("Der sendes en mail ud")
    p1 = pred("Der sendes en mail ud")
    report = score([g1, g2], [p1])
    assert report.pairs[0].gold is g1
    assert report.misses == (g2,)


# --- responsible ---------------------------------------------------------------------------------


def test_responsible_strict_needs_equal_sets_lenient_a_shared_member() -> None:
    assert responsible_strict(["Økonomi & Stab"], ["økonomi og stab"])
    assert not responsible_strict(["Økonomi & Stab"], ["Økonomi & Stab", "CBA"])
    assert responsible_lenient(["Økonomi & Stab"], ["Økonomi & Stab", "CBA"])
    assert not responsible_lenient(["Drift & Service"], ["CBA"])


def test_responsible_chief_equals_unit() -> None:
    assert responsible_strict(["Chefen for Miljø og Teknik"], ["Miljø & Teknik"])
    assert responsible_strict(["afdelingschefen for Miljø & Teknik"], ["Miljø & Teknik"])


def test_responsible_both_empty_is_lenient_and_strict_but_one_empty_is_neither() -> None:
    assert responsible_strict([], [])
    assert responsible_lenient([], [])
    assert not responsible_lenient([], ["CBA"])
    assert not responsible_strict(["CBA"], [])


def test_responsible_scores_over_matched_pairs_with_required_only_alongside() -> None:
    golds = [
        gold("Der sendes en mail ud til cheferne", responsible=["Økonomi & Stab", "CBA"]),
        gold("Generelt skal cheferne orientere sig", responsible=["Alle chefer"], optional=True),
    ]
    preds = [
        pred("Der sendes en mail ud til cheferne", responsible=["Chefen for Økonomi og Stab"]),
        pred("Generelt skal cheferne orientere sig", responsible=["alle chefer"]),
    ]
    report = score(golds, preds)
    assert (report.fields.pairs, report.fields.responsible_strict, report.fields.responsible_lenient) == (
        2,
        0.5,
        1.0,
    )
    required = report.fields_required
    assert (required.pairs, required.responsible_strict, required.responsible_lenient) == (1, 0.0, 1.0)
    assert [p.gold["text"] for p in report.wrong_responsible] == [golds[0]["text"]]


# --- deadline ------------------------------------------------------------------------------------


def test_deadline_equal_alternative_or_both_null() -> None:
    assert deadline_correct("2019-01-31", "2019-01-31")
    assert deadline_correct("2019-01-28", "2019-01-29", ["2019-01-28"])
    assert deadline_correct(None, None)
    assert not deadline_correct(None, "2019-01-31")
    assert not deadline_correct("2019-01-31", None)
    assert not deadline_correct("2019-01-30", "2019-01-31", ["2019-01-28"])


def test_deadline_accuracy_and_accuracy_on_dated_gold() -> None:
    golds = [
        gold("alfa beta gamma delta", deadline="2019-01-31"),
        gold("epsilon zeta eta theta", deadline="2019-03-31", deadline_alt=["2019-03-15"]),
        gold("iota kappa lambda my", deadline=None),
        gold("ny xi omikron pi", deadline="2020-06-30"),
    ]
    preds = [
        pred("alfa beta gamma delta", deadline="2019-01-31"),
        pred("epsilon zeta eta theta", deadline="2019-03-15"),
        pred("iota kappa lambda my"),
        pred("ny xi omikron pi"),
    ]
    fields = score(golds, preds).fields
    assert fields.deadline == 0.75
    assert fields.dated_pairs == 3
    assert fields.deadline_on_dated == pytest.approx(2 / 3)


def test_wrong_deadline_lists_the_pair() -> None:
    report = score([gold("alfa beta gamma", deadline="2019-01-31")], [pred("alfa beta gamma")])
    assert [(p.prediction.get("deadline"), p.gold["deadline"]) for p in report.wrong_deadline] == [(None, "2019-01-31")]


# --- files and JSON ------------------------------------------------------------------------------


def test_load_jsonl_reads_records_and_skips_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold("Der sendes en mail ud"), ensure_ascii=False) + "\n\n", encoding="utf-8")
    assert load_jsonl(path) == [gold("Der sendes en mail ud")]


def test_load_jsonl_names_file_and_line_on_bad_json(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold("ok")) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(RecordError) as caught:
        load_jsonl(path)
    assert caught.value.line == 2
    assert str(caught.value).startswith(f"{path}:2: not valid JSON")


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("[1, 2]", "expected a JSON object"),
        ('{"doc": "a.txt", "item": 1}', "'text' must be a string"),
        ('{"doc": "a.txt", "text": "x", "responsible": "CBA"}', "'responsible' must be a list"),
        ('{"doc": "a.txt", "text": "x", "deadline": 20190131}', "'deadline' must be"),
    ],
)
def test_load_jsonl_rejects_records_that_are_not_follow_ups(tmp_path: Path, line: str, reason: str) -> None:
    path = tmp_path / "pred.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(RecordError, match=reason):
        load_jsonl(path)


def test_load_jsonl_names_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RecordError, match=r"missing\.jsonl: cannot read"):
        load_jsonl(tmp_path / "missing.jsonl")


def test_report_json_is_serialisable_and_holds_the_details() -> None:
    report = score(
        [gold("Der sendes en mail ud", responsible=["CBA"]), gold("Sagen drøftes igen", item=2)],
        [pred("Der sendes en mail ud", responsible=["IT"]), pred("Noget helt andet")],
    )
    data = json.loads(json.dumps(report.to_json(), ensure_ascii=False))
    assert data["detection"]["matched_required"] == 1
    assert data["detection"]["scored_predictions"] == 2
    assert len(data["misses"]) == 1
    assert data["false_alarms"][0]["kind"] == "unmatched"
    assert data["wrong_responsible"][0]["gold"]["responsible"] == ["CBA"]
    assert set(data["per_doc"]) == {"a.txt"}


def test_rejected_review_records_are_negative_examples() -> None:
    sentence = "Der udsendes et skema til alle chefer."
    gold = [{"doc": "a.txt", "item": 1, "text": sentence, "responsible": [], "deadline": None, "rejected": True}]
    predictions = [{"doc": "a.txt", "item": 1, "text": sentence, "responsible": [], "deadline": None}]
    report = score(gold, predictions).to_json()["detection"]
    assert (report["matched_required"], report["false_alarms"], report["required_gold"]) == (0, 1, 0)
