"""The spaCy pipeline: registered factories, save/load round trip, the shipped model, scoring."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import spacy
from spacy.tokens import Doc, Span
from spacy.training import Example

from nlp.organisation import load_organisation
from nlp.pipeline import COMPONENTS, DEADLINE_KEY, FOLLOWUP_KEY, MODEL_DIR, ORG_KEY, build_pipeline, load_pipeline

ROOT = Path(__file__).resolve().parents[2]
TEXT = (
    "Chefen for Miljø og Teknik udarbejder en pjece senest 1. april 2019. "
    "Der udsendes et skema til alle chefer. "
    "Sofie (CBA) deltog under punktet. "
    "Udvalget tog orienteringen til efterretning."
)


def run(nlp: spacy.Language, text: str, meeting_date: dt.date | None = dt.date(2019, 2, 25)) -> Doc:
    doc = nlp.make_doc(text)
    doc._.meeting_date = meeting_date
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def test_components_are_registered_factories_with_defaults() -> None:
    nlp = spacy.blank("da")
    for name in COMPONENTS:
        nlp.add_pipe(name)
    assert nlp.pipe_names == list(COMPONENTS)
    assert nlp.get_pipe_config("referat_followups")["threshold"] > 0
    assert nlp.get_pipe_config("referat_organisation")["chief_prefix"] is True


def test_pipeline_marks_organisation_people_deadlines_and_followups() -> None:
    nlp = build_pipeline(load_organisation(ROOT / "data" / "organisation.toml"))
    doc = run(nlp, TEXT)
    org = {(s.text, s.kb_id_, s.label_) for s in doc.spans[ORG_KEY]}
    assert ("Chefen for Miljø og Teknik", "Miljø & Teknik", "unit") in org
    assert ("alle chefer", "Alle chefer", "all_chiefs") in org
    assert ("CBA", "CBA", "unit") in org
    assert ("Sofie", "Sofie", "person") in org
    assert [s._.due for s in doc.spans[DEADLINE_KEY]] == [dt.date(2019, 4, 1)]
    found = [s.text for s in doc.spans[FOLLOWUP_KEY]]
    assert found == [
        "Chefen for Miljø og Teknik udarbejder en pjece senest 1. april 2019.",
        "Der udsendes et skema til alle chefer.",
    ]


def test_a_unit_inside_another_municipalitys_longer_name_is_not_ours() -> None:
    nlp = build_pipeline(load_organisation(ROOT / "data" / "organisation.toml"))
    doc = run(nlp, "Direktøren for Sundhed og Omsorg indstiller. Sundhed og Pleje & Omsorg mødes. Sundhed og Aulaen.")
    names = [s.kb_id_ for s in doc.spans[ORG_KEY]]
    assert names == ["Sundhed og Omsorg", "Sundhed", "Pleje & Omsorg", "Sundhed"]


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    nlp = build_pipeline(load_organisation(ROOT / "data" / "organisation.toml"))
    nlp.get_pipe("referat_followups").threshold = 0.7  # type: ignore[attr-defined]
    nlp.to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")
    assert loaded.pipe_names == nlp.pipe_names
    assert loaded.get_pipe("referat_followups").threshold == 0.7  # type: ignore[attr-defined]
    before, after = run(nlp, TEXT), run(loaded, TEXT)
    assert [(s.start, s.end, s.kb_id_) for s in after.spans[ORG_KEY]] == [
        (s.start, s.end, s.kb_id_) for s in before.spans[ORG_KEY]
    ]


def test_shipped_model_loads_without_download(monkeypatch: object) -> None:
    assert (MODEL_DIR / "config.cfg").is_file()
    nlp = load_pipeline()
    assert nlp.pipe_names == list(COMPONENTS)
    assert nlp.meta["license"] == "CC BY-SA 4.0"


def test_selected_model_by_path_gets_our_components(tmp_path: Path, monkeypatch: object) -> None:
    import pytest

    base = spacy.blank("da")
    base.add_pipe("sentencizer")
    base.to_disk(tmp_path / "base")
    mp = pytest.MonkeyPatch()
    mp.setenv("TRACKER_SPACY_MODEL", str(tmp_path / "base"))
    try:
        nlp = load_pipeline()
    finally:
        mp.undo()
    assert nlp.pipe_names[0] == "referat_sentences"
    assert set(COMPONENTS) <= set(nlp.pipe_names)


def test_followup_component_scores_with_spacys_scorer() -> None:
    nlp = build_pipeline()
    predicted = run(nlp, "Der udsendes et skema. Mødet sluttede.")
    reference = predicted.copy()
    reference.spans[FOLLOWUP_KEY] = [Span(reference, 0, 5, label="FOLLOWUP")]
    scores = nlp.get_pipe("referat_followups").score([Example(predicted, reference)])  # type: ignore[attr-defined]
    assert scores[f"spans_{FOLLOWUP_KEY}_f"] == 1.0
