"""Scoring predicted follow-ups against gold, exactly as ANNOTATION §5 says.

Readings of §5 that the text leaves open, decided once here:

- **Tokens** are ``\\w+`` runs of the case-folded text, so punctuation drops out. The *shorter*
  text is the one with fewer tokens; its tokens are counted with repetition, and a token
  "occurs in" the longer text when it is a member of the longer text's token set. When both have
  the same number of tokens, the better of the two directions counts (the rule is symmetric).
  The 60 % threshold is compared in whole numbers (``5 * hits >= 3 * n``) so exactly 60 % matches.
- A pair's **overlap** is the best over the gold ``text`` and its ``also`` sentences.
- **One to one, best overlap first**: required gold is matched first (highest overlap first, ties
  by gold order then prediction order), then the remaining predictions against optional gold the
  same way. So a prediction that overlaps both a required and an optional follow-up serves the
  required one: only a prediction that matches *only* optional gold "counts for neither".
- A prediction whose candidates are all taken is a **duplicate** and a false alarm, optional gold
  included (the tracker would show that follow-up twice).
- **Responsible and deadline** are scored over all matched pairs, optional ones included (§5 says
  "over matched pairs"); the same numbers over required pairs only are reported alongside.
- Names compare with ``normalise_name`` after removing a chief prefix, so "Chefen for Miljø og
  Teknik" = "Miljø & Teknik".
- Only documents that were run count: gold lines of other documents are left out, so scoring one
  file of a set does not count the rest as misses.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

from nlp.organisation import CHIEF_PREFIX, normalise_name

THRESHOLD = Fraction(3, 5)
_TOKEN = re.compile(r"\w+")


class RecordError(ValueError):
    """A gold or prediction file is malformed; the message names the file, line and reason.

    ``line`` is 0 when the whole file is at fault (it cannot be read)."""

    def __init__(self, path: Path | str, line: int, reason: str) -> None:
        self.path = Path(path)
        self.line = line
        self.reason = reason
        super().__init__(f"{self.path}:{line}: {reason}" if line else f"{self.path}: {reason}")


def _record_problem(record: Any) -> str | None:
    """Why a parsed line is not a §1 record, or None when it is usable."""
    if not isinstance(record, dict):
        return f"expected a JSON object, got {type(record).__name__}"
    for key in ("doc", "text"):
        if not isinstance(record.get(key), str):
            return f"{key!r} must be a string"
    responsible = record.get("responsible", [])
    if not isinstance(responsible, list) or not all(isinstance(r, str) for r in responsible):
        return "'responsible' must be a list of strings"
    for key in ("also", "deadline_alt"):
        value = record.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            return f"{key!r} must be a list of strings"
    if record.get("deadline") is not None and not isinstance(record["deadline"], str):
        return "'deadline' must be an ISO date string or null"
    if not isinstance(record.get("optional", False), bool):
        return "'optional' must be true or false"
    return None


def load_jsonl(path: Path | str) -> list[dict[str, Any]]:
    """Read a JSONL file of §1 records; blank lines are skipped. Raises RecordError."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise RecordError(path, 0, f"cannot read: {reason}") from exc
    records: list[dict[str, Any]] = []
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise RecordError(path, number, f"not valid JSON: {exc.msg} (column {exc.colno})") from exc
        problem = _record_problem(record)
        if problem is not None:
            raise RecordError(path, number, problem)
        records.append(record)
    return records


def tokens(text: str) -> list[str]:
    """Word tokens for the overlap rule: ``\\w+`` runs after case folding."""
    return _TOKEN.findall(text.casefold())


def overlap(a: str, b: str) -> Fraction:
    """Share of the shorter text's tokens that occur in the longer one (§5)."""
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return Fraction(0)

    def share(short: list[str], long: list[str]) -> Fraction:
        vocabulary = set(long)
        return Fraction(sum(1 for t in short if t in vocabulary), len(short))

    if len(ta) < len(tb):
        return share(ta, tb)
    if len(tb) < len(ta):
        return share(tb, ta)
    return max(share(ta, tb), share(tb, ta))


def name_key(name: str) -> str:
    """The comparison key of a responsible: a unit's chief is the unit, "og" = "&"."""
    stripped = name.strip()
    return normalise_name(CHIEF_PREFIX.sub("", stripped) or stripped)


def responsible_strict(predicted: Iterable[str], gold: Iterable[str]) -> bool:
    return {name_key(n) for n in predicted} == {name_key(n) for n in gold}


def responsible_lenient(predicted: Iterable[str], gold: Iterable[str]) -> bool:
    p, g = {name_key(n) for n in predicted}, {name_key(n) for n in gold}
    return bool(p & g) or (not p and not g)


def deadline_correct(predicted: str | None, gold: str | None, alternatives: Iterable[str] = ()) -> bool:
    predicted = predicted.strip() if isinstance(predicted, str) and predicted.strip() else None
    gold = gold.strip() if isinstance(gold, str) and gold.strip() else None
    if predicted is None:
        return gold is None
    return predicted == gold or predicted in {a.strip() for a in alternatives}


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def _f1(precision: float | None, recall: float | None) -> float | None:
    if precision is None or recall is None:
        return 0.0 if precision == 0 or recall == 0 else None
    total = precision + recall
    return 2 * precision * recall / total if total else 0.0


@dataclass(frozen=True, slots=True)
class Pair:
    """A matched prediction and gold follow-up, with the field verdicts."""

    prediction: dict[str, Any]
    gold: dict[str, Any]
    overlap: float
    responsible_strict: bool
    responsible_lenient: bool
    deadline_correct: bool

    @property
    def optional(self) -> bool:
        return bool(self.gold.get("optional", False))


@dataclass(frozen=True, slots=True)
class FalseAlarm:
    """A prediction that matched nothing (``unmatched``) or only already-taken gold (``duplicate``)."""

    prediction: dict[str, Any]
    kind: str
    duplicate_of: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class FieldScores:
    """Responsible and deadline accuracy over one set of matched pairs."""

    pairs: int
    responsible_strict: float | None
    responsible_lenient: float | None
    deadline: float | None
    dated_pairs: int
    deadline_on_dated: float | None

    @classmethod
    def of(cls, pairs: Sequence[Pair]) -> FieldScores:
        dated = [p for p in pairs if p.gold.get("deadline")]
        return cls(
            pairs=len(pairs),
            responsible_strict=_ratio(sum(p.responsible_strict for p in pairs), len(pairs)),
            responsible_lenient=_ratio(sum(p.responsible_lenient for p in pairs), len(pairs)),
            deadline=_ratio(sum(p.deadline_correct for p in pairs), len(pairs)),
            dated_pairs=len(dated),
            deadline_on_dated=_ratio(sum(p.deadline_correct for p in dated), len(dated)),
        )


@dataclass(frozen=True, slots=True)
class Detection:
    """Detection counts and metrics (§5): optional matches are outside both denominators."""

    predictions: int
    required_gold: int
    optional_gold: int
    matched_required: int
    matched_optional: int
    false_alarms: int
    duplicates: int
    misses: int
    precision: float | None
    recall: float | None
    f1: float | None

    @property
    def scored_predictions(self) -> int:
        return self.predictions - self.matched_optional


@dataclass(frozen=True, slots=True)
class Report:
    """Everything `tracker eval` shows; ``fields`` is the headline (all matched pairs)."""

    documents: tuple[str, ...]
    ignore_item: bool
    detection: Detection
    fields: FieldScores
    fields_required: FieldScores
    pairs: tuple[Pair, ...]
    misses: tuple[dict[str, Any], ...]
    false_alarms: tuple[FalseAlarm, ...]
    per_doc: dict[str, Detection] = field(default_factory=dict)

    @property
    def wrong_responsible(self) -> tuple[Pair, ...]:
        return tuple(p for p in self.pairs if not p.responsible_strict)

    @property
    def wrong_deadline(self) -> tuple[Pair, ...]:
        return tuple(p for p in self.pairs if not p.deadline_correct)

    def to_json(self) -> dict[str, Any]:
        return {
            "documents": list(self.documents),
            "ignore_item": self.ignore_item,
            "detection": {**asdict(self.detection), "scored_predictions": self.detection.scored_predictions},
            "responsible_deadline": asdict(self.fields),
            "responsible_deadline_required_only": asdict(self.fields_required),
            "per_doc": {doc: asdict(d) for doc, d in self.per_doc.items()},
            "misses": list(self.misses),
            "false_alarms": [asdict(f) for f in self.false_alarms],
            "wrong_responsible": [asdict(p) for p in self.wrong_responsible],
            "wrong_deadline": [asdict(p) for p in self.wrong_deadline],
        }


def _detection(
    predictions: int, gold: Sequence[Mapping[str, Any]], pairs: Sequence[Pair], alarms: Sequence[FalseAlarm]
) -> Detection:
    required = sum(1 for g in gold if not g.get("optional", False))
    matched_optional = sum(1 for p in pairs if p.optional)
    matched_required = len(pairs) - matched_optional
    precision = _ratio(matched_required, predictions - matched_optional)
    recall = _ratio(matched_required, required)
    return Detection(
        predictions=predictions,
        required_gold=required,
        optional_gold=len(gold) - required,
        matched_required=matched_required,
        matched_optional=matched_optional,
        false_alarms=len(alarms),
        duplicates=sum(1 for a in alarms if a.kind == "duplicate"),
        misses=required - matched_required,
        precision=precision,
        recall=recall,
        f1=_f1(precision, recall),
    )


def _best_overlap(prediction: Mapping[str, Any], gold: Mapping[str, Any]) -> Fraction:
    texts = [gold["text"], *gold.get("also", [])]
    return max(overlap(prediction["text"], t) for t in texts)


def score(
    gold: Sequence[dict[str, Any]],
    predictions: Sequence[dict[str, Any]],
    ignore_item: bool = False,
    documents: Iterable[str] | None = None,
) -> Report:
    """Score predictions against gold (§5); gold records marked ``"rejected": true`` are
    negative examples and never match.

    ``documents`` is the set of documents that were run (a document with no predictions still
    counts its gold as misses); by default the documents of the predictions.
    """
    docs = set(documents) if documents is not None else {p["doc"] for p in predictions}
    # A review export marks what the secretariat rejected ("rejected": true): those are negative
    # examples, so a prediction of one is a false alarm, not a match.
    gold = [g for g in gold if g["doc"] in docs and g.get("rejected") is not True]
    predictions = [p for p in predictions if p["doc"] in docs]

    def same_place(p: Mapping[str, Any], g: Mapping[str, Any]) -> bool:
        return bool(p["doc"] == g["doc"] and (ignore_item or p.get("item") == g.get("item")))

    candidates: list[tuple[Fraction, int, int]] = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(predictions):
            if same_place(p, g):
                best = _best_overlap(p, g)
                if best >= THRESHOLD:
                    candidates.append((best, gi, pi))
    candidates.sort(key=lambda c: (-c[0], c[1], c[2]))

    gold_taken: dict[int, int] = {}
    pred_taken: dict[int, int] = {}
    for tier_optional in (False, True):
        for _best, gi, pi in candidates:
            if bool(gold[gi].get("optional", False)) != tier_optional:
                continue
            if gi in gold_taken or pi in pred_taken:
                continue
            gold_taken[gi] = pi
            pred_taken[pi] = gi

    overlaps = {(gi, pi): best for best, gi, pi in candidates}
    pairs: list[Pair] = []
    for pi, gi in sorted(pred_taken.items()):
        p, g = predictions[pi], gold[gi]
        pairs.append(
            Pair(
                prediction=p,
                gold=g,
                overlap=float(overlaps[gi, pi]),
                responsible_strict=responsible_strict(p.get("responsible", []), g.get("responsible", [])),
                responsible_lenient=responsible_lenient(p.get("responsible", []), g.get("responsible", [])),
                deadline_correct=deadline_correct(p.get("deadline"), g.get("deadline"), g.get("deadline_alt", [])),
            )
        )

    first_candidate: dict[int, int] = {}
    for _best, gi, pi in candidates:
        first_candidate.setdefault(pi, gi)
    alarms: list[FalseAlarm] = []
    for pi, p in enumerate(predictions):
        if pi in pred_taken:
            continue
        if pi in first_candidate:
            alarms.append(FalseAlarm(p, "duplicate", gold[first_candidate[pi]]))
        else:
            alarms.append(FalseAlarm(p, "unmatched"))
    misses = tuple(g for gi, g in enumerate(gold) if gi not in gold_taken and not g.get("optional", False))

    per_doc: dict[str, Detection] = {}
    for doc in sorted(docs):
        per_doc[doc] = _detection(
            sum(1 for p in predictions if p["doc"] == doc),
            [g for g in gold if g["doc"] == doc],
            [pair for pair in pairs if pair.prediction["doc"] == doc],
            [a for a in alarms if a.prediction["doc"] == doc],
        )

    return Report(
        documents=tuple(sorted(docs)),
        ignore_item=ignore_item,
        detection=_detection(len(predictions), gold, pairs, alarms),
        fields=FieldScores.of(pairs),
        fields_required=FieldScores.of([p for p in pairs if not p.optional]),
        pairs=tuple(pairs),
        misses=misses,
        false_alarms=tuple(alarms),
        per_doc=per_doc,
    )
