"""From the text of a referat to its structure: meeting facts, agenda items and their sections.

Line-based and regex-only on purpose: it runs over every document the tracker ingests, and
the layouts it must read are few and regular enough for rules. Items are found as numbered
headings (``Punkt 3: …``, ``Pkt. 3``, ``Sag nr. 130``, ``3. Title``, ``3) Title``, ``Ad pkt. 3``,
``## 3. Title``); the numbering itself tells real items from numbered lists in their bodies: the
parser keeps the best increasing run of numbers, and drops an agenda list at the top when the
same numbers return later with bodies. Text flattened onto giant lines (PDF transcripts) is cut
into virtual lines at inline item numbers and section markers first.

Whatever the layout, ``parse_meeting`` never raises: an unrecognised text becomes one item
(number 0) holding all of it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from itertools import pairwise

from nlp import _meeting_facts as facts
from nlp._dates import MONTH_ANY
from nlp._headings import Heading, classify, looks_like_heading, names_only, proposal_lead
from nlp.models import AgendaItem, Meeting, Section, SectionKind
from nlp.sentences import ABBREVIATIONS

# Lines longer than this are flattened text: they get cut at inline markers.
LONG_LINE = 300
# How far into the document the header facts (date, forum) may be looked for.
HEADER_MIN, HEADER_MAX = 1500, 8000


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    text: str
    inline: bool = False  # a piece of a long line, cut at an inline marker
    heading: Heading | None = None
    blank: bool = False


@dataclass(slots=True)
class _Candidate:
    line: int  # index into the lines
    number: int
    title: str
    start: int  # where the item starts in the text
    body: int  # where the item's own text starts (after its heading)
    tier: int  # 0: "Punkt N"/"Pkt. N"/"Sag nr. N"; 1: "N. Title", "N) Title", "## N Title"
    bare: bool = False  # "N Title" with no punctuation after the number
    weight: float = 1.0
    chain: list[int] = field(default_factory=list)


def parse_meeting(text: str, source: str) -> Meeting:
    """The meeting a referat records. Offsets in the result point into ``text``."""
    lines = _split_lines(text)
    for line in lines:
        line.blank = not line.text.strip()
        if not line.blank:
            line.heading = classify(line.text)
    chain = _items(text, lines)
    first_item = chain[0].start if chain else len(text)
    header_end = min(max(first_item, HEADER_MIN), HEADER_MAX, len(text))
    header = text[:header_end]
    header_lines = [ln.text for ln in lines if ln.end <= max(first_item, 1) or (not chain and ln.start < 3000)]
    header_lines = [ln for ln in header_lines if not ln.startswith("# source:")]
    meeting_date, mention = facts.meeting_date(header, text, first_item)
    if chain:
        following: list[_Candidate | None] = [*chain[1:], None]
        items = tuple(_item(text, lines, c, nxt, meeting_date) for c, nxt in zip(chain, following, strict=True))
    else:
        items = (_whole_text_item(text, lines, meeting_date),)
    return Meeting(
        source=source,
        text=text,
        items=items,
        forum=facts.forum(header_lines),
        date=meeting_date,
        start_time=facts.start_time(header, mention),
        place=facts.place(header_lines),
        participants=facts.participants(header_lines),
    )


# --- lines ---------------------------------------------------------------------------------------

_INLINE_CUT = re.compile(
    r"(?<=\s)(?:"
    r"(?P<punkt>(?:Punkt|PUNKT|Pkt\.?)\s*\d{1,3}[.:]?\s+(?=[A-ZÆØÅ]))"
    r"|(?P<num>\d{1,3}[.):]\s+(?=[A-ZÆØÅ§\"“]))"
    r"|(?:Beslutning|BESLUTNING|Referat|REFERAT|Indstilling|INDSTILLING|Konklusion|Opfølgning|Aftale|"
    r"Sagsfremstilling|Resumé|Resume|Sagsresumé|Bilag|BILAG|Fraværende|Afbud)\s*:(?=\s)"
    r"|(?:Sagsfremstilling|Resumé|Sagsresumé|Beslutning|Indstilling|Lovgrundlag|Beslutningstema)"
    r"(?=\s+[A-ZÆØÅ]))"
)
# Words after which "3. Xxx" is a reference or a date part, not an item: "Bilag 1. Referat", "kl 9. Mødet".
_CUT_BLOCKERS = frozenset(
    "bilag punkt pkt pkt. nr nr. side kl kl. d d. den uge stk stk. jf jf. version trin og eller til - – "
    "§ af i ca ca. mellem samt under ad pr. pr".split()
)
_MONTH_AFTER = re.compile(rf"\d{{1,3}}[.):]\s+{MONTH_ANY}", re.IGNORECASE)


def _split_lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    position = 0
    length = len(text)
    while position <= length:
        newline = text.find("\n", position)
        if newline == -1:
            newline = length
        end = newline - 1 if newline > position and text[newline - 1] == "\r" else newline
        if end - position > LONG_LINE:
            lines.extend(_segments(text, position, end))
        else:
            lines.append(_Line(position, end, text[position:end]))
        position = newline + 1
    return lines


def _segments(text: str, start: int, end: int) -> list[_Line]:
    cuts = [start]
    for match in _INLINE_CUT.finditer(text, start, end):
        at = match.start()
        if match.group("num"):
            before = text[start:at].split()
            previous = before[-1].casefold() if before else ""
            if previous in _CUT_BLOCKERS or _MONTH_AFTER.match(text, at):
                continue
        if at > cuts[-1]:
            cuts.append(at)
    cuts.append(end)
    return [_Line(a, b, text[a:b], inline=True) for a, b in pairwise(cuts)]


# --- items ---------------------------------------------------------------------------------------

_TIER_A = re.compile(
    r"^[ \t]*(?:[-•*▪·][ \t]*)?(?:#{1,6}[ \t]+)?(?:\*\*)?"
    r"(?:(?:Dagsordens)?[Pp]unkt|PUNKT|Pkt\.?|PKT\.?|Sag[ \t]+nr\.?|SAG[ \t]+NR\.?|Ad\.?[ \t]+(?:pkt\.?|punkt)?|"
    r"Sag|Dagsordenspunkt|§)"
    r"[ \t]*(\d{1,4})\b[ \t]*(?:[.:)\-–][ \t]*)?(?:\*\*)?[ \t]*(.*)$"
)
_TIER_B = re.compile(
    r"^[ \t]*(?:#{1,6}[ \t]+)?(?:\*\*)?(?P<n>\d{1,3})"
    r"(?P<sep>[ \t]*[.):]|[ \t]*[-–](?=[ \t])|(?=[ \t]))(?:\*\*)?[ \t]+(?P<title>\S.*)$"
)
_TOC_PREFIX = re.compile(
    r"^[ \t]*(?:Indholdsfortegnelse|INDHOLDSFORTEGNELSE|Dagsordenpunkter|Dagsorden)[ \t]*:?[ \t]*(?=\d)"
)
_TOC_LINE = re.compile(
    r"(?:\.{4,}|…{2,}|_{4,})[ \t]*\d+[ \t]*$|\t[ \t]*\d{1,3}[ \t]*$|\|[ \t]*\d{1,3}[ \t]*\|[ \t]*$|[ ]{4,}\d{1,3}$"
)
_TITLE_JUNK = re.compile(r"Klik her for at folde ud.*$|[ \t]*(?:\*\*)?[ \t]*:?[ \t]*$")
_MARKDOWN = re.compile(r"^[ \t]*(#{1,6})[ \t]+(\S.*)$")


def _items(text: str, lines: list[_Line]) -> list[_Candidate]:
    tier_a, tier_b = _candidates(lines)
    agenda: dict[int, str] = {}
    chain_a = _best_chain(lines, _drop_agenda_lists(lines, tier_a, tier_b, agenda))
    chain_b = _best_chain(lines, _drop_agenda_lists(lines, tier_b, tier_a, agenda))
    weight_a, weight_b = sum(c.weight for c in chain_a), sum(c.weight for c in chain_b)
    if (len(chain_a) >= 2 and weight_a >= weight_b / 2) or (chain_a and len(chain_b) <= 1):
        chain = chain_a
    elif len(chain_b) >= 2 or (chain_b and (_has_sections(lines, chain_b[0]) or chain_b[0].number in agenda)):
        chain = chain_b
    else:
        return _markdown_items(lines)
    _retitle(text, chain, agenda)
    return _relocate_agenda(text, lines, chain)


def _candidates(lines: list[_Line]) -> tuple[list[_Candidate], list[_Candidate]]:
    tier_a: list[_Candidate] = []
    tier_b: list[_Candidate] = []
    for index, line in enumerate(lines):
        if line.blank or line.heading is not None or line.text.startswith("# source:"):
            continue
        raw = line.text
        if _TOC_LINE.search(raw):
            continue
        match = _TIER_A.match(raw)
        if match:
            indent = len(raw) - len(raw.lstrip())
            candidate = _candidate(lines, index, int(match[1]), match[2], line.start + indent, tier=0)
            if candidate is not None:
                tier_a.append(candidate)
            continue
        prefix = _TOC_PREFIX.match(raw)
        offset = prefix.end() if prefix else 0
        match = _TIER_B.match(raw[offset:])
        if not match:
            continue
        bare = not match["sep"].strip()
        if bare and (line.inline or len(raw) > 200):
            continue  # page numbers of flattened PDF text look exactly like this
        number_start = line.start + offset + match.start("n")
        candidate = _candidate(lines, index, int(match["n"]), match["title"], number_start, tier=1, bare=bare)
        if candidate is not None:
            tier_b.append(candidate)
    return tier_a, tier_b


def _candidate(
    lines: list[_Line], index: int, number: int, rest: str, start: int, tier: int, bare: bool = False
) -> _Candidate | None:
    line = lines[index]
    title = _TITLE_JUNK.sub("", rest).strip()
    body = line.end
    if not title:
        if tier != 0:
            return None
        following = next((j for j in range(index + 1, min(index + 4, len(lines))) if not lines[j].blank), None)
        if following is not None and lines[following].heading is None and len(lines[following].text) <= 200:
            title = _TITLE_JUNK.sub("", lines[following].text).strip()
            body = lines[following].end
    elif not _title_like(title, bare, physical=not line.inline and len(line.text) <= 120):
        return None
    elif line.inline or len(line.text) > LONG_LINE:
        title, body = _inline_title(line, title)
    return _Candidate(index, number, " ".join(title.split()), start, body, tier, bare)


_LIST_START = re.compile(r"(?:at|og|der|som|for|hvis|i|på|til|med|en|et)\b", re.IGNORECASE)


def _title_like(title: str, bare: bool, physical: bool) -> bool:
    """Could this be an item title? Lower-case titles ("5. orientering fra afdelingerne") only
    on a short line of their own, and never the "1. at …" points of a proposal."""
    first = title[0]
    if re.match(MONTH_ANY, title, re.IGNORECASE) or _LIST_START.match(title):
        return False
    if bare:
        return first.isupper()
    if first.islower():
        return physical
    return first.isupper() or first.isdigit() or first in "§\"“'«("


# Words after which a capital continues the title rather than starting the text.
_TITLE_LINKS = frozenset({"fra", "ved", "v.", "v/", "vedr."})


def _inline_title(line: _Line, rest: str) -> tuple[str, int]:
    """The title of an item whose heading runs on into its text: a short piece is all title
    (an agenda entry); a long one is cut at the first word that starts a new phrase (a capital
    after a lower-case word), at most twelve words."""
    offset = line.text.find(rest)
    last_word = rest.rstrip().rsplit(maxsplit=1)[-1]
    if len(rest) <= 120 and not (last_word.endswith(".") and len(last_word) > 4):
        title = rest.rstrip(" .:")
        return title, line.start + max(offset, 0) + len(title)
    words = list(re.finditer(r"\S+", rest))
    cut = len(words)
    in_name = False  # inside the capitalised name after "fra", "v." …
    for position in range(2, min(len(words), 12)):
        word, previous = words[position].group(), words[position - 1].group()
        if previous.endswith(")") or word in {"-", "–"}:
            cut = position  # "Meddelelser fra Solkær (10 min.) - Stort sygefravær …"
            break
        if previous.lower() in _TITLE_LINKS:
            in_name = True  # "Orientering fra VisitGudenaa", "Status v. Niels Erik Kjærgaard"
            continue
        if in_name and word[0].isupper():
            following = words[position + 1].group() if position + 1 < len(words) else ""
            if following[:1].islower():
                cut = position  # "… v. Niels Kjærgaard Opfølgning på …": a new phrase starts
                break
            continue
        in_name = False
        if word[0].isupper() and (previous[0].islower() or previous[-1].isdigit()) and not previous.endswith("."):
            cut = position
            break
        if previous.endswith((".", ":")) and not previous[:-1].isdigit() and position > 1:
            cut = position
            break
    cut = min(cut, 12)
    title = rest[: words[cut - 1].end()] if words else ""
    title = title.rstrip(" .:")
    return title, line.start + max(offset, 0) + len(title)


def _drop_agenda_lists(
    lines: list[_Line], candidates: list[_Candidate], others: list[_Candidate], agenda: dict[int, str]
) -> list[_Candidate]:
    """Remove a numbered agenda at the top when the same items come again later with bodies.

    The agenda's titles are kept in ``agenda``: flattened text runs an item's title into its
    text, and the agenda says where the title ends.
    """
    if len(candidates) < 2:
        return candidates
    runs: list[list[int]] = [[0]]
    for i in range(1, len(candidates)):
        previous, current = candidates[i - 1], candidates[i]
        if 0 < current.number - previous.number <= 3 and _adjacent(lines, previous, current):
            runs[-1].append(i)
        else:
            runs.append([i])
    dropped: set[int] = set()
    for run in runs:
        if len(run) < 2:
            continue
        listed = {candidates[i].number: candidates[i].title for i in run}
        run_end = candidates[run[-1]].line
        later = candidates[run[-1] + 1 :] + [c for c in others if c.line > run_end]
        if any(c.number in listed and _same_title(listed[c.number], c.title) for c in later):
            dropped.update(run)
            for number, title in listed.items():
                agenda.setdefault(number, title)
    return [c for i, c in enumerate(candidates) if i not in dropped]


def _retitle(text: str, chain: list[_Candidate], agenda: dict[int, str]) -> None:
    """Give a run-on inline item the title its agenda entry printed."""
    for candidate in chain:
        listed = agenda.get(candidate.number)
        if not listed or candidate.title == listed:
            continue
        marker = re.match(r"\D*\d+\W*", text[candidate.start : candidate.start + 40])
        title_start = candidate.start + (marker.end() if marker else 0)
        printed = text[title_start : title_start + len(listed)]
        if printed.casefold() == listed.casefold():
            candidate.title = " ".join(printed.split())
            candidate.body = title_start + len(printed)


def _relocate_agenda(text: str, lines: list[_Line], chain: list[_Candidate]) -> list[_Candidate]:
    """A chain that is only an agenda (no item has text until the last): PDF transcripts
    sometimes lose the numbers of the items themselves. Find the agenda titles again further
    on, in order, and start the items there."""
    if len(chain) < 3 or not all(_adjacent(lines, a, b) for a, b in pairwise(chain)):
        return chain
    starts = [line.start for line in lines]
    position = chain[-1].body
    found: list[_Candidate] = []
    for candidate in chain:
        words = candidate.title.split()[:5]
        if len(" ".join(words)) < 12:
            continue
        pattern = r"(?<!\w)" + r"\s+".join(re.escape(w) for w in words) + r"(?!\w)"
        match = re.compile(pattern, re.IGNORECASE).search(text, position)
        if match is None:
            continue
        index = bisect_right(starts, match.start()) - 1
        found.append(_Candidate(index, candidate.number, candidate.title, match.start(), match.end(), candidate.tier))
        position = match.end()
    return found or chain


def _adjacent(lines: list[_Line], first: _Candidate, second: _Candidate) -> bool:
    """Nothing but blank lines between two candidates; on flattened lines, no sentence either
    (an agenda entry is a title, an item with a body says something)."""
    if lines[first.line].inline or lines[second.line].inline:
        line = lines[first.line]
        return second.line == first.line + 1 and len(line.text) < 250 and not _has_sentence(line.text)
    return all(lines[j].blank for j in range(first.line + 1, second.line))


_SENTENCE_END = re.compile(r"(?<![\w.])([a-zæøå][\w.]{2,})[.!?](?=\s|$)")


def _has_sentence(text: str) -> bool:
    return any(m[1].casefold() not in ABBREVIATIONS for m in _SENTENCE_END.finditer(text))


def _same_title(listed: str, later: str) -> bool:
    a, b = _words(listed), _words(later)
    if not a or not b:
        return False
    shorter = min(len(a), 6)
    return len(set(a[:shorter]) & set(b[: shorter + 3])) >= max(1, shorter // 2)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


class _Ownership:
    """What lies between two candidate lines: any text, any section heading (prefix counts)."""

    def __init__(self, lines: list[_Line]) -> None:
        self.lines = lines
        self.text = [0]
        self.headings = [0]
        for line in lines:
            self.text.append(self.text[-1] + (not line.blank))
            self.headings.append(self.headings[-1] + (line.heading is not None))

    def between(self, candidate: _Candidate, following: int) -> float:
        """Text an item would own up to line ``following``: 1 for a body, ½ per section (up to 2)."""
        line = self.lines[candidate.line]
        inside = candidate.line + 1
        if line.inline or len(line.text) > LONG_LINE:
            body = line.end - candidate.body > 40 or self.text[following] - self.text[inside] > 0
        else:
            body = self.text[following] - self.text[inside] > 0
        return float(body) + min(2.0, 0.5 * (self.headings[following] - self.headings[inside]))


def _best_chain(lines: list[_Line], candidates: list[_Candidate]) -> list[_Candidate]:
    """The heaviest run of increasing item numbers.

    A chain earns for each item it keeps and for the text and sections each item then owns (up
    to the next item of the chain); a missing number costs a little (flattened text loses some),
    and so does skipping the point right before a candidate: "3." directly under "2." is the
    next point of a list unless the chain took that "2." as well.
    """
    if not candidates:
        return []
    owned = _Ownership(lines)
    sibling = [_sibling(lines, candidates, i) for i in range(len(candidates))]
    by_number: dict[int, list[int]] = {}
    scores: list[float] = []
    previous: list[int] = []
    for i, candidate in enumerate(candidates):
        base = _base_weight(candidate)
        score, link = base - (0.5 if candidate.bare else 0.0), -1
        for gap in range(1, 6):
            for j in by_number.get(candidate.number - gap, [])[-50:]:
                value = scores[j] + owned.between(candidates[j], candidate.line) + base - 0.3 * (gap - 1)
                if sibling[i] is not None and sibling[i] != j:
                    value -= 1.0
                if value > score:
                    score, link = value, j
        scores.append(score)
        previous.append(link)
        by_number.setdefault(candidate.number, []).append(i)
    totals = [scores[i] + owned.between(c, len(lines)) for i, c in enumerate(candidates)]
    best = max(range(len(candidates)), key=lambda i: (totals[i], i))
    chain: list[_Candidate] = []
    end = len(lines)
    while best != -1:
        candidate = candidates[best]
        candidate.weight = _base_weight(candidate) + owned.between(candidate, end)
        chain.append(candidate)
        end = candidate.line
        best = previous[best]
    chain.reverse()
    return chain


def _sibling(lines: list[_Line], candidates: list[_Candidate], index: int) -> int | None:
    """The candidate numbered one less on the line right above (blank lines aside), if any."""
    if index == 0:
        return None
    above = candidates[index - 1]
    if above.number != candidates[index].number - 1:
        return None
    return index - 1 if _adjacent(lines, above, candidates[index]) else None


def _base_weight(candidate: _Candidate) -> float:
    weight = 0.4 if candidate.bare else 1.0
    if candidate.title[:1].islower():
        weight -= 0.3
    last_word = candidate.title.rsplit(maxsplit=1)[-1] if candidate.title else ""
    if last_word.endswith(".") and len(last_word) > 4:
        weight -= 0.6  # a sentence: a point of a numbered list, not an item title
    return weight


def _has_sections(lines: list[_Line], candidate: _Candidate) -> bool:
    return any(line.heading is not None for line in lines[candidate.line + 1 :])


def _markdown_items(lines: list[_Line]) -> list[_Candidate]:
    """Unnumbered ``## Title`` headings as items (number 0), when nothing is numbered."""
    by_level: dict[int, list[_Candidate]] = {}
    for index, line in enumerate(lines):
        if line.inline or line.heading is not None or line.text.startswith("# source:"):
            continue
        match = _MARKDOWN.match(line.text)
        if match:
            title = _TITLE_JUNK.sub("", match[2]).strip("*_ ")
            by_level.setdefault(len(match[1]), []).append(
                _Candidate(index, 0, title, line.start + match.start(1), line.end, tier=1)
            )
    levels = sorted(level for level, found in by_level.items() if len(found) >= 2)
    return by_level[levels[0]] if levels else []


# --- one item ------------------------------------------------------------------------------------

_CASE_BARE = re.compile(
    r"^[ \t]*(\d{2}\.\d{2}(?:\.\d{2})?(?:[-.]?[A-ZÆØÅ]\d{2})?(?:[ \t]*[-–][ \t]*\d+){1,3}(?:/\d{2,5})?"
    r"|\d{2}\.\d{2}(?:\.\d{2})?[A-ZÆØÅ]\d{2}[ \t]*-[ \t]*\d{4}/\d+|\d{2}/\d{2,6}|\d{4}-\d{3,8})[ \t]*$"
)
_CASE_LABEL = re.compile(
    r"\b(?P<label>Sagsnr|Sags\s+nr|Sagsnummer|Sagnr|J\.\s?nr|Journalnr|Jnr)\.?\s*:?\s*"
    r"(?P<value>\d[\w./\-–]*(?:[ \t]*[-–][ \t]*\d{4}/\d+)?)",
    re.IGNORECASE,
)


def _item(text: str, lines: list[_Line], candidate: _Candidate, following: _Candidate | None,
          meeting_date: date | None) -> AgendaItem:  # fmt: skip
    end = following.start if following is not None else len(text)
    end = candidate.start + len(text[candidate.start : end].rstrip())
    last_line = following.line if following is not None else len(lines)
    body_lines = [ln for ln in lines[candidate.line + 1 : last_line] if ln.start >= candidate.body]
    sections = _sections(text, body_lines, max(candidate.body, candidate.start), end, meeting_date)
    case_number = _case_number(text, lines, candidate, sections, end)
    return AgendaItem(
        number=candidate.number,
        title=candidate.title,
        start=candidate.start,
        end=max(end, candidate.start),
        case_number=case_number,
        sections=sections,
    )


def _whole_text_item(text: str, lines: list[_Line], meeting_date: date | None) -> AgendaItem:
    title = next((ln.text.strip() for ln in lines if not ln.blank and not ln.text.startswith("# source:")), "")
    start = len(text) - len(text.lstrip())
    end = len(text.rstrip())
    body = [ln for ln in lines if not ln.blank]
    sections = _sections(text, body, start, max(end, start), meeting_date)
    return AgendaItem(number=0, title=title[:200], start=start, end=max(end, start), sections=sections)


def _case_number(text: str, lines: list[_Line], candidate: _Candidate, sections: tuple[Section, ...],
                 end: int) -> str | None:  # fmt: skip
    limit = min(end, candidate.body + 400)
    if sections:
        limit = min(limit, sections[0].start)
    window = text[candidate.start : max(limit, candidate.body)]
    labelled = _labelled_case(window)
    if labelled:
        return labelled
    for line in lines[candidate.line + 1 : candidate.line + 8]:
        if line.start >= limit:
            break
        match = _CASE_BARE.match(line.text)
        if match:
            return match[1].strip()
    before = [ln for ln in lines[max(0, candidate.line - 4) : candidate.line] if not ln.blank][-2:]
    for line in before:  # some systems print "Sagnr.: …" just above the item heading
        labelled = _labelled_case(line.text) if len(line.text) < 120 else None
        if labelled:
            return labelled
    return None


def _labelled_case(window: str) -> str | None:
    found = [(m["label"].casefold().startswith("j"), m["value"].rstrip(".,-–")) for m in _CASE_LABEL.finditer(window)]
    found = [f for f in found if f[1]]
    if not found:
        return None
    found.sort(key=lambda f: f[0])  # a sagsnummer before a journalnummer
    return found[0][1]


# --- sections ------------------------------------------------------------------------------------


@dataclass(slots=True)
class _Open:
    heading: Heading
    start: int


def _sections(text: str, body: list[_Line], body_start: int, end: int,
              meeting_date: date | None) -> tuple[Section, ...]:  # fmt: skip
    opened: list[tuple[_Open, int]] = []
    current: _Open | None = None
    for index, line in enumerate(body):
        if line.blank or line.start >= end:
            continue
        heading = _heading_here(body, index, current, meeting_date)
        if heading is None:
            continue
        if current is not None:
            opened.append((current, line.start))
        start = line.end if heading.body is None else line.start + heading.body
        current = _Open(heading, start)
    if current is not None:
        opened.append((current, end))
    return _finish(text, opened, meeting_date)


def _heading_here(body: list[_Line], index: int, current: _Open | None, meeting_date: date | None) -> Heading | None:
    line = body[index]
    heading = line.heading
    kind = current.heading.kind if current is not None else None
    in_current_decision = (
        kind is SectionKind.DECISION and current is not None and _is_current(current.heading.decided_on, meeting_date)
    )
    if heading is not None:
        if heading.attendance and in_current_decision:
            if heading.body is not None:
                return None  # "Fraværende: Lise Kragh (V)" under the decision heading: the decision goes on
            following = _next_content(body, index)
            if following is None or not names_only(following.text):
                return None  # "Fraværende:" left empty, and the decision goes on below it
        return heading
    if kind not in (SectionKind.DECISION, SectionKind.PROPOSAL):
        lead = proposal_lead(line.text)
        if lead is not None:
            return lead
    # A short title-like line opens an OTHER section only where no section is open yet or after
    # a quoted earlier decision; inside a presentation or this meeting's decision it is a sub-heading.
    generic_allowed = kind is None or (kind is SectionKind.DECISION and not in_current_decision)
    if generic_allowed and not line.inline and looks_like_heading(line.text):
        following = _next_content(body, index)
        if following is not None and following.heading is None:
            return Heading(SectionKind.OTHER, line.text.strip(), known=False)
    return None


def _next_content(body: list[_Line], index: int) -> _Line | None:
    for position in range(index + 1, len(body)):
        if not body[position].blank:
            return body[position]
    return None


def _is_current(decided_on: date | None, meeting_date: date | None) -> bool:
    return decided_on is None or meeting_date is None or decided_on == meeting_date


def _finish(text: str, opened: list[tuple[_Open, int]], meeting_date: date | None) -> tuple[Section, ...]:
    dated = [o.heading.decided_on for o, _ in opened if o.heading.decided_on is not None]
    latest = max(dated) if dated else None
    sections: list[Section] = []
    for section, stop in opened:
        start = min(section.start, stop)
        chunk = text[start:stop]
        lead = len(chunk) - len(chunk.lstrip())
        start, stop = start + lead, start + len(chunk.rstrip())
        stop = max(stop, start)
        heading = section.heading
        current = True
        if heading.kind is SectionKind.DECISION and heading.decided_on is not None:
            reference = meeting_date or latest
            current = heading.decided_on == reference
        sections.append(
            Section(
                kind=heading.kind,
                heading=heading.heading,
                text=text[start:stop],
                start=start,
                end=stop,
                current=current,
                decided_on=heading.decided_on,
            )
        )
    return tuple(sections)
