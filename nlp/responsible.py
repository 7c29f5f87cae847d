"""Who must act (ANNOTATION §3).

The mentions in a sentence come from the organisation ruler and the people finder. Not every
mention is responsible: "der udsendes et skema *til alle chefer*" names the recipients, and
"*Chefforum* præsenteres for en status" names the forum that will listen. So a mention counts
when it stands as an actor (the subject before the verb, the agent after "af", or a member of
a coordinated subject) and not after a preposition that marks a recipient. When the sentence
names no actor, the item tells: the unit or person who presented it in the decision, else the
unit behind the proposal ("Chefen for Økonomi og Stab indstiller").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from nlp.lexicon import (
    ACTION_INFINITIVES,
    ACTION_PRESENT,
    ACTOR_NOUNS,
    NOT_TASK_PRESENT,
    PARTICLE_TASKS,
    UNIT_FIELDS,
)
from nlp.organisation import CHIEF_PREFIX, EntityKind

# Prepositions after which a mention is a recipient, place or topic, not the actor.
_RECIPIENT_BEFORE = re.compile(
    r"(?:\btil|\baf|\bhos|\bfor|\bfra|\bom|\bmed|\bover|\bmellem|\bfremfor|\bi stedet for|\bblandt|\bpå|\bi|"
    r"\bunder|\bved|\bmod|\bud til|\bvia|\bsammen med|\bbeder)\s+(?:de\s+|den\s+|det\s+|alle\s+|hver\s+|"
    r"samtlige\s+|enkelte\s+)?$",
    re.IGNORECASE,
)
_PASSIVE_SUBJECT_AFTER = re.compile(
    r"^\s+(?:(?:\w+\s+){0,2}(?:præsenteres|orienteres|forelægges|informeres|inviteres|indkaldes|bliver\s+"
    r"(?:præsenteret|orienteret)|blev(?!\s+(?:bedt|anmodet|pålagt|bemyndiget|opfordret)\b)|godkendte|drøftede|tog|var|havde|har\s+været)|"
    # any other s-passive right after the name makes it the patient ("udvalget udvides"), unless
    # it asks the name to act ("kommunerne bedes bekræfte deres …")
    r"(?:(?:også|derfor|nu|ikke|fremover|herefter)\s+)?"
    r"(?!(?:bemyndiges|anmodes|opfordres|pålægges|bedes|deres|hendes|dennes)\b)\w{3,}es)\b",
    re.IGNORECASE,
)
_ACTIVE_ACTOR_VERB = re.compile(
    r"^[\s,]*(?:og\s+[^,.]{0,40}?\s+)?(?:\([^)]*\)\s*)?(?:sammen\s+)?(?:skal|vil|bør|må|sørger|"
    # "Direktionen blev bedt om at …": the one asked acts
    r"(?:blev|er\s+blevet|bliver)\s+(?:bedt|anmodet|pålagt|bemyndiget|opfordret)|udarbejder|sender|"
    r"eftersender|udsender|fremsender|videresender|laver|tager|vender|følger|indkalder|arbejder|melder|"
    r"undersøger|holder|har\s+ansvar|har\s+ansvaret|får|lover|aftaler|kontakter|retter|giver|"
    r"igangsætter|gennemfører|indhenter|ser|kigger|planlægger|afholder|deltager|påtager|er\s+tovholder|"
    r"opdaterer|formidler|udpeger|beskriver|afklarer|inviterer|forbereder|tilretter|reviderer|"
    r"arrangerer|indkøber|bestiller|afleverer|leverer|oversætter|fremlægger|præsenterer)\b",
    re.IGNORECASE,
)
_REPORTING_AFTER = re.compile(
    r"^[\s,)]*(?:\([^)]*\)\s*)?(?:(?:og|samt)\s+[^,.]{0,40}?\s+)?(?:gjorde\s+opmærksom|orienterede|oplyste|fortalte|"
    r"nævnte|understregede|bemærkede|sagde|forklarede|redegjorde|fremlagde|præsenterede|gennemgik|deltog|"
    r"opfordrede|foreslog|spurgte|informerede|gav\s+udtryk|udtrykte|pointerede|påpegede|mindede\s+om|"
    r"gentog|fremhævede|tilføjede|"
    # "Udvalget ønsker, at sagen genoptages": the one who wishes is not the one who acts
    r"ønsk(?:er|ede)(?:,\s*at\b|\s+at\s+(?:der|det|den|de|\w{3,}(?:en|et|erne|ne))\b))\b",
    re.IGNORECASE,
)
# "afventer en tilbagemelding fra hhv. Charlotte og Anya": those named after "fra" must deliver.
_AWAITED_FROM = re.compile(
    r"(?:tilbagemelding|svar|input|udkast|oplæg|bidrag|status|redegørelse|plan|notat)\s+fra\s+(?:hhv\.\s+)?"
    r"(?:\w+\s+(?:og|&)\s+)?$",
    re.IGNORECASE,
)
# "Inger Andersen aftaler med Henning Bach, at …": both parties to the agreement act.
_AGREED_WITH = re.compile(r"\baftal\w*\s+med\s+$", re.IGNORECASE)
_SUBJECT_SLOT = re.compile(r"(?:^[\s\-–•*·▪\d.)]*|\bat|\bog|,|:|\bhvor|\bder|\bsom)\s*$", re.IGNORECASE)
_ALL_DEPARTMENTS = re.compile(
    r"\b(?:i|fra|for)\s+(?:alle|hver|samtlige)\s+(?:afdelinger|afdeling|centre|enheder)\b", re.IGNORECASE
)

_PRESENTING = (
    r"orienterede|fremlagde|præsenterede|gennemgik|redegjorde|gav\s+(?:en\s+)?(?:kort\s+)?(?:status|"
    r"orientering|introduktion)|deltog\s+under|deltog\s+i\s+(?:behandlingen|punktet|drøftelsen)|"
    r"introducerede|indledte|informerede|fortalte|orienterer|giver\s+status|fremlægger|præsenterer|"
    r"har\s+(?:holdt\s+(?:et\s+)?møde|været\s+i\s+(?:dialog|kontakt)|talt\s+med)"
)
# Remarks: a member may make them as well as the presenter, so they name a presenter only when
# nothing better does.
_REMARKING = r"gjorde\s+opmærksom|oplyste|nævnte|bemærkede|understregede|forklarede"
_PRESENTER = re.compile(rf"(?:{_PRESENTING})\b", re.IGNORECASE)
REMARKER = re.compile(rf"(?:{_REMARKING})\b", re.IGNORECASE)
# "Poul Erik Sand (V)": a politician with a party letter is a member, not the item's presenter.
_PARTY_LETTER = re.compile(r"^\s*\([A-ZÆØÅ]{1,2}\)")
# "Udvalget anmoder forvaltningen om at …", "bemyndigede formanden til at …": the one asked acts,
# not the body that asks.
_DELEGATING = (
    # "Udvalget besluttede at: - bede Dagtilbud om at …": the infinitive under a decision lead too
    r"\b(?:anmod(?:er|ede|e)|beder|bede|bad|pålæg(?:ger|ge)?|pålagde|bemyndig(?:er|ede|e)|opfordr(?:er|ede)|"
    r"henstill(?:er|ede)\s+til)\s+"
    # "anmoder derfor forvaltningen om at": an adverb may stand before the one asked
    r"(?:(?:derfor|også|endvidere|ligeledes|samtidig|hermed|desuden|dog|i\s+øvrigt|på\s+den\s+baggrund)\s+)?"
)
_DELEGATE_BEFORE = re.compile(_DELEGATING + r"(?:\w+s\s+)?(?:de\s+|den\s+|det\s+|alle\s+|hver\s+|samtlige\s+)?$", re.I)
_COORDINATED = re.compile(r"\s*(?:,|og|samt|&)\s*(?:\w+s\s+)?(?:de\s+|den\s+|det\s+)?", re.IGNORECASE)
_DELEGATE_AS_WRITTEN = re.compile(
    _DELEGATING + r"(?!(?:til|om|at|sig|ham|hende|dem|os|jer|mig|dig|alle)\b)"
    r"((?:[\wæøåÆØÅ-]+\s+){0,6}?[\wæøåÆØÅ-]+)\s+(?:om\s+|til\s+)?at\b",
    re.IGNORECASE,
)
_PRONOUNS = frozenset({"ham", "hende", "dem", "os", "sig", "jer", "dig", "mig", "alle", "de", "den", "det"})
_PROPOSER = re.compile(r"\b(?:indstiller|foreslår|anbefaler|indstilles\s+af)\b", re.IGNORECASE)


def as_name(written: str) -> str:
    """A name kept as written, capitalised as a name is at the start of a list entry."""
    return written[:1].upper() + written[1:]


@dataclass(frozen=True, slots=True)
class Mention:
    """A name found in a text: character span, canonical name, and what kind of entity."""

    start: int
    end: int
    name: str
    kind: EntityKind
    generic: bool = False  # an actor noun any organisation has ("sekretariatet"), not from the file


def _is_recipient(text: str, mention: Mention) -> bool:
    before = text[max(0, mention.start - 30) : mention.start]
    # "Bemærkninger skal være Økonomi & Stab i hænde senest …": the one who receives
    return _RECIPIENT_BEFORE.search(before) is not None or re.match(r"\s+i\s+hænde\b", text[mention.end :]) is not None


# "fremsendes af sekretariatet", "en arbejdsgruppe bestående af Ole Krag, …": who does it
_AGENT_AF = re.compile(r"\b(?:\w+(?:es|et|t)|bestående|består)\s+af\s+$", re.IGNORECASE)
_LOCATION_I = re.compile(r"\b(?:i|hos)\s+(?:de\s+|den\s+|det\s+|alle\s+|hver\s+)?$", re.IGNORECASE)


# ", borgmester ", ", kommunaldirektør ": a title between a role and the name it stands for
_APPOSED_TITLE = re.compile(
    r",\s*(?:[a-zæøå-]*(?:borgmester|direktør|formand|chef|leder|konsulent|koordinator|sekretær|rådgiver)\s+)"
)


def _with_units(mentions: list[Mention], text: str) -> list[Mention]:
    """ "Sofie (CBA)": the person is given by their unit, the stable name (ANNOTATION §3)."""
    kept: list[Mention] = []
    for n, mention in enumerate(mentions):
        nxt = mentions[n + 1] if n + 1 < len(mentions) else None
        prev = mentions[n - 1] if n > 0 else None
        if (
            mention.kind is EntityKind.PERSON
            and prev is not None
            and prev.kind is EntityKind.ROLE
            and not prev.generic
            and re.fullmatch(r"\s*", text[prev.end : mention.start])
        ):
            continue  # "Sikkerhedskoordinator Lene Paulli": the role is the stable name
        if (
            mention.kind is EntityKind.PERSON
            and nxt is not None
            and nxt.kind is EntityKind.UNIT
            and re.fullmatch(r"\s*\(\s*", text[mention.end : nxt.start])
        ):
            continue
        if (
            mention.generic
            and nxt is not None
            and nxt.kind is EntityKind.PERSON
            and _APPOSED_TITLE.fullmatch(text[mention.end : nxt.start])
        ):
            continue  # "Formanden, borgmester Lars Vinding, vil …": one person, by name
        kept.append(mention)
    return kept


def split_names(written: str) -> list[str]:
    """ "Jette og Kim", "BH / AMR", "Teknik og Miljø": the names a field or a cell gives, one name
    kept whole where "og" is part of it."""
    return _names_joined([n.strip() for n in re.split(r"\s*(?:,|/|\bog\b|\bsamt\b|&)\s*", written)])


def _names_joined(names: list[str]) -> list[str]:
    """Names split at "og" that are one name: "Center for Miljø" + "Natur", "Teknik" + "Miljø" (two
    fields are one unit's name; two people are two)."""
    joined: list[str] = []
    for name in filter(None, names):
        previous = joined[-1] if joined else ""
        centre = " for " in previous and " " not in name and not _is_body(name)
        fields = " " not in previous and previous.lower() in UNIT_FIELDS and name.lower() in UNIT_FIELDS
        if previous and " og " not in previous and (centre or fields):  # pairs only: "Skole og Dagtilbud"
            joined[-1] += f" og {name}"
        else:
            joined.append(name)
    return joined


_ASKS_NOW = re.compile(r"^\s*(?:beder|anmoder|opfordrer|kontakter)\b", re.IGNORECASE)
# "Økonomi & Stab skal anmode revisionen om at …": asking is the task
_WILL_ASK = re.compile(r"^\s*(?:skal|vil)\s+(?:\w+\s+)?(?:bede|anmode|opfordre|kontakte)\b", re.IGNORECASE)
_ASKING_BODY = re.compile(r"udvalg|råd|bestyrelse|direktion|forum|gruppe|kommission", re.IGNORECASE)
# Who asks later on the forum's behalf: an administrative unit, not a member at the meeting.
_ASKS_LATER = re.compile(r"sekretariat|administration|forvaltning|kontor|afdeling|center|enhed|stab", re.I)


def _asking_later(text: str, mentions: list[Mention]) -> list[str]:
    """ "Sekretariatet beder Center for Teknik og Anlæg om at præsentere …": a unit that will ask
    somebody after the meeting has the task of asking; the forum asking now delegates."""
    for n, mention in enumerate(mentions):
        if _SUBJECT_SLOT.search(text[: mention.start]) is None:
            continue
        if _WILL_ASK.match(text[mention.end :]) and not _ASKING_BODY.search(mention.name):
            return [mention.name]  # not "Udvalget vil bede forvaltningen om at …": the forum delegates
        if not _ASKS_NOW.match(text[mention.end :]):
            continue
        asked = mentions[n + 1 : n + 2]
        if asked and asked[0].kind is EntityKind.ALL_CHIEFS:
            return []  # "ØS beder cheferne om at melde tilbage": the members are asked, and they act
        if mention.kind is EntityKind.UNIT or (mention.generic and _ASKS_LATER.search(mention.name)):
            return [mention.name]
    return []


def delegates(text: str, mentions: list[Mention]) -> list[str]:
    """Who is asked, charged or empowered to act ("anmoder forvaltningen om at", "bemyndigede
    formanden og næstformanden til at"), coordinated names included; as written when the
    organisation file does not know them. Empty when nobody is delegated to."""
    asker = _asking_later(text, mentions)
    if asker:
        return asker
    chosen: list[Mention] = []
    for mention in mentions:
        before = text[max(0, mention.start - 40) : mention.start]
        if _DELEGATE_BEFORE.search(before) or (chosen and _COORDINATED.fullmatch(text[chosen[-1].end : mention.start])):
            chosen.append(mention)
    if chosen:
        return list(dict.fromkeys(m.name for m in chosen))
    match = _DELEGATE_AS_WRITTEN.search(text)
    if match is None:
        return []
    words = match.group(1).split()
    # "bad Kirsten sørge for at …": the name stops at the bare infinitive
    cut = next((k for k, w in enumerate(words) if k and w.lower() in ACTION_INFINITIVES), len(words))
    names = _names_joined([n.strip() for n in re.split(r"\s*(?:,|\bog\b|\bsamt\b|&)\s*", " ".join(words[:cut]))])
    if not names or any(n.split()[0].lower() in _PRONOUNS for n in names):
        return []
    return [as_name(n) for n in names]


def actors(text: str, mentions: list[Mention]) -> list[str]:
    """The mentions that act in the sentence, canonical names in order, without duplicates:
    those delegated to, when the sentence delegates; else the subjects and agents."""
    delegated = delegates(text, mentions)
    if delegated:
        return delegated
    chosen: list[str] = []
    located: list[str] = []
    reporters: set[str] = set()  # subjects of something already done ("arbejdsgruppen har henvendt sig")
    acting = False  # some subject stands right before an action verb
    kept = _with_units(mentions, text)
    for n, mention in enumerate(kept):
        after = text[mention.end : mention.end + 80]
        upto_next = text[mention.end : kept[n + 1].start] if n + 1 < len(kept) else after
        if _REPORTING_AFTER.match(after):
            continue  # "X gjorde opmærksom på, at …": X reports; the task belongs to others
        if _object_of_verb(text, mention.start):
            continue  # "Medlemmerne giver Karen Bisgaard besked": the object, not the actor
        before = text[max(0, mention.start - 40) : mention.start]
        generic_object = mention.generic and not (
            _ACTIVE_ACTOR_VERB.match(after) or _SUBJECT_SLOT.search(before[-12:]) or _AGENT_AF.search(before[-30:])
        )
        recipient = (
            _is_recipient(text, mention)
            and not _AWAITED_FROM.search(before)
            and not _AGREED_WITH.search(before)
            and _AGENT_AF.search(before[-30:]) is None
        )
        if generic_object or recipient:
            # Not the actor ("at få placeret administrationen", "til alle chefer") — but in a
            # passive sentence the place where the work is done acts ("der i HR arbejdes på …").
            if _LOCATION_I.search(before[-30:]) and mention.kind is not EntityKind.FORUM:
                located.append(mention.name)
            continue
        if mention.kind is EntityKind.FORUM:
            # A forum acts only as the subject of an action ("Beredskabskommissionen …
            # videresender"); "Chefforum præsenteres for …" or "Direktionen godkendte" do not.
            if not _ACTIVE_ACTOR_VERB.match(after) and not _forum_acts_later(after):
                continue
        elif (
            _PASSIVE_SUBJECT_AFTER.match(after)
            and mention.kind is not EntityKind.ALL_CHIEFS
            and not _forum_acts_later(after)
        ):
            continue
        if _ACTIVE_ACTOR_VERB.match(after):
            acting = True
        elif _DONE_AFTER.search(upto_next[:80]):
            reporters.add(mention.name)
        if mention.name not in chosen:
            chosen.append(mention.name)
    # "sendes til høring i kommunerne": the place is where it goes, not where the work is done
    if not chosen and located and re.search(r"\b\w{3,}es\b", text) and not _DESTINATION.search(text):
        return list(dict.fromkeys(located))
    if acting:
        # "arbejdsgruppen … har henvendt sig (…) sekretariatet vil lave …": the one who acts
        chosen = [name for name in chosen if name not in reporters]
    return chosen


# What a main clause may open with before an inverted verb ("Til næste møde udarbejder X …").
_FRONTED = frozenset(
    "til i på efter inden før senest med om under ved fra for herefter derefter efterfølgende så nu "
    "derfor samtidig desuden endvidere snarest senere først dernæst fremover hurtigst allerede".split()
)


def _object_of_verb(text: str, start: int) -> bool:
    """A name right after an action verb is its object when a subject stands before the verb
    ("Medlemmerne giver Karen Bisgaard besked"); after a fronted time or place the verb comes
    second and the name is its subject ("Til næste møde udarbejder Økonomi & Stab et oplæg")."""
    verb = re.search(r"\b([a-zæøå]+)\s+$", text[max(0, start - 20) : start])
    if verb is None or verb.group(1) not in ACTION_PRESENT:
        return False
    head = re.split(r"[,;:]|\bat\b", text[: start - len(verb.group())])[-1].split()
    return bool(head) and head[0].lower().strip("-–•*") not in _FRONTED


# A subject's own verb in the perfect or past: it did something; it does not commit to anything.
_DONE_AFTER = re.compile(
    r"^[^,.;]{0,60}?\b(?:har|havde)\s+(?:\w+\s+)?\w{3,}(?:et|t)\b|^\s+(?:\w+\s+)?\w{3,}ede\b", re.IGNORECASE
)


# A capitalised name of up to three words ("Juridisk Kontor", "DataNord", "Center for Ejendomme"), maybe
# after "Chefen for".
_WRITTEN_NAME = (
    r"(?:(?:[Cc]hefen|[Ll]ederen|[Dd]irektøren)\s+(?:for|af)\s+)?"
    r"[A-ZÆØÅ][\wæøåÆØÅ-]+(?:\s+for)?(?:\s+[A-ZÆØÅ][\wæøåÆØÅ-]+){0,2}"
)
# "Visitationen og træningsenheden holder …": a body after "og" need not be capitalised.
_LOWER_BODY = r"[a-zæøå][a-zæøå-]{3,}(?:en|et|erne)\b"
_PRESENT_VERBS = "|".join(sorted(ACTION_PRESENT, key=len, reverse=True))
_SUBJECT_AS_WRITTEN = re.compile(
    rf"(?:^|\bat\s+|,\s+og\s+|^(?:\W|\d{{1,3}}[.)](?=\s))*|:\s+|\s[–-]\s+)({_WRITTEN_NAME}(?:\s+(?:og|&)\s+(?:{_WRITTEN_NAME}|{_LOWER_BODY}))*)\s+"
    r"(?:(?:sammen|hver|også|selv|derfor|nu|fremover|hermed|i\s+fællesskab)\s+)?"
    # "Økonomi og Analyse til Økonomiudvalgets møde i februar fremlægger …": a time between name and verb
    rf"(?:(?:til|inden|senest|efter|frem\s+til)\s+[^,.;:\n]{{3,60}}?\s+(?=(?:{_PRESENT_VERBS})\b))?"
    r"(?:(?:skal|vil)(?!\s+(?:\w+\s+)?(?:\w+es|blive|være)\b)|(?P<verb>[a-zæøå]+))\b"
    # "Beretningen skriver vi": the object comes first; "orienterer de øvrige bydende": "de" is a determiner
    r"(?!\s+(?:vi|jeg|han|hun|man|I)\b|\s+de\b(?!\s+(?!(?:sammen|selv|også|nu|derfor|senere|til|inden|senest|efter|"
    r"ikke|ud|videre|med|for|på|snarest|hurtigst|først)\b)[a-zæøå]{3,}))"
)
_SUBJECT_VERBS = frozenset({"lover", "står", "har", "påtager", "deltager", "bedes"})


def _is_body(word: str) -> bool:
    """ "Byrådssekretariatet", "Kulturforvaltningen": a body of its own, not part of a name before it."""
    return word.lower().endswith(("et", "en", "erne")) or _BODY_HEAD.search(word) is not None


# "Action: Nye prøver udtages … [Nørreå Forsyning]": an owner tag in square brackets at the end
_OWNER_TAG = re.compile(r"\[([^\[\]]{2,80})\]\W*$")


def bracketed_owner(text: str) -> list[str]:
    """The owners a line tags at its end in square brackets, as written; not a reference ("[jf.
    budget 2026]", "[bilag 2]")."""
    match = _OWNER_TAG.search(text)
    if match is None or re.search(r"\d|^\s*(?:jf|bilag|se|pkt|punkt|note)\b", match.group(1), re.IGNORECASE):
        return []
    return split_names(match.group(1))


_NOT_OWNER_LABELS = frozenset({"AP", "NB", "PS", "OBS", "TODO", "INFO", "FYI", "OK", "HUSK", "ACTION", "AKTION"})
_OWNER_LABEL = re.compile(r"^[\W\d]*([A-ZÆØÅ]{2,5}|[A-ZÆØÅ][\wæøå-]+(?:\s+[A-ZÆØÅ][\wæøå-]+){0,2})\s*:\s+\S")


def labelled_owner(text: str, mentions: list[Mention]) -> list[str]:
    """ "→ HR: skabelon til fraværssamtaler sendes …", "Lone Bach: notat til ØU": a task list line
    that opens with its owner. Only an abbreviation or a known name: "Fotograf: …" is a topic."""
    match = _OWNER_LABEL.match(text)
    if match is None or match.group(1) in _NOT_OWNER_LABELS:
        return []
    rest = text[match.end(1) :].lstrip(" :")
    if any(m.start >= match.end(1) and not text[match.end(1) : m.start].strip(" :") for m in mentions):
        return []  # "AP: SN samler input …": the line names its own subject
    if subject_as_written(rest, frozenset()):
        return []
    label = match.group(1)
    known = [m.name for m in mentions if m.start == match.start(1) and m.end == match.end(1) and not m.generic]
    return known or ([label] if label.isupper() else [])


def subject_as_written(text: str, skip: frozenset[str]) -> list[str]:
    """A capitalised subject before an action verb that the organisation file does not know
    ("Byggeteknikeren arbejder videre", "DataNord leverer testmiljøet", "Chefen for TM og Chefen
    for KF ser sammen på …"): kept as written, without the chief's title."""
    for match in _SUBJECT_AS_WRITTEN.finditer(text):
        verb = match.group("verb")
        if verb is not None and verb not in ACTION_PRESENT and verb not in _SUBJECT_VERBS:
            continue
        following = [w.strip(",.") for w in text[match.end() :].split()[:1]]
        if " " not in match.group(1).strip():
            # "Efterfølgende udarbejder forvaltningen …": an adverb first, the subject after the verb
            if following and following[0].lower() in ACTOR_NOUNS:
                return [as_name(following[0])]
            if match.group(1).lower().endswith(("ende", "vis", "over", "efter", "ledes")):
                continue
        parts = re.split(r"\s+(?:og|&)\s+", match.group(1))
        names = _names_joined([CHIEF_PREFIX.sub("", part.strip()) for part in parts])
        # "Hvert Område-MED drøfter …": each of them, named as the body is
        names = [re.sub(r"^(?:Hver|Hvert)\s+(?:enkelt\s+)?(?=[A-ZÆØÅ])", "", n) for n in names]
        names = [n for n in names if n.lower() not in skip and n.split()[0].lower() not in skip]
        if names:
            return names
    return []


def _forum_acts_later(after: str) -> bool:
    """ "Beredskabskommissionen godkendte politikken og videresender den": a record verb,
    then a coordinated present-tense action of the same subject."""
    match = re.match(r"^\s+\w+(?:\s+\S+){0,6}?\s+og\s+(\w+)", after)
    return bool(match and _ACTIVE_ACTOR_VERB.match(" " + match.group(1)))


_CLAUSE_BREAK = re.compile(r",\s+(?:og|men|samt|mens)\s+|;\s+", re.IGNORECASE)


def commitment_clause(sentence: str) -> tuple[int, int]:
    """The span of the first coordinated clause that states the commitment on its own
    ("Der vil gennemføres risikovurderinger i 2019, og herudover skal alle chefer …" → the
    first); the whole sentence when no single clause does."""
    from nlp.classify import classify

    bounds = [0, *(m.end() for m in _CLAUSE_BREAK.finditer(sentence)), len(sentence) + 1]
    if len(bounds) == 2:
        return 0, len(sentence)
    for start, nxt in pairwise(bounds):
        end = min(nxt, len(sentence))
        if classify(sentence[start:end]).is_followup:
            return start, end
    return 0, len(sentence)


_DESTINATION = re.compile(r"\b(?:\w*sendes|høring|orientering)\b", re.IGNORECASE)
# People's titles: "Formanden" stays "Formanden" even where the text says "Bestyrelsesformanden".
_PERSON_TITLES = frozenset(
    "formanden næstformanden direktøren lederen chefen koordinatoren konsulenten tovholderen sekretæren".split()
)


def expand_short_name(name: str, context: str) -> str:
    """ "Netværket" → "Dagtilbudsnetværket" when the item or the meeting names the body in full:
    minutes introduce a body once and then call it by its head noun."""
    if " " in name or len(name) < 4 or name.lower() in _PERSON_TITLES:
        return name
    lowered = name.lower()
    ending = next((e for e in ("erne", "ene", "et", "en") if lowered.endswith(e) and len(lowered) > len(e) + 3), "")
    stem = lowered[: len(lowered) - len(ending)]
    # "Teknik- og Miljøudvalget": a shared-ending compound is one name
    pattern = re.compile(
        rf"\b((?:[A-ZÆØÅ][\wæøå]*-\s+(?:og|&)\s+)?[A-ZÆØÅ][\wæøå-]+{re.escape(stem)})(?:erne|ene|et|en)?\b"
    )
    match = pattern.search(context)
    if match:
        return match.group(1) + ending
    # "Kultur-, Fritids- og Idrætsudvalget": the name itself is the last part of a shared-ending compound
    prefixed = re.search(rf"((?:[A-ZÆØÅ][\wæøå]*-,\s+)*[A-ZÆØÅ][\wæøå]*-\s+(?:og|&)\s+){re.escape(name)}\b", context)
    return prefixed.group(1) + name if prefixed else name


_MEMBERS = re.compile(
    r"^\W*husk\b|(?:^|[,;]\s*|\bat\s+|\bog\s+)(?:vi|alle|(?-i:I)|medlemmerne|\w+s\s+medlemmer)\s+(?:bedes|skal|vil|bør|(?P<verb>\w+er))\b|"
    r"^\W*\w+\s+(?:\w+\s+)?(?:skriver|laver|tager|holder|sender|finder|skal|vil|bør)\s+vi\b",
    re.IGNORECASE,
)


_MEMBERS_OF = re.compile(
    r"(?:^\W*|[,;:]\s*|\bat\s+|\bog\s+)(\w+s\s+medlemmer)\s+(?:bedes|skal|vil|bør|\w+er)\b", re.IGNORECASE
)


def members_of(clause: str) -> list[str]:
    """ "Udvalgets medlemmer melder tilbage …": the members, as written, not the body as a whole."""
    for match in _MEMBERS_OF.finditer(clause):
        verb = match.group().split()[-1].lower()
        if verb in {"bedes", "skal", "vil", "bør"} or (verb in ACTION_PRESENT and verb not in NOT_TASK_PRESENT):
            return [as_name(match.group(1))]
    return []


def addressed_to_members(clause: str) -> bool:
    """ "Vi skriver til kommunen", "Beretningen skriver vi sammen", "HUSK at melde tilbage", "alle
    bedes spørge rundt": the forum's own members are to act."""
    return any(m.group("verb") is None or m.group("verb").lower() in ACTION_PRESENT for m in _MEMBERS.finditer(clause))


_DEFINED_ABBREVIATION = re.compile(
    r"([A-ZÆØÅ][\wæøå-]+(?:\s+(?:(?:&|og|for|i)\s+)?[A-ZÆØÅ][\wæøå-]+){0,4})\s*\(([A-ZÆØÅ]{2,6})\)"
)


# "KH = Karin Holst, projektleder", "KJ (skoleleder Kirsten Juhl)": initials defined before the name
_DEFINED_INITIALS = re.compile(
    r"(?:^[ \t\-•*]*|\b)([A-ZÆØÅ]{2,4})(?:[ \t]*[=:][ \t]*|[ \t]*\((?:[a-zæøå-]+[ \t]+)?)"
    r"([A-ZÆØÅ][\wæøå-]+(?:[ \t]+[A-ZÆØÅ][\wæøå-]+){1,3})",
    re.MULTILINE,
)


def defined_abbreviations(text: str) -> dict[str, str]:
    """ "Børn & Unge (BU)", "Center for Børn og Unge (CBU)", "KH = Karin Holst": the abbreviations
    the minutes define, each checked against the name's initials so "Mette (HR)" defines nothing."""
    found: dict[str, str] = {}
    for match in _DEFINED_INITIALS.finditer(text):
        short, name = match.group(1), match.group(2)
        if _abbreviates(short, name):
            found.setdefault(short, name)
    for match in _DEFINED_ABBREVIATION.finditer(text):
        name, short = match.group(1), match.group(2)
        words = name.split()
        while words and (not words[0][0].isupper() or not _abbreviates(short, " ".join(words))):
            words = words[1:]  # "Chefen for Børn & Unge (BU)": drop words from the left
        if words and (len(words) > 1 or len(words[0]) > len(short) + 3):
            found.setdefault(short, " ".join(words))
    return found


def _abbreviates(short: str, name: str) -> bool:
    """Every capitalised word's initial is in ``short`` in order, and ``short`` is a subsequence
    of the name's letters ("SOS" for "Social & Sundhed", "ØP" for "Økonomi & Personale")."""
    initials = [w[0] for w in name.split() if w[0].isupper()]
    if not initials or short[0] != initials[0]:
        return False
    letters = iter(name.lower())
    if not all(ch in letters for ch in short.lower()):
        return False
    rest = iter(short)
    return all(i in rest for i in initials)


_EVERYONE_OF = re.compile(r"(?:^\W*|\bat\s+|,\s*|:\s*)(?:alle|samtlige)\s+([a-zæøå-]{3,})\b", re.IGNORECASE)
_MODALS = frozenset({"skal", "vil", "bør", "bedes", "må"})


_EACH_OF = re.compile(r"(?:^\W*|\bat\s+|,\s*|:\s*|\b(?:skal|vil|bør)\s+)hver\s+(?:enkelt\s+)?([a-zæøå-]{3,})\b", re.I)


def everyone_of(clause: str) -> list[str]:
    """ "Direktionen besluttede, at alle direktører senest fredag sender …", "skal hver koordinator
    finde …": every member of a group the organisation file does not list, as written ("Alle
    direktører") or in the plural ("Koordinatorerne"), when a verb of theirs follows closely."""
    for pattern, name in ((_EVERYONE_OF, lambda w: f"Alle {w}"), (_EACH_OF, _definite_plural)):
        for match in pattern.finditer(clause):
            if match.group(1).lower() in _TIME_NOUNS:
                continue  # "Der skal hver måned udarbejdes …": when, not who
            if _acts([w.strip(",.") for w in clause[match.end() :].lower().split()[:7]]):
                return [name(match.group(1).lower())]
    return []


_TIME_NOUNS = frozenset("dag uge måned år kvartal halvår gang møde time".split())
_NOT_ACTIVE_AFTER_MODAL = frozenset({"blive", "være", "have", "ikke"})


def _acts(following: list[str], *, exclude: frozenset[str] = frozenset()) -> bool:
    """Whether the words after a noun give it a verb of its own to carry out ("… senest fredag
    sender", "… skal finde"; present verbs in ``exclude`` do not count), not a passive ("alle
    ansøgninger skal behandles", "borgerne skal orienteres"): there the noun is what the work
    is done to."""
    for n, w in enumerate(following):
        if w.endswith("es") and w not in _MODALS:
            return False
        if w in _MODALS:
            after = following[n + 1 : n + 3]
            if after[:1] == ["have"] and len(after) > 1 and _participle_of_action(after[1]):
                return True  # "skal have gennemført MUS inden 1. juni": done by then, by them
            return bool(after) and not (after[0] in _NOT_ACTIVE_AFTER_MODAL or after[0].endswith("es"))
        if (w in ACTION_PRESENT and w not in exclude) or w in ACTION_INFINITIVES:
            return True
    return False


def _participle_of_action(word: str) -> bool:
    """ "gennemført", "afleveret", "sendt": the past participle of an action verb."""
    stems = (word[:-2] + "e", word[:-1] + "e", word[:-1]) if word.endswith("et") else (word[:-1] + "e", word[:-1])
    return word.endswith("t") and len(word) > 4 and any(s in ACTION_INFINITIVES for s in stems)


def _definite_plural(noun: str) -> str:
    """ "koordinator" → "Koordinatorerne", "leder" → "Lederne", "skole" → "Skolerne"."""
    if noun.endswith("er"):
        return as_name(noun + "ne")
    return as_name(noun + ("rne" if noun.endswith("e") else "erne"))


_AT_SUBJECT = re.compile(r"\bat\s+(?:de\s+|den\s+|det\s+)?([a-zæøå-]{4,}(?:erne|ene|ne|en|et))\b((?:\s+\S+){1,6})")
_NOT_ACTOR_NOUNS = frozenset(
    "sagen planen punktet forslaget arbejdet projektet mødet referatet udkastet notatet rapporten "
    "indsatsen processen resultatet resultaterne budgettet økonomien området tiden ordningen".split()
)


def _names_an_act(noun: str) -> bool:
    """ "evalueringen", "beregningen", "undersøgelsen": a noun made from a verb names the work,
    not who does it; "forvaltningen" and "ledelsen" are the exceptions the actor nouns list."""
    return noun.endswith(("eringen", "ningen", "elsen", "ingen", "ationen")) and not noun.endswith(
        (*ACTOR_NOUNS, "foreningen", "styrelsen", "organisationen", "regeringen", "institutionen", "kommissionen")
    )


def definite_subject(clause: str, skip: frozenset[str] = frozenset()) -> list[str]:
    """ "… at fagudvalgene senest 29. april afleverer forslag": the subject of an at-clause, a
    definite noun the organisation file does not know, when an action verb of its own follows."""
    for match in _AT_SUBJECT.finditer(clause):
        noun = match.group(1)
        if noun in _NOT_ACTOR_NOUNS or noun in _PRONOUNS or noun in skip or _names_an_act(noun):
            continue
        if _acts([w.strip(",.") for w in match.group(2).lower().split()], exclude=NOT_TASK_PRESENT):
            return [as_name(noun)]
    return []


# The antecedent of a relative clause: a name after a preposition, right before ", som" / ", der".
_RELATIVE = re.compile(
    r"\b(?:til|i|hos|med|for)\s+((?:(?:de|den|det|alle)\s+)?(?:[\wæøåÆØÅ'’-]+\s+){0,2}[\wæøåÆØÅ'’-]+),\s+(?:som|der)\s+"
)
_BODY_HEAD = re.compile(
    r"(?:udvalg|udvalget|udvalgene|råd|rådet|rådene|gruppe|gruppen|grupperne|skab|skabet|ledelse|ledelsen|"
    r"forvaltning|forvaltningen|sekretariat|sekretariatet|kommuner|kommunerne|netværk|netværket|afdeling|afdelingen)$",
    re.IGNORECASE,
)


def relative_actor(clause: str, mentions: list[Mention]) -> list[str]:
    """ "Resultaterne drøftes i de lokale MED-udvalg, som udarbejder handleplaner", "Sagen oversendes
    til KKR's formandskab, som tager kontakt til ministeren": the one a case goes to acts when a
    relative clause gives it an action verb of its own. A known name keeps its canonical form;
    another body is kept as written."""
    for match in _RELATIVE.finditer(clause):
        following = [w.strip(",.") for w in clause[match.end() :].lower().split()[:4]]
        particle = bool(following) and " ".join(following[1:3]).startswith(PARTICLE_TASKS.get(following[0], ("\0",)))
        if not particle and not _acts(following, exclude=NOT_TASK_PRESENT):
            continue
        known = [m for m in mentions if m.end == match.end(1) or m.end == match.end(1) - 2]
        if known:
            return [known[-1].name]
        phrase = match.group(1)
        head = phrase.split()[-1]
        if head.lower() in ACTOR_NOUNS or _BODY_HEAD.search(head) or head.lower().endswith("formandskab"):
            return [as_name(phrase)]
    return []


def all_departments(text: str) -> bool:
    """ "Der skal udarbejdes databehandleraftaler i alle afdelinger": every chief's task."""
    return _ALL_DEPARTMENTS.search(text) is not None


def _presenters_at(text: str, kept: list[Mention], starts: list[int], match: re.Match[str]) -> list[str]:
    """The names before one presenting verb: "Sofie (CBA) deltog" (the unit, the stable name),
    "Lars og Burak orienterede" (both). ``kept`` is ``_with_units`` of the text's mentions, in
    order, and ``starts`` their starts: asked once per verb, so the window is found by bisection."""
    window = kept[bisect_left(starts, max(0, match.start() - 90)) : bisect_left(starts, match.start())]
    near = [m for m in window if not _PARTY_LETTER.match(text[m.end :])]
    if not near:
        return []
    units = [m for m in near if m.kind is EntityKind.UNIT]
    best = units[-1] if units else near[-1]
    if best.kind is EntityKind.FORUM:
        return []
    named = [best]
    for mention in reversed(near[: near.index(best)]):
        if not _COORDINATED.fullmatch(text[mention.end : named[0].start]):
            break
        named.insert(0, mention)
    return list(dict.fromkeys(m.name for m in named))


# "Fremlagt af HR-konsulent Camilla Thorsen": the presenter named after a participle
_PRESENTED_BY_WORDS = r"\b(?:fremlagt|præsenteret|gennemgået|forelagt|introduceret)\s+(?:af|ved)"
_OWNER_CUES = re.compile(
    rf"(?:{_PRESENTING}|{_REMARKING}|indstiller|foreslår|anbefaler|indstilles\s+af|orienterer|informerer|fortæller)\b|"
    rf"\bv(?:\.|/)|\bfra\s|{_PRESENTED_BY_WORDS}\b",
    re.IGNORECASE,
)


def may_name_owner(text: str) -> bool:
    """Whether ``text`` has any cue for a presenter or proposer at all: when it has none, there
    is no need to look for names in it (which costs a run of the pipeline)."""
    return _OWNER_CUES.search(text) is not None


def _presenting(text: str, mentions: list[Mention], verbs: re.Pattern[str]) -> Iterator[tuple[int, list[str]]]:
    """Each presenter in ``text``, in order, with where its verb ends."""
    kept = sorted(_with_units(mentions, text), key=lambda m: m.start)
    starts = [m.start for m in kept]
    for match in verbs.finditer(text):
        found = _presenters_at(text, kept, starts, match)
        if found:
            yield match.end(), found


def presenter_marks(text: str, mentions: list[Mention]) -> list[tuple[int, list[str]]]:
    """Every presenter in ``text`` with where its verb ends: an item of several reports ("Peter
    orienterede. … Lars og Burak orienterede. Der mangler lys, men det bliver rettet") gives each
    sentence the latest presenter before it."""
    return list(_presenting(text, mentions, _PRESENTER))


_PRESENTED_BY = re.compile(rf"\bv(?:\.|/)\s*|{_PRESENTED_BY_WORDS}\s+", re.IGNORECASE)


def presenter(text: str, mentions: list[Mention], verbs: re.Pattern[str] = _PRESENTER) -> list[str]:
    """Who presented the item: a mention shortly before (or right after "v.") a presenting verb;
    ``verbs=REMARKER`` asks for someone who remarked on it, the weaker sign."""
    for _, found in _presenting(text, mentions, verbs):
        return found
    for match in _PRESENTED_BY.finditer(text):
        after = [m for m in mentions if match.end() <= m.start < match.end() + 3] or [
            m for m in mentions if m.kind is EntityKind.PERSON and match.end() <= m.start < match.end() + 30
        ]  # "Fremlagt af HR-konsulent Camilla Thorsen"
        if after:
            named = [after[0]]
            for mention in mentions:  # "v. Lene Hansen og Tina Berg": both present
                if mention.start > named[-1].start and _COORDINATED.fullmatch(text[named[-1].end : mention.start]):
                    named.append(mention)
            return list(dict.fromkeys(m.name for m in named))
    return []


_NAME_WORDS = r"(?-i:[A-ZÆØÅ][\wæøåÆØÅ/-]*(?:\s+[A-ZÆØÅ][\wæøåÆØÅ/-]*){0,3})"  # capitals even under re.I
_TITLE_PRESENTER = re.compile(
    rf"\bv(?:\.|/)\s*(?P<by>{_NAME_WORDS})|"
    r"^\W*(?:meddelelse[r]?|orientering|nyt|status|beretning|information|info|indlæg|oplæg)\s+fra\s+"
    r"(?P<source>[\wæøåÆØÅ/&-]+(?:\s+(?:og|&)\s+[\wæøåÆØÅ/&-]+)?)\s*(?:\(|:|,|$)|"
    rf"^\W*(?P<subject>{_NAME_WORDS})\s+(?:orienterer|informerer|fortæller)\b",
    re.IGNORECASE,
)


def title_presenter(title: str, mentions: list[Mention]) -> list[str]:
    """Who an item belongs to by its title: "Meddelelser fra Solkær", "Nyt fra netværkene",
    "Formanden orienterer", "Kommunikationsplan v. Anni Mørch"; known names canonical, others
    as written."""
    match = _TITLE_PRESENTER.search(title)
    if match is None:
        return []
    group = next(g for g in ("by", "source", "subject") if match.group(g))
    start, end = match.span(group)
    known = [m.name for m in mentions if start <= m.start < end]
    if known:
        return list(dict.fromkeys(known))
    names = [n for n in re.split(r"\s+(?:og|&)\s+", match.group(group).strip()) if n]
    return [as_name(n) for n in names]


_PROPOSER_AS_WRITTEN = re.compile(
    r"(?:^|\n|\.\s)\s*((?:[A-ZÆØÅ][\wæøåÆØÅ-]*)(?:[ ,]+(?:og|&|for|[A-ZÆØÅ][\wæøåÆØÅ-]*)){0,5})\s+"
    r"(?:indstiller|foreslår|anbefaler)\b"
)


_HEADING_OWNER = re.compile(r"^\W*((?:[A-ZÆØÅ][a-zæøå]*-\s+og\s+)?[A-ZÆØÅ][a-zæøå]+?)s\s+(?:indstilling|forslag)\b")
# A body that recommends on to another does not carry out its own proposal ("Økonomiudvalgets indstilling").
_RECOMMENDING_BODY = re.compile(r"(?:udvalg|råd|bestyrelse|forum)(?:et|en)?$", re.IGNORECASE)


def heading_owner(heading: str) -> list[str]:
    """ "Administrationens indstilling", "Forvaltningens forslag": whose proposal the heading says it is."""
    match = _HEADING_OWNER.match(heading)
    if match is None or _RECOMMENDING_BODY.search(match.group(1)):
        return []
    return [match.group(1)]


def proposer(text: str, mentions: list[Mention]) -> list[str]:
    """Who stands behind the proposal ("Chefen for Økonomi og Stab indstiller", "CBA indstiller");
    a unit the organisation file does not know ("Teknik og Miljø indstiller") as written."""
    found = _PROPOSER_AS_WRITTEN.search(text)
    written = CHIEF_PREFIX.sub("", found.group(1).strip()) if found else ""
    if written and written.split()[0].lower() in {"det", "der", "den", "vi", "man", "direktionen"}:
        written = ""
    for match in _PROPOSER.finditer(text):
        near = [m for m in mentions if max(0, match.start() - 90) <= m.start < match.start()]
        near = [m for m in near if m.kind is not EntityKind.FORUM]
        if near:
            last = near[-1]
            if last.generic and found and found.start(1) <= last.start < found.end(1) and " " in written:
                break  # "Chefen for Økonomi & Personale indstiller": not just "Personale"
            return [last.name]
    return [as_name(written)] if written else []
