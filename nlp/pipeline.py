"""The Danish spaCy pipeline for minutes, and its components.

Components (registered factories, namespaced ``referat_*``, each with declared defaults and
``to_disk``/``from_disk`` so the whole pipeline saves and loads with spaCy's own tools):

* ``referat_sentences``: minutes-aware sentence boundaries (``nlp.sentences``);
* ``referat_organisation``: a ruler for the units, roles, forums and "all chiefs" aliases of
  the organisation file, into ``doc.spans["referat_org"]`` (label = kind, id = canonical name);
* ``referat_people``: named people (a first-name gazetteer built from the DDT NER data, plus
  the PER entities of a statistical model when one runs before it);
* ``referat_deadlines``: deadline expressions resolved against ``doc._.meeting_date``;
* ``referat_followups``: the follow-up sentences, into ``doc.spans["referat_followups"]``.

The pipeline the project ships lives in ``nlp/model`` (built by ``scripts/build_model.py``).
``TRACKER_SPACY_MODEL`` may name an installed pipeline (``da_core_news_sm``) or a path: our
components are then added to it, so its tagger/NER serve alongside our rules.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy
import spacy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span, SpanGroup, Token

from nlp.classify import THRESHOLD, classify
from nlp.lexicon import ACTION_PASSIVE, ACTION_PRESENT, ACTOR_NOUNS, UNIT_FIELDS
from nlp.organisation import CHIEF_PREFIX, EntityKind, Organisation, empty_organisation
from nlp.sentences import split_sentences

if TYPE_CHECKING:
    from spacy.training import Example

MODEL_DIR = Path(__file__).resolve().parent / "model"
ORG_KEY = "referat_org"
DEADLINE_KEY = "referat_deadlines"
FOLLOWUP_KEY = "referat_followups"
TEXT_KEY = "referat_text"


def text_of(doc: Doc) -> str:
    """``doc.text``, kept in ``doc.user_data``: spaCy joins it from the tokens on every access,
    and the components and the detector each need it."""
    text: str | None = doc.user_data.get(TEXT_KEY)
    if text is None:
        text = doc.user_data[TEXT_KEY] = doc.text
    return text


GENERIC_LABEL = "generic_role"  # actor nouns any organisation has; counted as roles
FIRST_NAMES_FILE = Path(__file__).resolve().parent / "data" / "first_names.txt"

if not Doc.has_extension("meeting_date"):
    Doc.set_extension("meeting_date", default=None)
if not Span.has_extension("confidence"):
    Span.set_extension("confidence", default=None)
if not Span.has_extension("reason"):
    Span.set_extension("reason", default=None)
if not Span.has_extension("due"):
    Span.set_extension("due", default=None)


# --- sentences ---------------------------------------------------------------------------


class MinutesSentencizer:
    """Sets sentence starts from ``nlp.sentences.split_sentences``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        offsets = doc.to_array([IDX]).reshape(-1)
        starts = numpy.array([start for start, _ in split_sentences(text_of(doc))], dtype=offsets.dtype)
        flags = numpy.full(len(doc), -1, dtype="int32")
        flags[numpy.isin(offsets, starts)] = 1
        flags[0] = 1
        doc.from_array([SENT_START], flags.reshape(-1, 1).astype("uint64"))  # type: ignore[arg-type]
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> MinutesSentencizer:
        return self


@Language.factory("referat_sentences")
def make_sentences(nlp: Language, name: str) -> MinutesSentencizer:
    return MinutesSentencizer(nlp, name)


# --- organisation ruler ---------------------------------------------------------------------

_CHIEF_WORDS = [
    "chefen",
    "chef",
    "afdelingschefen",
    "afdelingschef",
    "centerchefen",
    "centerchef",
    "lederen",
    "leder",
    "direktøren",
    "stabschefen",
]
_SUFFIXES = ("", "s", "'s", "'en", "en", "et", "erne", "'erne", "ens", "ets")
_PREPOSITIONS = ("for", "af", "i")


def _variants(alias: str) -> set[str]:
    """Every written form of an alias the ruler should find: "og" and "&" alike, genitive and
    definite endings on the last word ("Miljø & Tekniks", "DPO'en"). Phrases, not token
    regexes: a PhraseMatcher finds them in one pass however many there are."""
    words = alias.split()
    swaps = [words]
    if any(w.lower() in {"og", "&"} for w in words):
        swaps = [[("&" if w.lower() == "og" else "og") if w.lower() in {"og", "&"} else w for w in words], words]
    return {" ".join([*ws[:-1], ws[-1] + suffix]) for ws in swaps for suffix in _SUFFIXES}


def _is_acronym(alias: str) -> bool:
    return alias.isupper() and len(alias) <= 5 and " " not in alias


class OrganisationRuler:
    """Finds the organisation's names; a thin, serialisable layer over spaCy's ``PhraseMatcher``.

    Case-insensitive (``LOWER``) except for short acronyms ("IT", "ØS", "KB"), which match as
    written so that ordinary words are not taken for units."""

    def __init__(self, nlp: Language, name: str, chief_prefix: bool) -> None:
        self.nlp = nlp
        self.name = name
        self.chief_prefix = chief_prefix
        self.entries: list[dict[str, str]] = []  # alias, name, kind
        self._compiled = False

    def set_organisation(self, organisation: Organisation) -> None:
        self.entries = [
            {"alias": alias, "name": entity.name, "kind": entity.kind.value} for alias, entity in organisation.aliases()
        ]
        self._compiled = False

    def _compile(self) -> None:
        """Build the matchers; done once, on first use, so that loading the shipped model and
        then setting the user's organisation does not compile twice."""
        from spacy.matcher import PhraseMatcher

        self._compiled = True
        self.lower = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        # "afdelingschefen for", "Leder af": joined to a unit found right after it.
        self.chief = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.chief.add("chief", [self.nlp.make_doc(f"{c} {p}") for c in _CHIEF_WORDS for p in _PREPOSITIONS])
        for n, entry in enumerate(self.entries):
            matcher = self.exact if _is_acronym(entry["alias"]) else self.lower
            matcher.add(str(n), [self.nlp.make_doc(form) for form in sorted(_variants(entry["alias"]))])

    def __call__(self, doc: Doc) -> Doc:
        if not self._compiled:
            self._compile()
        spans: list[Span] = []
        chief_before = {end: start for _, start, end in self.chief(doc)} if self.chief_prefix else {}
        for matcher in (self.lower, self.exact):
            for match_id, start, end in matcher(doc):
                entry = self.entries[int(self.nlp.vocab.strings[match_id])]
                if entry["kind"] == EntityKind.UNIT.value and start in chief_before:
                    start = chief_before[start]  # "Chefen for Miljø og Teknik" is the unit
                spans.append(Span(doc, start, end, label=entry["kind"], kb_id=entry["name"]))
        named = {i for span in spans for i in range(span.start, span.end)}
        _add_names(doc, [s for s in spans if not _inside_longer_name(doc, s, named)])
        return doc

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        from spacy.scorer import Scorer

        return Scorer.score_spans(examples, f"spans_{ORG_KEY}", getter=_spans_getter(ORG_KEY), **kwargs)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "entries.jsonl").write_text(
            "".join(json.dumps(e, ensure_ascii=False) + "\n" for e in self.entries), encoding="utf-8"
        )

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> OrganisationRuler:
        lines = (Path(path) / "entries.jsonl").read_text(encoding="utf-8").splitlines()
        self.entries = [json.loads(line) for line in lines if line.strip()]
        self._compiled = False
        return self


def _name_word(token: Token) -> bool:
    """A field a unit is named after ("Omsorg", "Unge"): not a body of its own ("Hjemmeplejen"), a
    person ("Mette") or an acronym ("HR")."""
    text = token.text
    return text[:1].isupper() and not text.isupper() and text.lower() in UNIT_FIELDS


def _joined_to_field(doc: Doc, start: int, end: int, named: frozenset[int] | set[int] = frozenset()) -> bool:
    """Whether ``doc[start:end]`` has "og <Field>" after it or "<Field> og" before it ("Sundhed og
    Omsorg", "Kultur og Sundhed"), the field not itself a name already found."""
    before, after = doc[max(0, start - 2) : start], doc[end : end + 2]
    return (
        len(after) == 2 and after[0].lower_ in {"og", "&"} and _name_word(after[1]) and after[1].i not in named
    ) or (len(before) == 2 and before[1].lower_ in {"og", "&"} and _name_word(before[0]) and before[0].i not in named)


def _field_pair(doc: Doc, i: int) -> bool:
    """ "Økonomi og Personale": the actor noun "Personale" is the second half of a unit's name."""
    return _name_word(doc[i]) and _joined_to_field(doc, i, i + 1)


def _inside_longer_name(doc: Doc, span: Span, named: set[int]) -> bool:
    """ "Sundhed og Omsorg", "Kultur og Sundhed": another municipality's unit with one of ours
    inside it; the name is theirs, kept as written elsewhere, not ours."""
    if span.label_ != EntityKind.UNIT.value or any(t.lower_ in {"og", "&"} for t in span):
        return False
    return _joined_to_field(doc, span.start, span.end, named)


def _add_names(doc: Doc, spans: list[Span]) -> None:
    """Add names to ``doc.spans["referat_org"]``: where two overlap, the longer one (and the one
    already there, on a tie) stays, in text order."""
    merged = spacy.util.filter_spans([*doc.spans.get(ORG_KEY, []), *spans])
    doc.spans[ORG_KEY] = SpanGroup(doc, name=ORG_KEY, spans=sorted(merged, key=lambda s: s.start))


def _spans_getter(key: str) -> Callable[[Doc, str], list[Span]]:
    def getter(doc: Doc, attr: str) -> list[Span]:
        return list(doc.spans.get(key, []))

    return getter


@Language.factory("referat_organisation", default_config={"chief_prefix": True})
def make_organisation_ruler(nlp: Language, name: str, chief_prefix: bool) -> OrganisationRuler:
    return OrganisationRuler(nlp, name, chief_prefix)


# --- people -----------------------------------------------------------------------------------

_SURNAME = re.compile(
    r"(?:sen|son|gaard|gård|strup|holm|berg|bjerg|lund|skov|dal|borg|bæk|mann|rup|bo|by|høj|feldt|toft|mose|"
    r"kjær|vig|sted|torp|ager)$"
)
_CAPITALISED = re.compile(r"^[A-ZÆØÅ][a-zæøåéü]+(?:-[A-ZÆØÅ][a-zæøåéü]+)?$")


_NAME_STOP = frozenset({"efter", "har", "skal", "vil", "er", "og", "i", "på", "til", "med", "som", "der", "at", "om"})
# "Udvalget for Nære Sundhedstilbud inddrages …": the verb ends the name
_NAME_STOP_VERBS = _NAME_STOP | ACTION_PRESENT | ACTION_PASSIVE | {"bliver", "blev", "kan", "bør", "må", "bedes"}


def _full_name_end(doc: Doc, i: int) -> int:
    """ "Styregruppen for Den ældre medicinske patient": a body's full name runs on after "for"
    when a capitalised word follows, up to a verb-like stop word or punctuation."""
    if i + 2 >= len(doc) or doc[i + 1].lower_ not in {"for", "vedr.", "vedrørende"} or not doc[i + 2].is_title:
        return i + 1
    end = i + 3
    while end < len(doc) and end - i < 8 and doc[end].is_alpha and doc[end].lower_ not in _NAME_STOP_VERBS:
        end += 1
    # "Direktøren for Teknik og Miljø indstiller": a coordinated capitalised name, then stop
    while end + 1 < len(doc) and doc[end].lower_ in {"og", "&"} and doc[end + 1].is_title:
        end += 2
    return end


class PeopleFinder:
    """Named people: a known first name, optionally followed by capitalised surnames or one
    initial ("Louise N"); also the PER entities of a statistical NER if one ran earlier.
    Actor nouns that any organisation has ("sekretariatet", "formanden", "HR") are marked as
    roles, spelled as written, so minutes from elsewhere still get a responsible."""

    def __init__(self, nlp: Language, name: str, max_surnames: int) -> None:
        from spacy.matcher import PhraseMatcher

        self.name = name
        self.nlp = nlp
        self.max_surnames = max_surnames
        self._first_names: frozenset[str] = frozenset()
        self._names = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._actors = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._actors.add("actor", [nlp.make_doc(noun) for noun in sorted(ACTOR_NOUNS)])
        if FIRST_NAMES_FILE.is_file():
            self._load_names(FIRST_NAMES_FILE)

    @property
    def first_names(self) -> frozenset[str]:
        return self._first_names

    @first_names.setter
    def first_names(self, names: frozenset[str]) -> None:
        """Matching is a PhraseMatcher pass (C speed), not a walk over every token in Python."""
        from spacy.matcher import PhraseMatcher

        self._first_names = frozenset(names)
        self._names = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        if self._first_names:
            self._names.add("first_name", [self.nlp.make_doc(n) for n in sorted(self._first_names)])

    def _continues_name(self, word: str, *, first: bool) -> bool:
        """The first capitalised word after a first name is a surname; later ones only when
        they look like names (a middle name, a surname ending), not a following noun
        ("Tina Willumsen Drøftelse af …")."""
        if word.lower() in {"og", "i", "de", "den", "det"}:
            return False
        if len(word) == 1 and word.isupper():
            return True  # an initial: "Louise N"
        if not _CAPITALISED.match(word):
            return False
        return first or word in self.first_names or _SURNAME.search(word) is not None

    def _load_names(self, path: Path) -> None:
        lines = path.read_text(encoding="utf-8").splitlines()
        self.first_names = frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))

    def __call__(self, doc: Doc) -> Doc:
        taken = {t.i for span in doc.spans.get(ORG_KEY, []) for t in span}
        found: list[Span] = []
        covered = -1
        for _, i, _ in sorted(self._names(doc), key=lambda m: m[1]):
            if i in taken or i <= covered:
                continue
            end = i + 1
            while (
                end < len(doc)
                and end - i <= self.max_surnames
                and end not in taken
                # after a first name (the first, or a middle one: "Poul Erik Lund") comes a surname
                and self._continues_name(doc[end].text, first=doc[end - 1].text in self.first_names)
            ):
                end += 1
            found.append(Span(doc, i, end, label=EntityKind.PERSON.value, kb_id=doc[i:end].text))
            covered = end - 1
        for _, i, _ in self._actors(doc):
            if i not in taken and not _field_pair(doc, i):
                end = _full_name_end(doc, i)
                # "Direktøren for Teknik og Miljø": a unit equals its chief (ANNOTATION §3)
                text = CHIEF_PREFIX.sub("", doc[i:end].text) or doc[i:end].text
                name = text if text.isupper() else text[:1].upper() + text[1:]
                found.append(Span(doc, i, end, label=GENERIC_LABEL, kb_id=name))
        for ent in doc.ents:
            if ent.label_ in {"PER", "PERSON"} and not any(t.i in taken for t in ent):
                found.append(Span(doc, ent.start, ent.end, label=EntityKind.PERSON.value, kb_id=ent.text))
        _add_names(doc, found)
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "first_names.txt").write_text("\n".join(sorted(self.first_names)) + "\n", encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> PeopleFinder:
        self._load_names(Path(path) / "first_names.txt")
        return self


@Language.factory("referat_people", default_config={"max_surnames": 3})
def make_people(nlp: Language, name: str, max_surnames: int) -> PeopleFinder:
    return PeopleFinder(nlp, name, max_surnames)


# --- deadlines --------------------------------------------------------------------------------


class DeadlineTagger:
    """Marks deadline expressions; ``span._.due`` is the resolved date (or None: no date).

    After ``referat_followups`` it reads only the follow-up sentences and marks the one
    expression that is each follow-up's deadline (``nlp.deadlines.choose_deadline``: past
    meetings and document dates are not deadlines). Without follow-ups in the doc (used on its
    own) it marks every date expression in the text."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        from nlp.deadlines import choose_deadline, find_deadlines

        spans: list[Span] = []
        if FOLLOWUP_KEY in doc.spans:
            for sentence in doc.spans[FOLLOWUP_KEY]:
                chosen = choose_deadline(sentence.text, doc._.meeting_date)
                if chosen is not None:
                    start = sentence.start_char + chosen.start
                    end = sentence.start_char + max(chosen.end, chosen.start + 1)
                    span = doc.char_span(start, min(end, sentence.end_char), label=chosen.rule, alignment_mode="expand")
                    if span is not None:
                        span._.due = chosen.due
                        spans.append(span)
        else:
            for found in find_deadlines(text_of(doc), doc._.meeting_date):
                span = doc.char_span(found.start, found.end, label=found.rule, alignment_mode="expand")
                if span is not None:
                    span._.due = found.due
                    spans.append(span)
        doc.spans[DEADLINE_KEY] = SpanGroup(doc, name=DEADLINE_KEY, spans=spacy.util.filter_spans(spans))
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        Path(path).mkdir(parents=True, exist_ok=True)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> DeadlineTagger:
        return self


@Language.factory("referat_deadlines")
def make_deadlines(nlp: Language, name: str) -> DeadlineTagger:
    return DeadlineTagger(nlp, name)


# --- follow-ups ---------------------------------------------------------------------------------


class FollowUpDetector:
    """Marks the sentences that state a follow-up; ``span._.reason`` names the rule."""

    def __init__(self, nlp: Language, name: str, threshold: float) -> None:
        self.name = name
        self.threshold = threshold

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        text = text_of(doc)
        for sent in doc.sents:
            verdict = classify(text[sent.start_char : sent.end_char])
            if verdict.confidence >= self.threshold:
                span = Span(doc, sent.start, sent.end, label="FOLLOWUP")
                span._.confidence = verdict.confidence
                span._.reason = verdict.reason
                spans.append(span)
        doc.spans[FOLLOWUP_KEY] = SpanGroup(doc, name=FOLLOWUP_KEY, spans=spans)
        return doc

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        from spacy.scorer import Scorer

        return Scorer.score_spans(examples, f"spans_{FOLLOWUP_KEY}", getter=_spans_getter(FOLLOWUP_KEY), **kwargs)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "cfg.json").write_text(json.dumps({"threshold": self.threshold}), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> FollowUpDetector:
        cfg = json.loads((Path(path) / "cfg.json").read_text(encoding="utf-8"))
        self.threshold = float(cfg["threshold"])
        return self


@Language.factory("referat_followups", default_config={"threshold": THRESHOLD})
def make_followups(nlp: Language, name: str, threshold: float) -> FollowUpDetector:
    return FollowUpDetector(nlp, name, threshold)


# --- building and loading ----------------------------------------------------------------------

COMPONENTS = ("referat_sentences", "referat_organisation", "referat_people", "referat_followups", "referat_deadlines")


def build_pipeline(organisation: Organisation | None = None, base: Language | None = None) -> Language:
    """A fresh pipeline: blank Danish (or ``base``) plus our components."""
    nlp = base if base is not None else spacy.blank("da")
    first = nlp.pipe_names[0] if nlp.pipe_names else None
    for name in COMPONENTS:
        if name in nlp.pipe_names:
            continue
        if name == "referat_sentences" and first is not None:
            nlp.add_pipe(name, before=first)
        else:
            nlp.add_pipe(name)
    ruler = nlp.get_pipe("referat_organisation")
    assert isinstance(ruler, OrganisationRuler)
    ruler.set_organisation(organisation or empty_organisation())
    return nlp


def load_pipeline(organisation: Organisation | None = None) -> Language:
    """The pipeline to run: ``TRACKER_SPACY_MODEL`` (an installed package or a path) with our
    components added, else the shipped ``nlp/model``, else a freshly built one. Never downloads."""
    selected = os.environ.get("TRACKER_SPACY_MODEL")
    if selected:
        try:
            base = spacy.load(selected, exclude=["senter"])
        except OSError as exc:
            raise RuntimeError(
                f"TRACKER_SPACY_MODEL={selected!r} is not an installed spaCy pipeline or a path to one"
            ) from exc
        nlp = build_pipeline(organisation, base=base)
    elif (MODEL_DIR / "config.cfg").is_file():
        nlp = spacy.load(MODEL_DIR)
        if organisation is not None:
            ruler = nlp.get_pipe("referat_organisation")
            assert isinstance(ruler, OrganisationRuler)
            ruler.set_organisation(organisation)
    else:
        nlp = build_pipeline(organisation)
    return nlp
