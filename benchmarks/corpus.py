"""A benchmark corpus of a million words or more, made from the five seed referater.

Copying the seeds a few hundred times would flatter every cache on the way (spaCy's lexeme
and tokenizer caches, dateparser's, the ingest's "same text, nothing to do"), so each copy is a
variant: its dates are shifted by a whole number of weeks (weekdays stay right, and every
variant is a different meeting of its forum, so the ingest stores each one as new), its units
are permuted within their municipality, its people get other names, its case numbers are
renumbered and room numbers, durations and amounts changed. The structure and the language
stay those of real minutes, which is what the extractor's speed depends on.

Words are counted as ``len(text.split())`` everywhere in the benchmark.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from nlp.organisation import Entity, Organisation, load_organisation
from nlp.structure import parse_meeting

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
ORGANISATION = REPO / "data" / "organisation.toml"
FIRST_NAMES = REPO / "nlp" / "data" / "first_names.txt"

MONTHS = (
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
)  # fmt: skip
# Common Danish surnames (Danmarks Statistik's top list), for the people a variant invents.
SURNAMES = (
    "Jensen", "Nielsen", "Hansen", "Pedersen", "Andersen", "Christensen", "Larsen", "Sørensen",
    "Rasmussen", "Jørgensen", "Petersen", "Madsen", "Kristensen", "Olsen", "Thomsen", "Christiansen",
    "Poulsen", "Johansen", "Møller", "Mortensen", "Knudsen", "Jakobsen", "Mikkelsen", "Frederiksen",
    "Henriksen", "Laursen", "Lund", "Schmidt", "Eriksen", "Holm", "Kristiansen", "Clausen", "Simonsen",
)  # fmt: skip
# Capitalised words that follow a first name without being part of a person's name.
_NOT_SURNAMES = frozenset({"Kommune", "Kommunes", "Kommunaldirektør", "Direktionen", "Chefforum", "Og"})
WEEKS_SPAN = 7 * 52  # variants fall within seven years either side of their seed's meeting

word_count: Callable[[str], int] = lambda text: len(text.split())  # noqa: E731


@dataclass(frozen=True, slots=True)
class Seed:
    name: str
    text: str
    forum: str
    date: dt.date


@dataclass(frozen=True, slots=True)
class Document:
    path: Path
    words: int
    forum: str
    date: dt.date


def load_seeds(folder: Path = SEEDS) -> list[Seed]:
    seeds = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        meeting = parse_meeting(text, source=path.name)
        if meeting.forum is None or meeting.date is None:
            raise ValueError(f"{path}: the seed's forum and date are not recognised")
        seeds.append(Seed(path.name, text, meeting.forum, meeting.date))
    return seeds


# --- the parts of a variant ------------------------------------------------------------------


def _groups(organisation: Organisation) -> list[list[Entity]]:
    """Units that may stand in for each other: those of one municipality (by e-mail domain)."""
    by_domain: dict[str, list[Entity]] = {}
    for unit in organisation.units:
        domain = (unit.email or "").partition("@")[2]
        by_domain.setdefault(domain, []).append(unit)
    return [group for group in by_domain.values() if len(group) > 1]


def _surface_form(unit: Entity, surface: str) -> str:
    """How ``surface`` spells ``unit``: its name, the "og" form, the genitive or an abbreviation."""
    if surface == unit.name:
        return "name"
    if surface == unit.name.replace("&", "og"):
        return "og"
    if surface.endswith("s") and surface[:-1] in (unit.name, unit.name.replace("&", "og")):
        return "genitive"
    if surface.isupper():
        return "abbreviation"
    return "name"


def _spell(unit: Entity, form: str) -> str:
    if form == "og":
        return unit.name.replace("&", "og")
    if form == "genitive":
        return unit.name + "s"
    if form == "abbreviation":
        return next((a for a in unit.aliases if a.isupper()), unit.name)
    return unit.name


class Variator:
    """Makes variants of seed texts; one ``random.Random`` per variant, so a corpus is the same
    on every machine for the same size."""

    def __init__(self, organisation: Organisation, first_names: Sequence[str]) -> None:
        self.groups = _groups(organisation)
        self.first_names = [n for n in first_names if len(n) >= 3 and n[0].isupper() and n[1:].islower()]
        surfaces = sorted(
            {s for group in self.groups for unit in group for s in (unit.name, *unit.aliases)}, key=len, reverse=True
        )
        self._unit_pattern = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, surfaces)) + r")(?![\w-])")
        self._owner = {s: unit for group in self.groups for unit in group for s in (unit.name, *unit.aliases)}
        names = "|".join(sorted(map(re.escape, self.first_names), key=len, reverse=True))
        self._person_pattern = re.compile(rf"\b({names})((?:[ \n][A-ZÆØÅ][a-zæøå]{{2,}}){{1,2}})\b")

    def variant(self, seed: Seed, new_date: dt.date, rng: random.Random) -> str:
        text = shift_dates(seed.text, seed.date, new_date)
        text = self._renumber_cases(text, new_date, rng)
        text = self._permute_units(text, rng)
        text = self._rename_people(text, rng)
        return _vary_numbers(text, rng)

    def _permute_units(self, text: str, rng: random.Random) -> str:
        mapping: dict[str, Entity] = {}
        for group in self.groups:
            shuffled = group[:]
            rng.shuffle(shuffled)
            mapping.update({unit.name: other for unit, other in zip(group, shuffled, strict=True)})

        def replace(match: re.Match[str]) -> str:
            surface = match.group(1)
            unit = self._owner[surface]
            return _spell(mapping[unit.name], _surface_form(unit, surface))

        return self._unit_pattern.sub(replace, text)

    def _rename_people(self, text: str, rng: random.Random) -> str:
        chosen: dict[str, str] = {}

        def replace(match: re.Match[str]) -> str:
            first, rest = match.group(1), match.group(2)
            parts = rest.split()
            if any(p in _NOT_SURNAMES for p in parts):
                return match.group(0)
            key = " ".join([first, *parts])
            if key not in chosen:
                middle = [rng.choice(SURNAMES)] if len(parts) > 1 else []
                chosen[key] = " ".join([rng.choice(self.first_names), *middle, rng.choice(SURNAMES)])
            new = chosen[key].split()
            separators = re.findall(r"[ \n]", rest)  # keep a line break inside a name where it was
            return new[0] + "".join(sep + part for sep, part in zip(separators, new[1:], strict=False))

        return self._person_pattern.sub(replace, text)

    @staticmethod
    def _renumber_cases(text: str, new_date: dt.date, rng: random.Random) -> str:
        """Case numbers like 85.15.02-P00-1-17: a new serial, this variant's year."""
        chosen: dict[str, str] = {}

        def replace(match: re.Match[str]) -> str:
            case = match.group(0)
            if case not in chosen:
                serial = rng.randint(1, 250)
                chosen[case] = f"{match.group(1)}-{match.group(2)}-{serial}-{new_date.year % 100:02d}"
            return chosen[case]

        return re.sub(r"\b(\d\d\.\d\d\.\d\d)-([A-Z]\d\d)-\d{1,3}-\d\d\b", replace, text)


_DATE = re.compile(
    r"\b(?P<day>\d{1,2})\.\s?(?P<month>" + "|".join(MONTHS) + r")(?P<year>\s+\d{4})?\b"
    r"|\b(?P<nday>\d{1,2})(?P<sep>[-.])(?P<nmonth>\d{1,2})(?P=sep)(?P<nyear>\d{4})\b"
    r"|(?<![\d.-])(?P<lone>(?:19|20)\d\d)(?![\d]|[.-]\d)",
    re.IGNORECASE,
)


def shift_dates(text: str, old: dt.date, new: dt.date) -> str:
    """Every date in ``text`` moved by ``new - old`` (a year alone by the difference in years),
    written the way it was written; a month and day without a year are read in ``old``'s year."""
    delta = new - old
    years = new.year - old.year

    def replace(match: re.Match[str]) -> str:
        try:
            if match.group("month"):
                month = MONTHS.index(match.group("month").lower()) + 1
                year = int(match.group("year")) if match.group("year") else old.year
                moved = dt.date(year, month, int(match.group("day"))) + delta
                name = MONTHS[moved.month - 1]
                if match.group("month")[0].isupper():
                    name = name.capitalize()
                day = f"{moved.day}." + (" " if " " in match.group(0).split(".", 1)[1][:1] else "")
                return day + name + (f" {moved.year}" if match.group("year") else "")
            if match.group("nyear"):
                sep = match.group("sep")
                moved = dt.date(int(match.group("nyear")), int(match.group("nmonth")), int(match.group("nday"))) + delta
                width = 2 if len(match.group("nday")) == 2 else 1
                month_width = 2 if len(match.group("nmonth")) == 2 else 1
                return f"{moved.day:0{width}d}{sep}{moved.month:0{month_width}d}{sep}{moved.year}"
            return str(int(match.group("lone")) + years)
        except ValueError:  # a day that does not exist in that month: leave it as written
            return match.group(0)

    return _DATE.sub(replace, text)


def _vary_numbers(text: str, rng: random.Random) -> str:
    text = re.sub(r"(Mødelokale) \d+", lambda m: f"{m.group(1)} {rng.randint(1, 40)}", text)
    text = re.sub(r"\b\d+( min\b)", lambda m: f"{rng.choice((10, 15, 20, 30, 45))}{m.group(1)}", text)
    return re.sub(
        r"(?<![\d.,])(\d{1,3})(?=\s*(?:mio|mia|kr|%|procent)\b)",
        lambda m: str(max(1, round(int(m.group(1)) * rng.uniform(0.5, 2.0)))),
        text,
    )


# --- the corpus ------------------------------------------------------------------------------


def build_corpus(target_words: int, folder: Path, *, seed: int = 7) -> list[Document]:
    """Write variants of the seeds to ``folder`` as .txt files, round-robin over the seeds,
    until they hold at least ``target_words`` words. Every (forum, meeting date) is new."""
    folder.mkdir(parents=True, exist_ok=True)
    seeds = load_seeds()
    organisation = load_organisation(ORGANISATION)
    names = [line.strip() for line in FIRST_NAMES.read_text(encoding="utf-8").splitlines() if line.strip()]
    variator = Variator(organisation, [n for n in names if not n.startswith("#")])
    used: set[tuple[str, dt.date]] = {(s.forum, s.date) for s in seeds}
    documents: list[Document] = []
    words = 0
    index = 0
    while words < target_words:
        source = seeds[index % len(seeds)]
        rng = random.Random(seed * 1_000_003 + index)
        new_date = source.date
        while (source.forum, new_date) in used:
            new_date = source.date + dt.timedelta(weeks=rng.randint(-WEEKS_SPAN, WEEKS_SPAN))
        used.add((source.forum, new_date))
        text = variator.variant(source, new_date, rng)
        path = folder / f"bench_{index:05d}_{Path(source.name).stem}.txt"
        path.write_text(text, encoding="utf-8")
        count = word_count(text)
        documents.append(Document(path, count, source.forum, new_date))
        words += count
        index += 1
    return documents
