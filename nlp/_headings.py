"""Which lines of an agenda item are section headings, and what kind of section each opens.

Minutes name their sections in a handful of ways per system: a word on its own line
(``Beslutning``), a word and a colon with the text after it (``Beslutning: Godkendt.``), a
decision heading naming the forum and date (``BESLUTNING I CHEFFORUM DEN 26-06-2015``,
``Beslutning i Udvalget for Ældre og Sundhed den 04-06-2020``), the treatment history of the
e-dagsorden systems (``Kultur- og Idrætsudvalget, 03-04-2019, pkt. 44``), or a proposal that
starts without a heading (``Kommunaldirektøren indstiller,``). The date matters: a decision
dated before the meeting is quoted history, not this meeting's decision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from nlp._meeting_facts import DATE_PATTERN, date_of
from nlp.models import SectionKind

_K = SectionKind
_HEADINGS: dict[str, SectionKind] = {
    **dict.fromkeys(
        "anledning|baggrund|resume|resumé|sagsresume|sagsresumé|formål|beslutningstema|indledning|"
        "problemstilling|kort om sagen|sagen i korte træk|baggrund for sagen|baggrund og formål".split("|"),
        _K.BACKGROUND,
    ),
    **dict.fromkeys(
        "sagsfremstilling|sagsbeskrivelse|supplerende sagsfremstilling|beskrivelse|sagen|redegørelse|"
        "sagsfremstilling og vurdering|uddybende sagsfremstilling".split("|"),
        _K.PRESENTATION,
    ),
    **dict.fromkeys(
        "indstilling|indstillinger|administrationens indstilling|forvaltningens indstilling|"
        "direktionens indstilling|direktørens indstilling|forslag|forslag til beslutning|"
        "indstilling til beslutning|supplerende indstilling".split("|"),
        _K.PROPOSAL,
    ),
    **dict.fromkeys(
        "beslutning|beslutninger|beslutning/referat|referat/beslutning|beslutning og referat|referat|"
        "drøftelse og beslutning|drøftelse/beslutning|konklusion|konklusioner|opfølgning|aftale|aftaler|"
        "vedtagelse|beslutning og opfølgning|referat og beslutning|beslutningsreferat|"
        "beslutning og aftaler|konklusion og opfølgning|protokol|protokollat|beslutningsprotokol|afgørelse|"
        "udvalgets beslutning|indstilling/beslutning|beslutning/indstilling|aftalt|besluttet|"
        "aftalt og besluttet|besluttet og aftalt|beslutninger og aftaler|beslutninger og opgaver|"
        "aftaler og opgaver|opgaver|aktionspunkter|action points|to do|to-do|todo|konklusioner og aftaler|"
        "opsamling og næste skridt|næste skridt|aftaler og opfølgning".split("|"),
        _K.DECISION,
    ),
    **dict.fromkeys(
        "bilag|bilagsfortegnelse|bilag til punktet|bilag til sagen|vedlagte bilag|bilagsliste".split("|"),
        _K.ATTACHMENTS,
    ),
    **dict.fromkeys(
        "økonomi|økonomiske konsekvenser|økonomiske og personalemæssige konsekvenser|"
        "personalemæssige konsekvenser|økonomi og finansiering|finansiering|høring|høringssvar|tidsplan|"
        "lovgrundlag|retligt grundlag|lovgivning|kommunikation|historik|sagsforløb|handlemuligheder|"
        "vurdering|administrationens vurdering|konsekvenser for andre udvalg|beslutningskompetence|"
        "kompetence|fraværende|afbud|deltagere|til stede|tilstede|mødeleder|referent|tilbage til toppen|"
        "til toppen|åbent|lukket|åbent punkt|lukket punkt|den videre proces|videre proces|proces|"
        "bemærkninger|miljømæssige konsekvenser|borgerinddragelse|supplerende oplysninger|"
        "sagens behandling|tidligere beslutninger|tidligere behandling|politisk behandling|"
        "klimamæssige konsekvenser|risikovurdering|organisering|inddragelse".split("|"),
        _K.OTHER,
    ),
}
ATTENDANCE = frozenset({"fraværende", "afbud", "deltagere", "til stede", "tilstede"})

_DECORATION = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+)?(?:\*\*|__)?|(?:\*\*|__)?[ \t]*$")
_DECISION_WORD = r"(?i:beslutning(?:\s*/\s*referat)?|referat\s*/\s*beslutning)"
_DATED_DECISION = re.compile(
    rf"^{_DECISION_WORD}\s*:?\s*(?:(?i:i|fra|på)\s+)?(?P<forum>[^\d:\n]{{0,90}}?)[\s,]*"
    rf"(?:(?i:den|d\.)\s*)?(?:(?i:\w+dag)\s+(?:(?i:den)\s+|(?i:d\.)\s*)?)?(?P<date>(?i:{DATE_PATTERN}))"
    r"(?:\s*,\s*(?i:pkt|punkt)\.?\s*\d+\.?)?\s*:?$"  # "…den 17. oktober 2023, pkt. 172:"
)
_FORUM_DECISION = re.compile(rf"^{_DECISION_WORD}\s+(?i:i|fra)\s+(?P<forum>[A-ZÆØÅ][^:\n]{{1,90}}?)\s*:?$")
_OWNED_DECISION = re.compile(
    r"^[A-ZÆØÅ][\w-]*(?i:s|ens|ets)\s+(?i:beslutning(?:er)?)"  # also in capitals: "REGIONSRÅDETS BESLUTNING"
    rf"(?:\s+(?:(?i:den|d\.)\s*)?(?P<date>(?i:{DATE_PATTERN})))?\s*:?$"  # "Byrådets beslutning den 23. april 2024:"
)
# "Indstilling fra kommunaldirektøren", "Forslag fra forvaltningen": the proposal, with its owner
_PROPOSAL_FROM = re.compile(r"^(?i:indstilling|forslag|administrationens\s+indstilling)\s+(?i:fra)\s+\S.{0,60}?:?$")
# "Rådets bemærkninger:", "Ældrerådets høringssvar": an advisory council records what it decided
# to say, and its tasks, under its own remarks.
_BODY_REMARKS = re.compile(
    r"^(?P<owner>[A-ZÆØÅ][\w-]*?)(?:s|ens|ets)\s+(?i:bemærkninger|høringssvar|udtalelse|kommentarer)\s*:?$"
)
_HISTORY = re.compile(
    rf"^(?P<forum>[A-ZÆØÅ][^,\n]{{2,90}}?)(?:\s*,\s*|\s+(?=den\b|d\.))(?:\w+dag\s+)?(?:den\s+|d\.\s*)?"
    rf"(?P<date>(?i:{DATE_PATTERN}))\s*,\s*(?:pkt|punkt)\.?\s*\d+\.?\s*:?\s*$"
)
# "Regionsrådet den 18. juni 2025:": a body's decision on that day, on its own line
_BODY_DATED = re.compile(
    r"^(?P<forum>[A-ZÆØÅ][\w-]*(?:\s+(?:og\s+)?[\w-]+){0,4}?)\s+(?:den\s+|d\.\s*)?"
    rf"(?P<date>(?i:{DATE_PATTERN}))\s*:\s*$"
)
_BODY_WORD = re.compile(r"(?i:udvalg|råd(?:et)?\b|bestyrelse|direktion|forum|kommission|gruppe|MED\b|repræsentantskab)")
_TREATMENT = re.compile(
    rf"^Behandling i\s+(?P<forum>[A-ZÆØÅ][^\n]{{2,90}}?)\s*,?\s+(?:\w+dag\s+)?(?:den\s+|d\.\s*)?"
    rf"(?P<date>(?i:{DATE_PATTERN}))\s*(?:,\s*(?:pkt|punkt)\.?\s*\d+\.?)?\s*$"
)
_COLON = re.compile(r"^(?P<label>[^:\n]{2,45}?)\s*:\s*(?P<rest>.*)$")
_PROPOSAL_LEAD = re.compile(
    r"^(?:[A-ZÆØÅ][^.!?:\n]{0,90}?\s)?indstiller\b(?!\s+til\s+\w+s?\s+(?:beslutning|godkendelse)\b)"
    r"|^Det (?:indstilles|foreslås)\b"
)
# "Bestyrelsen besluttede, at" on its own line, the points under it: the decision, headed by its lead
_DECISION_LEAD = re.compile(
    r"^[A-ZÆØÅ][\w-]*(?:\s+[\w-]+){0,3}?\s+(?:besluttede|vedtog|aftalte|godkendte|tiltrådte|konkluderede)"
    r"(?:\s*,?\s*at|\s+følgende)?\s*:?$"
)
_ATTACHMENT_NAME = re.compile(r"\.(?:pdf|docx?|pptx?|xlsx?|msg|jpe?g|png)\s*$", re.IGNORECASE)
_NAME_LIST = re.compile(
    r"^[ \t]*(?:[A-ZÆØÅ][\w.'´-]*(?:[ \t]+(?:[A-ZÆØÅ][\w.'´-]*|af|og|de|von|van|la|\([^)]{1,40}\)))*"
    r"(?:\s*,\s*|\s+og\s+|\s*$))+[.]?\s*$"
)


def is_decision_lead(heading: str) -> bool:
    """ "Bestyrelsen besluttede, at": a lead line over the decision's points, not a heading proper."""
    return _DECISION_LEAD.match(heading) is not None and heading.endswith(("at", ":"))


def names_forum(heading: str) -> bool:
    """ "Beslutning i Økonomiudvalget", "Økonomiudvalgets beslutning", "Byrådet den 3. maj 2025:":
    a decision heading that says whose decision it is."""
    text = clean(heading)
    return bool(
        _FORUM_DECISION.match(text)
        or (_OWNED_DECISION.match(text) and _BODY_WORD.search(text))
        or _BODY_DATED.match(text)
        or ((match := _DATED_DECISION.match(text)) and _BODY_WORD.search(match["forum"] or ""))
    )


def is_council_remarks(heading: str) -> bool:
    """ "Rådets bemærkninger:": an advisory council's own remarks (or one it quotes)."""
    return _BODY_REMARKS.match(heading) is not None


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading found on one line.

    ``body`` is where the section's own text starts within the line: ``None`` when it starts
    on the next line, 0 when the line itself is text (a proposal lead-in).
    """

    kind: SectionKind
    heading: str
    body: int | None = None
    decided_on: date | None = None
    known: bool = True
    attendance: bool = False


def clean(line: str) -> str:
    """The line without markdown decoration (``### **Beslutning**`` -> ``Beslutning``)."""
    text = line.strip()
    if text[:1] in ("#", "*", "_") or text[-1:] in ("*", "_"):
        text = _DECORATION.sub("", text).strip()
    return text


def _key(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(" :")


def classify(line: str) -> Heading | None:
    """The known heading this line is, if any (generic headings are judged separately)."""
    text = clean(line)
    if not text:
        return None
    lead = len(line) - len(line.lstrip())
    if len(text) > 160:  # a paragraph; it may still open with its label ("Baggrund: Sygefraværet var …")
        return _labelled(line, text, lead)
    key = _key(text)
    kind = _HEADINGS.get(key)
    if kind is not None:
        return Heading(kind, text, attendance=key in ATTENDANCE)
    if match := _DATED_DECISION.match(text):
        return Heading(SectionKind.DECISION, text, decided_on=date_of(match["date"]))
    if match := _OWNED_DECISION.match(text):
        return Heading(SectionKind.DECISION, text, decided_on=date_of(match["date"]) if match["date"] else None)
    if _PROPOSAL_FROM.match(text):
        return Heading(SectionKind.PROPOSAL, text)
    if is_decision_lead(text):
        return Heading(SectionKind.DECISION, text)
    if _FORUM_DECISION.match(text) or (
        (match := _BODY_REMARKS.match(text)) and _BODY_WORD.search(match["owner"] + "et")
    ):
        return Heading(SectionKind.DECISION, text)
    if (
        (match := _BODY_DATED.match(text))
        and _BODY_WORD.search(match["forum"])
        and "møde" not in match["forum"].lower()  # "Næste møde i arbejdsgruppen den 3. maj:" is no decision
    ) or ((match := _HISTORY.match(text)) or (match := _TREATMENT.match(text))):
        return Heading(SectionKind.DECISION, text, decided_on=date_of(match["date"]))
    return _labelled(line, text, lead)


def _labelled(line: str, text: str, lead: int) -> Heading | None:
    """ "Beslutning: Godkendt.": a known label, a colon, and the section's text on the same line."""
    match = _COLON.match(text)
    if match is None:
        return None
    label_key = _key(match["label"])
    kind = _HEADINGS.get(label_key)
    if kind is None:
        return None
    body = line.index(":", lead + match.start("label")) + 1
    while body < len(line) and line[body] in " \t":
        body += 1
    return Heading(kind, match["label"].strip() + ":", body=body, attendance=label_key in ATTENDANCE)


def proposal_lead(line: str) -> Heading | None:
    """``Kommunaldirektøren indstiller,``: a proposal that starts without a heading."""
    text = line.strip()
    if len(text) > 300 or not _PROPOSAL_LEAD.match(text):
        return None
    return Heading(SectionKind.PROPOSAL, "", body=0)


# "Til beslutning", "(Til orientering)": the kind of item, printed under its title; no section.
_ITEM_KIND = re.compile(
    r"^\(?(?:til|sagstype:?)\s+(?:beslutning|drøftelse|orientering|efterretning|godkendelse)"
    r"(?:\s*(?:/|og)\s*\w+)?\)?\.?$",
    re.IGNORECASE,
)


def looks_like_heading(line: str) -> bool:
    """A short title-like line (``Politikkens fokus``, ``Den videre proces``): an OTHER heading."""
    text = clean(line)
    if not (2 <= len(text) <= 60) or "\t" in text or "|" in text or ": " in text or _ITEM_KIND.match(text):
        return False
    if text[-1] in ".,;:!" or not text[0].isupper() or len(text.split()) > 7:
        return False
    return not (_ATTACHMENT_NAME.search(text) or (not any(ch.islower() for ch in text) and len(text.split()) > 4))


def names_only(line: str) -> bool:
    """``Ellen Lykke og Mette Andersen``: the people a ``Fraværende`` heading lists."""
    return bool(_NAME_LIST.match(line)) and len(line) < 400
