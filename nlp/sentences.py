"""Sentence segmentation that knows minutes.

General-purpose segmenters trip on what referater are made of: bullets and ``1)``/``a.``
lists, headings without a full stop, PDF line wraps, ordinals ("d. 25. oktober",
"4. kvartal", "punkt 15.") and the abbreviations secretaries use (``d.``, ``ift.``,
``bl.a.``, ``mhp.``). The splitter works on characters so it can run before tokenisation;
the spaCy component ``referat_sentences`` turns its boundaries into ``Token.is_sent_start``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from nlp.lexicon import DUE_LABELS, OWNER_LABELS

# Lower-cased abbreviations (without their final period) after which a period never ends a sentence.
ABBREVIATIONS = frozenset(
    """
    d dvs ift iflg ifm iht inkl bl.a mhp mht mv m.v fx f.eks jf jvf evt ca nr pkt kl osv vedr hhv pga
    ang tlf stk el ex div afd adm dir sekr stud cand mag ph.d dr prof hr fr st vol bilag ref
    jan feb mar apr jun jul aug sep sept okt nov dec man tirs ons tors fre lør søn
    a.m p.m o.l o.a m.fl m.m s.u vha t.o.m t.h t.v ekskl excl incl gl nye pr resp v
    """.split()
)

_BULLET = re.compile(r"^[ \t]*(?:[-–•*·▪◦●○■→⇒►➢☐□☑☒✓✔]|->|\d{1,2}[.)](?!\d)|[a-zA-Z][.)](?=\s)|\(\w{1,3}\))[ \t]+")
_TERMINAL = re.compile(r"[.!?:;]\s*$")
# A sentence end inside a line: terminal punctuation, closing quotes/brackets, then space and
# something that can start a sentence.
_INLINE_END = re.compile(r"([.!?])([\"'”»)\]]*)(\s+)(?=[A-ZÆØÅ0-9\"'“«(\-–•])")
# A colon that introduces a new clause or list ("… følgende spørgsmål: Skal vi …") ends a sentence
# when a capitalised word follows and the part before it is a clause, not a label ("Beslutning: …").
_COLON_END = re.compile(r"(:)(\s+)(?=[A-ZÆØÅ])")
_WORD_BEFORE = re.compile(r"([\w.'-]+)$")
# Flattened page text loses its full stops and line breaks; a capitalised function word after a
# lower-case word still marks a new sentence, since Danish capitalises only names mid-sentence.
_FLAT_START = re.compile(
    # not after a word that joins it to the clause before ("om, at Udvalget vil", "Fritids- og Idrætsudvalget vil")
    r"(?<=[a-zæøå0-9)])(?<!\bog)(?<!\beller)(?<!\bsamt)(?<!\bat)(?<!\bfor)(?<!\bi)(?<!\btil)(?<!\bmed)(?<!\bom)"
    r"(\s+)(?=(?:Der|Det|Den|Dette|Disse|Denne|Vi|Man|Han|Hun|Herefter|Derudover|Desuden|"
    r"Endvidere|Samtidig|Derfor|Når|Hvis|Herudover|Efterfølgende|Beslutning|Referat|Konklusion|Opfølgning|HUSK|Husk)\s"
    r"|[A-ZÆØÅ][a-zæøå]{3,}(?:et|en|ene|erne)\s+(?:er|har|skal|vil|bliver|blev|var|laver|arbejder)\s)"
)

# A bullet list flattened into one line: "… i Solkær for personalet - Ferielukning torsdag …".
_FLAT_BULLET = re.compile(r"(?<=[\wæøå.)!?])(\s+)[-–•▪]\s+(?=[A-ZÆØÅ])")

_FIELD_LABELS = frozenset(OWNER_LABELS + DUE_LABELS)
# A line that opens with a short label and a colon starts a text of its own.
_LABEL_START = re.compile(r"^[A-ZÆØÅ][\wæøåÆØÅ&/ .-]{0,20}:\s")
_PREPOSITIONS = frozenset({"for", "af", "i", "på", "til", "med", "om", "ved", "fra", "under", "over", "mod", "hos"})


def _word_before(block: str, end: int) -> str:
    match = _WORD_BEFORE.search(block[:end].rstrip())
    return match.group(1).lower() if match else ""


# Nouns a number refers by ("bilag 2", "punkt 4"): "… fremgår af bilag 2. HR lægger …" ends there.
_REFERENCE_NOUNS = frozenset({"bilag", "punkt", "pkt", "side", "sag", "stk", "kapitel", "afsnit", "nr", "§"})


# After an initial comes a surname and then the sentence goes on in lower case ("K. Madsen, som …").
_SURNAME_NEXT = re.compile(r"\s*[A-ZÆØÅ][\wæøå-]*[,.;:]?\s+(?:[a-zæøå]|$)|\s*[A-ZÆØÅ][\wæøå-]*[,.;:]?\s*$")


def _is_abbreviation(before: str, after: str = "") -> bool:
    """Whether the period that ``before`` ends with belongs to a word, not the sentence;
    ``after`` is the text that follows it."""
    word = _word_before(before, len(before)).rstrip(".")
    if not word:
        return False
    if word in ABBREVIATIONS:
        return True
    previous = before[: len(before) - len(word) - 1].split()[-1:] if len(before) > len(word) + 1 else []
    if len(word) == 1 and word.isalpha():
        # initials: "Anders B. Hansen", "af K. Madsen, som …"; but "strækning A og B. Storå
        # Kommune skriver …" ends a sentence: there the next name runs on in capitals
        return not previous or previous[0][:1].isupper() or _SURNAME_NEXT.match(after) is not None
    # Ordinals and day numbers: "d. 25. oktober", "4. kvartal", "punkt 15." — a short number
    # with a period is an ordinal in Danish, unless it is a year (four digits) or a reference
    # followed by a capitalised word mid-sentence ("… af bilag 2. HR lægger …"; not "Bilag 2. Notat").
    if previous and previous[0].strip("(").rstrip(".") in _REFERENCE_NOUNS and after.lstrip()[:1].isupper():
        return False
    return word.isdigit() and len(word) <= 2


def _line_spans(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in re.finditer(r"\n", text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def _blocks(text: str) -> Iterator[tuple[int, int]]:
    """Join wrapped lines into blocks; a block ends at a blank line, before a bullet, after a
    line with terminal punctuation, or after a short heading-like line."""
    block_start: int | None = None
    block_end = 0
    prev_line = ""
    for start, end in _line_spans(text):
        line = text[start:end]
        stripped = line.strip()
        if not stripped:
            if block_start is not None:
                yield block_start, block_end
                block_start = None
            prev_line = ""
            continue
        lead = start + (len(line) - len(line.lstrip()))
        if block_start is not None:
            prev = prev_line.rstrip()
            breaks = (
                _BULLET.match(line) is not None
                or _TERMINAL.search(prev) is not None
                or (len(prev) < 60 and not stripped[:1].islower())
                or " | " in prev
                or "\t" in prev  # a table row: each row is its own text
                or prev.endswith("]")  # "… [Nørreå Forsyning]": an owner tag ends a log line
                or _LABEL_START.match(stripped) is not None  # "Action: …", "Per Lykke: …"
            )
            if breaks:
                yield block_start, block_end
                block_start = None
        if block_start is None:
            block_start = lead
        block_end = start + len(line.rstrip())
        prev_line = line
    if block_start is not None:
        yield block_start, block_end


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end) over ``text``, white space trimmed, in order."""
    spans: list[tuple[int, int]] = []
    for block_start, block_end in _blocks(text):
        block = text[block_start:block_end]
        cursor = 0
        ends = [(m.start(1), m.end(2), m.end(3), m.group(1)) for m in _INLINE_END.finditer(block)]
        ends += [(m.start(1), m.start(1), m.end(1), "") for m in _FLAT_START.finditer(block)]
        ends += [(m.start(1), m.end(1), m.end(2), ":") for m in _COLON_END.finditer(block)]
        bullets = list(_FLAT_BULLET.finditer(block))
        if len(bullets) >= 2:  # a list has items; one dash is a parenthesis or a name ("Lokalplan 12 – Hedeby Nord")
            ends += [(m.start(1), m.start(1), m.end(1), "-") for m in bullets]
        for mark_start, end, resume, mark in sorted(ends):
            if mark_start < cursor:
                continue
            if mark == "." and _is_abbreviation(block[:mark_start], block[end : end + 40]):
                continue
            if mark == ":" and len(block[cursor:mark_start].split()) < 4:
                continue
            if mark == ":" and _word_before(block, mark_start) in _FIELD_LABELS:
                continue  # "…, tovholder: Kim": a field of the sentence, not a new one
            if mark == "" and _word_before(block, mark_start) in _PREPOSITIONS:
                continue  # "Styregruppen for Den ældre patient": a name, not a new sentence
            if block[cursor:end].strip():
                spans.append((block_start + cursor, block_start + end))
            cursor = resume
        if block[cursor:].strip():
            spans.append((block_start + cursor, block_end))
    return [_trim(text, s, e) for s, e in spans if text[s:e].strip()]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def strip_bullet(sentence: str) -> str:
    """The sentence without its list marker ("- 1) …", "• …", "a. …")."""
    previous = None
    while previous != sentence:
        previous = sentence
        sentence = _BULLET.sub("", sentence, count=1)
    return sentence.strip()
