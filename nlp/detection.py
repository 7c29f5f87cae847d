"""Follow-up detection over a parsed meeting (ANNOTATION §2).

What is read, per agenda item:

1. this meeting's decision (never the quoted decisions of earlier meetings);
2. the proposal (Indstilling), when the decision adopts it ("Indstillingen blev godkendt",
   "godkendte sagens indstillingspunkter", "Som indstillet") — its points that oblige someone;
3. when the layout has no decision heading at all (MED minutes, board minutes, flattened
   excerpts), the item's own text, minus background and case presentation, with a stricter
   threshold: there, records and follow-ups share one paragraph.

Only those texts go through the spaCy pipeline, which keeps the expensive steps off
background and case presentations. Each sentence the pipeline marks becomes a FollowUp with
its responsible (``nlp.responsible``), deadline (``nlp.deadlines``) and provenance.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date

from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp import lexicon as lx
from nlp import responsible as resp
from nlp._headings import is_council_remarks, is_decision_lead, names_forum
from nlp.action_lists import action_rows, cells, labelled_cells
from nlp.models import AgendaItem, FollowUp, Meeting, Section, SectionKind
from nlp.organisation import EntityKind, Organisation
from nlp.pipeline import DEADLINE_KEY, FOLLOWUP_KEY, GENERIC_LABEL, ORG_KEY, TEXT_KEY, load_pipeline, text_of
from nlp.sentences import strip_bullet

# "Indstillingens punkt 1, 2, 3, 5 og 6 godkendt", "Punkt 4 godkendt med den tilføjelse, at …"
_POINTS = (
    r"(?:punkt(?:erne)?|pkt\.?)\s+(\d[\d,\s-]*(?:og\s+\d+\s+)?)(?:blev\s+|er\s+)?"
    r"(?:godkendt|tiltrådt|vedtaget|anbefalet)"
)
ADOPTS_PROPOSAL = re.compile(
    r"\b(?:indstilling(?:en|erne|spunkt\w*)?\s+(?:blev\s+|er\s+)?(?:godkendt|tiltrådt|vedtaget|fulgt|anbefalet)|"
    rf"{_POINTS}|"
    r"indstilling(?:en|erne|spunkt\w*)?\s+(?:godkendes|tiltrædes|vedtages|følges|anbefales)|"
    r"godkend\w*\s+(?:\w+\s+){0,5}indstilling\w*|tiltr\w*\s+(?:\w+\s+){0,5}indstilling\w*|"
    r"som\s+indstillet|følge\w*\s+indstillingen|^\s*(?-i:Godkendt|GODKENDT|Tiltrådt|Vedtaget)\b(?!\s+af\b)|"
    r"^\s*anbefal(?:es|et|ede)\b|anbefale[rs]?\s+(?:\w+\s+){0,3}(?:indstilling\w*|godkend\w*))",
    re.IGNORECASE | re.MULTILINE,
)
_POINTS_ADOPTED = re.compile(_POINTS, re.IGNORECASE)


def adopted_points(decision: str) -> frozenset[int] | None:
    """The proposal points a decision adopts by number ("Indstillingens punkt 1, 2 og 5 godkendt.
    Punkt 4 godkendt med …"); ``None`` when it adopts the proposal as a whole."""
    rest = _POINTS_ADOPTED.sub(" ", decision)
    if ADOPTS_PROPOSAL.search(rest):
        return None
    points: set[int] = set()
    for match in _POINTS_ADOPTED.finditer(decision):
        for part in re.findall(r"\d+(?:\s*-\s*\d+)?", match.group(1)):
            first, _, last = part.partition("-")
            points.update(range(int(first), int(last or first) + 1))
    return frozenset(points) or None


_POINT_NUMBER = re.compile(r"\s*(\d{1,2})[.)]\s")
# Stricter where the whole item text is read: records and tasks are mixed there.
BODY_THRESHOLD = 0.66
PROPOSAL_THRESHOLD = 0.6
_PROPOSAL_NOT_TASK = re.compile(
    r"^(?:\d+\.\s*)?at\s+(?:\w+\s+){0,3}(?:godkender\s+(?:dagsorden|referat)|tager\s+\w+\s+til\s+efterretning)|"
    r"til\s+efterretning|^(?:\d+\.\s*)?at\s+(?:\w+\s+){0,2}drøfte[rs]?\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Region:
    item: AgendaItem
    kind: SectionKind
    start: int
    end: int
    threshold: float


def regions(meeting: Meeting) -> Iterator[Region]:
    """The texts of the meeting that can hold follow-ups, per item."""
    for item in meeting.items:
        decisions = _current_decisions(item)
        if decisions:
            for decision in decisions:
                yield Region(item, SectionKind.DECISION, decision.start, decision.end, 0.0)
            proposal = item.proposal
            if proposal is not None and any(ADOPTS_PROPOSAL.search(d.text) for d in decisions):
                yield Region(item, SectionKind.PROPOSAL, proposal.start, proposal.end, PROPOSAL_THRESHOLD)
            continue
        if any(s.kind is SectionKind.DECISION for s in item.sections):
            continue  # only decisions of earlier meetings: history
        yield from _body_regions(meeting, item)


def _current_decisions(item: AgendaItem) -> list[Section]:
    """This meeting's decision sections of an item. A decision heading proper wins over a lead line
    ("Bestyrelsen besluttede, at") or a council's remarks, which may quote others. Of the headings
    proper, those after the case (its background, presentation and proposal) are read ("Beslutning:"
    then "Opfølgning:"), but of a chain of headings naming their forums only the last ("Beslutning i
    Økonomiudvalget" over "Beslutning i Byrådet": the first is the committee's, quoted)."""
    sections = item.sections
    current = [n for n, s in enumerate(sections) if s.kind is SectionKind.DECISION and s.current]
    if not current:
        return []
    primary = [
        n for n in current if not is_decision_lead(sections[n].heading) and not is_council_remarks(sections[n].heading)
    ]
    if not primary:
        chosen = [current[-1]]
    else:
        case_end = max((n for n, s in enumerate(sections) if s.kind in _CASE_KINDS), default=-1)
        chosen = [n for n in primary if n > case_end] or [primary[-1]]
        # a forum's decision with another decision after it is the committee's, quoted; an
        # "Opfølgning:" after it is its own follow-up
        chosen = [
            n
            for n in chosen
            if not (
                names_forum(sections[n].heading) and any(_DECIDES.search(sections[m].heading) for m in chosen if m > n)
            )
        ]
    last = chosen[-1]
    # "Beslutning" then "Udvalget besluttede at:" under it; "Konklusion:" then "Videre proces:"
    while last + 1 in current or (last + 1 < len(sections) and _NEXT_STEPS.match(sections[last + 1].heading)):
        last += 1
        chosen.append(last)
    return [sections[n] for n in chosen]


_CASE_KINDS = frozenset({SectionKind.BACKGROUND, SectionKind.PRESENTATION, SectionKind.PROPOSAL})
_DECIDES = re.compile(r"beslut|afgørelse|protokol|\d{4}", re.IGNORECASE)
# After this meeting's decision, the steps that follow from it; before it, the case's own plan.
_NEXT_STEPS = re.compile(r"^\W*(?:den\s+)?videre\s+proces\W*$", re.IGNORECASE)


def _body_regions(meeting: Meeting, item: AgendaItem) -> Iterator[Region]:
    skip = {SectionKind.BACKGROUND, SectionKind.PRESENTATION, SectionKind.ATTACHMENTS, SectionKind.PROPOSAL}
    if not item.sections:
        yield Region(item, SectionKind.OTHER, item.start, item.end, BODY_THRESHOLD)
        return
    first = min(s.start for s in item.sections)
    if first > item.start:
        yield Region(item, SectionKind.OTHER, item.start, first, BODY_THRESHOLD)
    for section in item.sections:
        # A proposal found by its verb alone ("… indstiller projektlederen, at …") has no heading to
        # end it: the decision and the tasks after it are in the same run of text.
        if section.kind not in skip or _decided_inline(section):
            yield Region(item, section.kind, section.start, section.end, BODY_THRESHOLD)


_DECIDED = re.compile(r"\b(?:godkendte|besluttede|tiltrådte|vedtog|blev\s+(?:godkendt|besluttet|vedtaget))\b", re.I)


def _decided_inline(section: Section) -> bool:
    """A proposal found by its verb alone ("… indstiller projektlederen, at …") that the same run of
    text decides ("Styregruppen godkendte, at …"): no heading ends it, so the decision and the
    tasks after it are inside it."""
    return section.kind is SectionKind.PROPOSAL and not section.heading.strip() and bool(_DECIDED.search(section.text))


_CURRENT: tuple[Organisation, Language] | None = None
_LOCK = threading.Lock()


def pipeline_for(organisation: Organisation) -> Language:
    """The pipeline for this organisation, loaded once (loading costs more than running).

    The organisation object itself is kept with it: keyed by ``id()`` alone, a new
    organisation could reuse a freed one's id and get a ruler built for the old names."""
    global _CURRENT
    with _LOCK:
        if _CURRENT is None or _CURRENT[0] is not organisation:
            _CURRENT = (organisation, load_pipeline(organisation))
        return _CURRENT[1]


_NAME_COMPONENTS = ("referat_organisation", "referat_people")


def _run(nlp: Language, text: str, meeting_date: date | None, only: tuple[str, ...] = ()) -> Doc:
    """Run the pipeline (or ``only`` the named components: looking up who presented an item
    needs the names, not deadlines or follow-ups)."""
    doc = nlp.make_doc(text)
    doc.user_data[TEXT_KEY] = text  # the text it was made from, so nobody joins the tokens again
    doc._.meeting_date = meeting_date
    for name, component in nlp.pipeline:
        if not only or name in only:
            doc = component(doc)
    return doc


def _mentions(doc: Doc, start: int, end: int, offset: int = 0) -> list[resp.Mention]:
    """The names found in ``doc[start:end]`` (characters), shifted by ``offset``. The doc's names
    are read once and kept with it: this is asked for every sentence."""
    everything: list[resp.Mention] | None = doc.user_data.get(_MENTIONS_KEY)
    if everything is None:
        everything = [
            resp.Mention(
                span.start_char,
                span.end_char,
                span.kb_id_,
                EntityKind.ROLE if span.label_ == GENERIC_LABEL else EntityKind(span.label_),
                generic=span.label_ == GENERIC_LABEL,
            )
            for span in doc.spans.get(ORG_KEY, [])
        ]
        doc.user_data[_MENTIONS_KEY] = everything
    inside = [m for m in everything if m.start >= start and m.end <= end]
    return [replace(m, start=m.start - offset, end=m.end - offset) for m in inside] if offset else inside


_MENTIONS_KEY = "referat_mentions"


def _doc_mentions(doc: Doc) -> list[resp.Mention]:
    return _mentions(doc, 0, len(text_of(doc)))


_PRESENTERS_KEY = "referat_presenters"


def _latest_presenter(doc: Doc, before: int) -> list[str]:
    """The last presenter whose verb ends before character ``before`` of the doc."""
    marks: list[tuple[int, list[str]]] | None = doc.user_data.get(_PRESENTERS_KEY)
    if marks is None:
        marks = resp.presenter_marks(text_of(doc), _doc_mentions(doc))
        doc.user_data[_PRESENTERS_KEY] = marks
    earlier = [names for end, names in marks if end <= before]
    return earlier[-1] if earlier else []


@dataclass
class _Reading:
    """What the detector keeps while it reads one meeting."""

    nlp: Language
    meeting: Meeting
    organisation: Organisation
    skip: frozenset[str]
    contexts: dict[int, list[str]]  # item id -> presenter or proposer
    docs: dict[tuple[int, int], Doc]  # region span in the meeting text -> its processed doc
    abbreviations: dict[str, str]  # "BU" -> "Børn & Unge", as the minutes define them


def _owner_named_in(reading: _Reading, text: str, *, proposal: bool) -> list[str]:
    """Who a proposal's or a presentation's opening names: its proposer ("Chefen for Økonomi og
    Stab indstiller"), else its presenter."""
    head = text[:600]
    if not resp.may_name_owner(head):
        return []
    doc = _run(reading.nlp, head, reading.meeting.date, _NAME_COMPONENTS)
    mentions = _mentions(doc, 0, len(head))
    return (resp.proposer(head, mentions) if proposal else []) or resp.presenter(head, mentions)


def _item_context(reading: _Reading, item: AgendaItem) -> list[str]:
    """Who the item belongs to when a sentence names nobody: the presenter in the decision, else
    the proposer, else the one the title names, else someone who remarked on it in the decision."""
    nlp, meeting = reading.nlp, reading.meeting
    decision = item.decision
    # Where the decision stands: its section, or with no decision heading the item's own text.
    spans = [(decision.start, decision.end)] if decision else [(r.start, r.end) for r in _body_regions(meeting, item)]
    decision_docs = [
        reading.docs.get((start, end)) or _run(nlp, meeting.text[start:end], meeting.date, _NAME_COMPONENTS)
        for start, end in spans
    ]
    for doc in decision_docs:
        found = resp.presenter(text_of(doc), _doc_mentions(doc))
        if found:
            return found
    # the text between the title and the first heading presents the item too ("Direktøren gennemgik …")
    lead_end = min((s.start for s in item.sections), default=item.start)
    lead = [meeting.text[item.start : lead_end]] if decision else []
    proposals = item.sections_of(SectionKind.PROPOSAL)
    for section in proposals:
        found = _owner_named_in(reading, section.text, proposal=True)
        if found:
            return found
    # "Administrationens indstilling": the heading names whose proposal it is
    owner = next((o for section in proposals if (o := resp.heading_owner(section.heading))), [])
    if owner:
        return [reading.organisation.canonical(name) for name in owner]
    for text in lead + [
        section.text
        for kind in (SectionKind.PRESENTATION, SectionKind.BACKGROUND)
        for section in item.sections_of(kind)
    ]:
        found = _owner_named_in(reading, text, proposal=False)
        if found:
            return found
    found = []
    if resp.may_name_owner(item.title):
        title_doc = _run(nlp, item.title, meeting.date, _NAME_COMPONENTS)
        title_mentions = _mentions(title_doc, 0, len(item.title))
        found = resp.presenter(item.title, title_mentions) or resp.title_presenter(item.title, title_mentions)
    for doc in decision_docs:
        found = found or resp.presenter(text_of(doc), _doc_mentions(doc), resp.REMARKER)
    for text in lead:  # "Direktøren oplyste, at …" above "Bestyrelsen besluttede, at"
        if not found and resp.may_name_owner(text):
            lead_doc = _run(nlp, text, meeting.date, _NAME_COMPONENTS)
            found = resp.presenter(text, _doc_mentions(lead_doc), resp.REMARKER)
    return found


# Capitalised sentence openers that are not actors ("Sagen skal …", "Dette vil …").
_NOT_SUBJECTS = (
    "Der",
    "Det",
    "Den",
    "De",
    "Dette",
    "Disse",
    "Denne",
    "Vi",
    "Man",
    "Han",
    "Hun",
    "Sagen",
    "Punktet",
    "Forslaget",
    "Planen",
    "Status",
    "Herudover",
    "Derudover",
    "Desuden",
    "Endvidere",
    "Samtidig",
    "Her",
    "Nu",
    "Så",
    "Og",
    "Men",
    "Efter",
    "Når",
    "Hvis",
    "Da",
    "Som",
    "Endelig",
    "Alle",
    "Hver",
    "Husk",
    "HUSK",
    "Videre",
    "Til",
    "I",
    "På",
)


# A sentence opening with a bare modal continues the one before it (the subject is elided).
_SUBJECTLESS = frozenset({"Skal", "Vil", "Bør", "Og", "Samt"})


def _previous_actors(doc: Doc, skip: frozenset[str]) -> dict[int, list[str]]:
    """For each sentence start, the actors of the closest earlier sentence in the same text
    that names one: who the discourse is about when a sentence names nobody."""
    result: dict[int, list[str]] = {}
    last: list[str] = []
    for sent in doc.sents:
        result[sent.start] = last
        mentions = _mentions(doc, sent.start_char, sent.end_char, offset=sent.start_char)
        named = resp.actors(sent.text, mentions) or resp.subject_as_written(sent.text, skip)
        if named:
            last = named
    return result


class _PreviousActors:
    """``_previous_actors`` of a region, worked out when first asked: most regions hold no
    follow-up that names nobody, and then nobody asks."""

    def __init__(self, doc: Doc, skip: frozenset[str]) -> None:
        self._doc, self._skip = doc, skip
        self._by_start: dict[int, list[str]] | None = None

    def __call__(self, start: int) -> list[str]:
        if self._by_start is None:
            self._by_start = _previous_actors(self._doc, self._skip)
        return self._by_start.get(start, [])


# Explicit fields after (or inside) an action: "Ansvarlig: Jens og Lise", "Frist: 1. marts".
_FIELD_KEY = "|".join(
    rf"{re.escape(label)}(?=\s*:)" if label in lx.COLON_ONLY_LABELS else re.escape(label)
    for label in lx.OWNER_LABELS + lx.DUE_LABELS
)
_FIELD_LINE = re.compile(
    rf"\b({_FIELD_KEY})\s*[:\-–]\s*([^;:\n]+?)(?=\s*(?:[,;.]\s*)?(?:{_FIELD_KEY})\b|[;\n]|\.?\s*$)",
    re.IGNORECASE,
)


# A row that says what happened ("Meddelelserne blev taget til efterretning.", "Bestyrelsen
# godkendte budgettet."), where a task row is a noun phrase or a sentence of work to do.
_RECORD_ROW = re.compile(
    r"\b(?:blev|er|var|har|godkendt|godkendte|vedtaget|vedtog|taget\s+til\s+efterretning|underskrevet|drøftet|drøftede)\b",
    re.IGNORECASE,
)


def _records(columns: list[str]) -> bool:
    """Whether an action-list row records the meeting rather than naming work: its task cell says
    what happened and no owner or date is given for it."""
    from nlp.classify import classify

    task = columns[0] if columns else ""
    given = any(c.strip(" -–") for c in columns[1:])
    return not given and _RECORD_ROW.search(task) is not None and not classify(task).is_followup


def _only_fields(line: str) -> bool:
    """ "Ansvarlig: Jens. Frist: 1. marts": a line that is nothing but fields, so it belongs to the
    actions above it; "Der opsættes skilte (ansvarlig: Fatima, frist: 15/11)" is an action itself."""
    rest = _FIELD_LINE.sub(" ", strip_bullet(line))
    return len(re.findall(r"\w{2,}", rest)) <= 2


def _owners_written(written: str, reading: _Reading) -> list[str]:
    """The owners an "Ansvarlig:" field, a Hvem cell or an owner column names: canonical where the
    organisation knows them, defined initials spelled out, else as written."""
    names = [reading.organisation.canonical(reading.abbreviations.get(n, n)) for n in resp.split_names(written)]
    return list(dict.fromkeys(names))


def _with_fields(
    followup: FollowUp,
    fields: list[tuple[str, str]],
    reading: _Reading,
    *,
    fill: bool = False,
    named: bool = False,
) -> FollowUp:
    """The owner and deadline an "Ansvarlig:" / "Frist:" field gives. A field in the sentence
    itself is what it says; a field line under a block of follow-ups (``fill``) gives each what
    its own sentence leaves open: a deadline when it has none, an owner when it names nobody."""
    from nlp.deadlines import choose_deadline

    for key, value in fields:
        value = value.strip(" .,()")
        if key.lower() in lx.DUE_LABELS:
            if fill and followup.deadline is not None:
                continue
            found = choose_deadline(f"senest {value}", followup.meeting_date)
            if found is not None and found.due is not None:
                followup = replace(followup, deadline=found.due, deadline_text=value)
        elif value and not (fill and named):
            followup = replace(followup, responsible=tuple(_owners_written(value, reading)))
    return followup


def _expand_generic(names: list[str], span: Span, doc: Doc, region: Region, meeting: Meeting) -> list[str]:
    """Generic bodies in their full name, when the item or the meeting's header gives it."""
    generic = {s.kb_id_ for s in doc.spans.get(ORG_KEY, []) if s.label_ == GENERIC_LABEL}
    if not generic & set(names):
        return names
    context = _name_context(meeting, region.item)
    return [resp.expand_short_name(n, context) if n in generic else n for n in names]


def _name_context(meeting: Meeting, item: AgendaItem) -> str:
    """Where a body called by its head noun ("Netværket", "Rådet") is named in full: its item, and
    the meeting's header."""
    return meeting.text[item.start : item.end] + "\n" + meeting.text[:400]


def _deadline_of(doc: Doc, span: Span) -> Span | None:
    """The deadline the pipeline's tagger chose for a follow-up sentence (nlp.deadlines policy)."""
    deadlines: list[Span] = list(doc.spans.get(DEADLINE_KEY, []))
    for deadline in deadlines:
        if span.start <= deadline.start and deadline.end <= span.end:
            return deadline
    return None


def _lend_deadline(found: list[FollowUp], first: int, subject: list[str], deadline: Span | None) -> None:
    """Give a subjectless continuation's deadline to the latest undated follow-up of its subject."""
    if deadline is None or deadline._.due is None or not subject:
        return
    for n in range(len(found) - 1, first - 1, -1):
        if found[n].deadline is None and set(found[n].responsible) & set(subject):
            found[n] = replace(found[n], deadline=deadline._.due, deadline_text=deadline.text)
            return


def _as_forum(mention: resp.Mention, forum: str | None) -> resp.Mention:
    """ "Udvalget" in the minutes of Teknik- og Miljøudvalget is the forum itself, which acts
    only as the subject of an action, like the forums the organisation file names."""
    if not mention.generic or forum is None:
        return mention
    name, own = mention.name.casefold(), forum.casefold()
    if own == name or own.endswith(name) or own.startswith(name + " "):
        return replace(mention, kind=EntityKind.FORUM)
    return mention


# The item comes back to this forum ("tages op igen", "drøftes på næste møde"), rather than going on
# to another body ("sendes til høring", "oversendes til Byrådet"). "igen" alone is no return
# ("Skiltene opsættes igen efter renoveringen").
_RETURNS_HERE = re.compile(
    r"\b(?:næste\s+\w*møde|genoptages|udsættes|udsat|tages\s+op|drøftes|behandles)\b", re.IGNORECASE
)
_SENT_ON = re.compile(
    r"\b\w*sendes\b|\bhøring\b|\boversend\w*|\b(?:behandles|drøftes|forelægges)\s+i\s+(?-i:[A-ZÆØÅ])", re.IGNORECASE
)


# ", og Lone bestiller pølser …": a coordinated clause with a subject of its own
_NEW_SUBJECT_CLAUSE = re.compile(
    r",\s+og\s+(?:(?:så|derefter|herefter|bagefter|dernæst)\s+(?=[a-zæøå]+\s+[A-ZÆØÅ])|(?=[A-ZÆØÅ]))"
)
# "… og så sender Mikkel det til forvaltningen": the verb before its subject after an adverb
_INVERTED = re.compile(r"^([a-zæøå]+)\s+([A-ZÆØÅ][\wæøåÆØÅ-]*(?:\s+(?:&|og)\s+[A-ZÆØÅ][\wæøåÆØÅ-]*)?)(?=\s)")


def _subject_first(clause: str) -> str:
    """ "sender Mikkel det videre" → "Mikkel sender det videre", so the clause reads like the rest."""
    return _INVERTED.sub(r"\2 \1", clause, count=1)


def _coordinated_tasks(span: Span, doc: Doc) -> list[Span]:
    """One sentence, two follow-ups (ANNOTATION §1): "Jens sørger for aftalen med præsten, og
    Lone bestiller pølser senest d. 14. juni" gives each clause its own owner and deadline. Only
    when both clauses are follow-ups with subjects of their own; otherwise the sentence."""
    from nlp.classify import classify

    text = span.text
    for match in _NEW_SUBJECT_CLAUSE.finditer(text):
        first, second = text[: match.start()], _subject_first(text[match.end() :])
        verdicts = classify(first), classify(second)
        subjects = [resp.subject_as_written(part, frozenset()) for part in (first, second)]
        if not all(v.is_followup for v in verdicts) or not all(subjects) or subjects[0] == subjects[1]:
            continue  # both clauses must name their own, different subjects
        parts = [
            doc.char_span(span.start_char, span.start_char + match.start(), alignment_mode="contract"),
            doc.char_span(span.start_char + match.end(), span.end_char, alignment_mode="contract"),
        ]
        if any(p is None for p in parts):
            continue
        for part, verdict in zip(parts, verdicts, strict=True):
            assert part is not None
            part._.confidence, part._.reason = verdict.confidence, verdict.reason
        return [p for p in parts if p is not None]
    return [span]


def _responsible(
    span: Span, doc: Doc, region: Region, previous: _PreviousActors, reading: _Reading
) -> tuple[list[str], bool]:
    """ANNOTATION §3 for one sentence: whom the sentence names itself, else whom the item tells;
    and whether the sentence named them (an "Ansvarlig:" line under it fills only the others)."""
    mentions = [
        _as_forum(m, reading.meeting.forum) for m in _mentions(doc, span.start_char, span.end_char, span.start_char)
    ]
    clause = resp.commitment_clause(span.text)
    named = _named_in(span, clause, mentions, region, reading)
    if named:
        return named, True
    return _inferred(span, clause[0], mentions, doc, region, previous, reading), False


def _named_in(
    span: Span, commitment: tuple[int, int], mentions: list[resp.Mention], region: Region, reading: _Reading
) -> list[str]:
    """Whom the sentence names as acting: the clause with the commitment names the actor (the
    one asked, when it delegates); else every chief for "i alle afdelinger"; else a subject as
    written. Empty when the sentence leaves it to be inferred."""
    organisation = reading.organisation
    sentence = span.text
    c_start, c_end = commitment
    inside = [m for m in mentions if m.start >= c_start and m.end <= c_end]
    clause = sentence[:c_end]
    names = (
        [organisation.canonical(n) for n in resp.bracketed_owner(sentence)]
        or resp.labelled_owner(sentence, mentions)
        or resp.members_of(clause[c_start:])
        or resp.actors(clause, inside)
        or resp.relative_actor(clause[c_start:], inside)
    )
    if not names and resp.all_departments(clause[c_start:]):
        names = [organisation.all_chiefs]
    if not names:
        names = [organisation.canonical(n) for n in resp.subject_as_written(clause[c_start:], reading.skip)]
    if not names:
        names = resp.everyone_of(clause[c_start:])
    if not names:
        names = resp.definite_subject(clause[c_start:], reading.skip)
        if names:
            names = [resp.expand_short_name(n, _name_context(reading.meeting, region.item)) for n in names]
    return names


def _inferred(
    span: Span,
    c_start: int,
    mentions: list[resp.Mention],
    doc: Doc,
    region: Region,
    previous: _PreviousActors,
    reading: _Reading,
) -> list[str]:
    """The forum's members for "vi", "HUSK", "alle bedes"; else the latest presenter before the
    sentence; else the item's presenter, proposer, title owner or remarker; else any actor of the
    sentence; else the forum it returns to ("Udvalget ønskede en opfølgning i juni"); else the
    actor of the previous sentence."""
    sentence = span.text
    if reading.meeting.forum and resp.addressed_to_members(sentence[c_start:]):
        return [reading.meeting.forum]  # "Vi skriver til kommunen", "HUSK at melde tilbage", "alle bedes …"
    names = _latest_presenter(doc, span.start_char)
    if names:
        return names
    key = id(region.item)
    if key not in reading.contexts:
        reading.contexts[key] = _item_context(reading, region.item)
    own_forum = [m.name for m in mentions if m.generic and m.kind is EntityKind.FORUM][:1]
    if not own_forum and reading.meeting.forum and _RETURNS_HERE.search(sentence) and not _SENT_ON.search(sentence):
        own_forum = [reading.meeting.forum]  # "Forretningsordenen skal drøftes hver 2. år": it returns here
    return reading.contexts[key] or resp.actors(sentence, mentions) or own_forum or previous(span.start)


def _followup(span: Span, doc: Doc, region: Region, meeting: Meeting, names: list[str]) -> FollowUp:
    deadline = _deadline_of(doc, span)
    return _record(
        meeting,
        region,
        region.item,
        (span.start_char, span.text),
        names,
        (deadline._.due, deadline.text) if deadline is not None else (None, None),
        (float(span._.confidence), str(span._.reason)),
    )


def _record(
    meeting: Meeting,
    region: Region,
    item: AgendaItem,
    found: tuple[int, str],
    names: list[str],
    deadline: tuple[date | None, str | None],
    verdict: tuple[float, str],
) -> FollowUp:
    """The FollowUp for text ``found`` = (its start in the region, as written), bullet dropped."""
    start, written = found
    clean = strip_bullet(written)
    offset = region.start + start + max(written.find(clean), 0)
    return FollowUp(
        doc=meeting.source,
        item=item.number,
        text=clean,
        start=offset,
        end=offset + len(clean),
        responsible=tuple(names),
        deadline=deadline[0],
        deadline_text=deadline[1],
        confidence=verdict[0],
        reason=verdict[1],
        section=region.kind,
        meeting_date=meeting.date,
        forum=meeting.forum,
        case_number=item.case_number,
        item_title=item.title,
    )


# Who can own a row; of the actor nouns only those in the owner column, after the task (in
# "Revideret mødekalender sendes til alle ledere  Lone  uge 38", "alle ledere" is the object).
_OWNER_KINDS = frozenset({EntityKind.PERSON, EntityKind.UNIT, EntityKind.ALL_CHIEFS, EntityKind.ROLE})


_WRITTEN_OWNER = re.compile(r"[A-ZÆØÅ][\wæøåÆØÅ.-]*(?:\s+(?:og\s+|&\s+|/\s*|,\s*)?[\wæøåÆØÅ.-]+){0,4}")


def _row_followup(doc: Doc, region: Region, meeting: Meeting, start: int, end: int, reading: _Reading) -> FollowUp:
    """A row of an action list (``nlp.action_lists``): its owners and its deadline."""
    from nlp.deadlines import choose_deadline, resolve

    row = text_of(doc)[start:end]
    labelled = labelled_cells(row)
    if labelled:
        return _labelled_row_followup(doc, region, meeting, (start, end), labelled, reading)
    columns = cells(row)
    # names in the task column are what the task is about ("meldes ind til Økonomi"), not its owner
    task_end = row.find(columns[0]) + len(columns[0]) if len(columns) > 1 else 0
    mentions = [m for m in _mentions(doc, start, end, offset=start) if m.kind in _OWNER_KINDS]
    named = [m for m in mentions if m.start >= task_end and (not m.generic or m.start > len(row) // 2)]
    names = list(dict.fromkeys(reading.organisation.canonical(m.name) for m in named))
    deadline = choose_deadline(row, meeting.date) or (resolve(columns[-1], meeting.date) if len(columns) > 1 else None)
    if not names and len(columns) == 3 and _WRITTEN_OWNER.fullmatch(columns[1]):
        # "| Udkast til program | Direktionssekretariatet | primo juni |": task, owner as written, date
        names = _owners_written(columns[1], reading)
    # "3 | Revideret mødekalender …": a row whose first column is an item of this meeting belongs to it
    column = re.match(r"(?:pkt\.?\s*)?(\d{1,3})\b(?![/.-]\d)", row, re.IGNORECASE)
    numbered = {item.number: item for item in meeting.items}
    item = numbered.get(int(column.group(1)), region.item) if column else region.item
    due = (deadline.due, deadline.text) if deadline is not None else (None, None)
    return _record(meeting, region, item, (start, row), names, due, (0.7, "action_list"))


def _labelled_row_followup(
    doc: Doc,
    region: Region,
    meeting: Meeting,
    span: tuple[int, int],
    cells: dict[str, tuple[int, int]],
    reading: _Reading,
) -> FollowUp:
    """ "Hvem: Beredskabsdirektøren  Hvad: Udkast sendes til styregruppen  Hvornår: uge 14": the
    owner is who the Hvem cell names (as written when nobody known), the date what Hvornår says."""
    from nlp.deadlines import choose_deadline

    start, end = span
    row = text_of(doc)[start:end]
    owner_start, owner_end = cells["owner"]
    owner = row[owner_start:owner_end].strip(" .,")
    mentions = [
        m
        for m in _mentions(doc, start + owner_start, start + owner_end, offset=start)
        if m.kind in _OWNER_KINDS and not m.generic
    ]
    names = [reading.organisation.canonical(m.name) for m in mentions]
    if not names and owner and owner not in {"-", "–"}:
        names = _owners_written(owner, reading)
    due_cell = row[slice(*cells["due"])] if "due" in cells else ""
    deadline = choose_deadline(due_cell, meeting.date) or choose_deadline(f"senest {due_cell}", meeting.date)
    due = (deadline.due, deadline.text) if deadline is not None else (None, None)
    return _record(meeting, region, region.item, (start, row), list(dict.fromkeys(names)), due, (0.7, "action_list"))


def detect_followups(meeting: Meeting, organisation: Organisation) -> list[FollowUp]:
    nlp = pipeline_for(organisation)
    found: list[FollowUp] = []
    forums = {e.name.lower() for e in organisation.of_kind(EntityKind.FORUM)}
    skip = frozenset(n.lower() for n in _NOT_SUBJECTS) | forums
    reading = _Reading(nlp, meeting, organisation, skip, {}, {}, resp.defined_abbreviations(meeting.text))
    for region in regions(meeting):
        text = meeting.text[region.start : region.end]
        doc = _run(nlp, text, meeting.date)
        reading.docs[(region.start, region.end)] = doc
        previous = _PreviousActors(doc, skip)
        heading = meeting.text[meeting.text.rfind("\n", 0, max(region.start - 1, 0)) + 1 : region.start]
        rows = action_rows(text, region.item.title, heading)
        for start, end in rows:
            if not _records(cells(text[start:end])):
                found.append(_row_followup(doc, region, meeting, start, end, reading))
        marked = {
            span.start: span
            for span in doc.spans.get(FOLLOWUP_KEY, [])
            if not any(start < span.end_char and span.start_char < end for start, end in rows)
        }
        decision = region.item.decision
        adopted = adopted_points(decision.text) if region.kind is SectionKind.PROPOSAL and decision else None
        block: list[tuple[int, bool]] = []  # this run of adjacent follow-ups: index in ``found``, named
        first = len(found)  # this region's follow-ups start here
        last_end = -1
        for sent in doc.sents:
            fields = _FIELD_LINE.findall(strip_bullet(text[sent.start_char : sent.end_char]))
            if fields and block and sent.start == last_end and _only_fields(text[sent.start_char : sent.end_char]):
                # "Ansvarlig: Jens" / "Frist: 1. marts" under a run of actions belong to them.
                for n, named in block:
                    found[n] = _with_fields(found[n], fields, reading, fill=True, named=named)
                last_end = sent.end
                continue
            span = marked.get(sent.start)
            if span is None or float(span._.confidence) < region.threshold:
                continue
            if span.start != last_end:
                block = []
            continues = span.start == last_end and span[0].text in _SUBJECTLESS
            last_end = span.end
            if continues:
                # "… Skal melde tilbage inden for den næste uge.": no follow-up of its own; the
                # elided subject is the last actor named, and its deadline is theirs.
                _lend_deadline(found, first, previous(span.start), _deadline_of(doc, span))
                continue
            if region.kind is SectionKind.PROPOSAL and _PROPOSAL_NOT_TASK.search(strip_bullet(span.text)):
                continue
            if region.kind is SectionKind.PROPOSAL and not _adopted(span.text, adopted):
                continue  # a point the decision left out ("Indstillingens punkt 1 og 3 godkendt")
            for part in _coordinated_tasks(span, doc):
                names, named = _responsible(part, doc, region, previous, reading)
                names = _expand_generic(names, part, doc, region, meeting)
                # an abbreviation the organisation file knows keeps its canonical name
                names = [n if organisation.lookup(n) else reading.abbreviations.get(n, n) for n in names]
                found.append(_followup(part, doc, region, meeting, names))
                block.append((len(found) - 1, named))
            if fields:
                found[-1] = _with_fields(found[-1], fields, reading)
                # "(ansvarlig: Fatima, frist: 15/3)": an owner given inside the action is not filled over
                block[-1] = (block[-1][0], block[-1][1] or any(k.lower() in lx.OWNER_LABELS for k, _ in fields))
    found.sort(key=lambda f: f.start)  # an action list's rows come first per region; show them in place
    return _merge_restated_rows(_without_bare_postponements(found))


_BARE_POSTPONEMENT = re.compile(r"^\W*(?:(?:sagen|punktet)\s+(?:blev\s+|er\s+)?)?udsat\W*$", re.IGNORECASE)


def _without_bare_postponements(found: list[FollowUp]) -> list[FollowUp]:
    """ "Sagen blev udsat. Udvalget ønsker, at sagen genoptages på mødet den 18. november": the
    second sentence says when the postponed case returns; the bare "udsat" is the same follow-up."""
    return [
        f
        for n, f in enumerate(found)
        if not (
            _BARE_POSTPONEMENT.match(f.text)
            and n + 1 < len(found)
            and found[n + 1].item == f.item
            and found[n + 1].reason.startswith("return")
        )
    ]


def _adopted(point: str, points: frozenset[int] | None) -> bool:
    """Whether a proposal point is among ``points`` (``None``: the whole proposal is adopted)."""
    number = _POINT_NUMBER.match(point)
    return points is None or number is None or int(number.group(1)) in points


def _merge_restated_rows(found: list[FollowUp]) -> list[FollowUp]:
    """An action-list row that restates a follow-up of the same item found in its decision
    ("2 | Katalog over omprioriteringer til ØU | Økonomi | 01.10.2024" after "Direktionen pålagde
    Økonomi at samle forslagene i et katalog …") is the same task: it lends that follow-up an owner
    or a date it lacks, and is not shown twice. So is an adopted proposal point that the decision
    says again in its own words ("1. at årsregnskabet godkendes og oversendes til revisionen" under
    "Godkendt. Regnskabet oversendes til revisionen.")."""
    restated: set[int] = set()
    for n, row in enumerate(found):
        if row.reason == "action_list":
            candidates = [k for k, f in enumerate(found) if f.reason != "action_list" and f.item == row.item]
            task = row.text
            for said in (*row.responsible, row.deadline_text or ""):
                task = task.replace(said, " ") if said else task  # the owner and date columns are not the task
            shares = {k: _stem_share(task, found[k].text) for k in candidates}
        elif row.section is SectionKind.PROPOSAL:
            candidates = [
                k
                for k, f in enumerate(found)
                if f.section is SectionKind.DECISION and f.reason != "action_list" and f.item == row.item
            ]
            # the decision's sentence is the shorter restatement: how much of it the point says
            shares = {k: _stem_share(found[k].text, row.text) for k in candidates}
        else:
            continue
        same = max(shares, key=lambda k: shares[k], default=None)
        if same is None or shares[same] < _RESTATED:
            continue
        restated.add(n)
        target = found[same]
        found[same] = replace(
            target,
            responsible=target.responsible or row.responsible,
            deadline=target.deadline or row.deadline,
            deadline_text=target.deadline_text if target.deadline else row.deadline_text,
        )
    return [f for n, f in enumerate(found) if n not in restated]


_RESTATED = 0.5  # share of a row's content words that a sentence of the same item repeats


def _stem_share(row: str, sentence: str) -> float:
    """How much of the row the sentence says, by word stems ("godkendes" ~ "godkende",
    "endelig" ~ "endelige"): rows are terse and inflect differently."""

    def stems(text: str) -> set[str]:
        return {w[:5] for w in re.findall(r"[a-zæøå]{4,}", text.lower()) if w not in _STOP}

    row_stems = stems(row)
    return len(row_stems & stems(sentence)) / len(row_stems) if row_stems else 0.0


_STOP = frozenset("til over med fra for efter inden senest frist ansvarlig".split())
