"""Is this sentence a follow-up? Rules over words, each with a name and a confidence.

The rules follow ANNOTATION §2 and the grammar of minutes (see ``nlp.lexicon``): a
commitment is a decision or agreement to act, a modal with an action, an s-passive or a
present-tense action with an actor, a return to the forum, a referral or postponement, or a
reminder. A sentence that only records what happened (past tense: "godkendte", "drøftede",
"tog … til efterretning") or states a fact or an opinion is not. Every rule that fires offers a
confidence; the strongest, after the penalties for records, hedges, headings and the past,
names the reason the secretariat sees in the review queue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from nlp import lexicon as lx
from nlp.sentences import strip_bullet

THRESHOLD = 0.55

_WORD = re.compile(r"[\wæøåÆØÅéü'’-]+", re.UNICODE)
_RETURN_PHRASES = re.compile(
    r"\b(vender tilbage|vende tilbage|kommer tilbage med|genoptages|udsættes til|udskydes til|"
    r"sendes videre|sendes tilbage|tilbagesendes|videresendes|går videre til|oversendes til|videresender|"
    r"fremsendes til|anbefal(?:es|er)\b[^.]{0,80}?\bover\s*for\b|"
    r"på (?:næste|et kommende|et senere|kommende|førstkommende) (?:\w+)?møde|"
    r"til (?:næste|et senere|et kommende) (?:\w+)?møde|(?:drøftes|behandles|tages op|forelægges|"
    r"fremlægges|præsenteres|genbesøges|følges op)\b[^.]{0,60}\b(?:igen|på ny|senere)|"
    r"tages op igen|tager\s+(?:\w+\s+){0,3}op\s+igen|på dagsordenen (?:igen|til næste)|sættes på (?:dagsordenen|næste)|"
    r"(?:sende|sendes|videresende|oversende)\b[^.]{0,40}\btil\s+(?:\w+\s+)?(?:behandling|godkendelse|høring|"
    r"byrådet|kommunalbestyrelsen|udvalget|\w+udvalget|\w+udvalg)|"
    r"går\s+(?:\w+\s+){0,2}i\s+gang|sættes\s+i\s+gang|igangsættes|"
    r"^(?:\w+\s+){0,2}(?:blev\s+)?udsat|\budsættes\b)\b"
)
_DECISION = re.compile(
    r"\b(?:(?:det\s+)?(?:blev|er|var)\s+(?:besluttet|aftalt|vedtaget|konkluderet)|"
    r"besluttedes|aftaltes|aftales|vedtoges|konkluderedes|besluttede|aftalte|beslutter|aftaler|"
    r"(?:var|er|blev)\s+enig(?:e|hed)?\s+om|enighed om|konklusion(?:en)?(?: blev| er)?|"
    r"pålagde|pålægger|pålægges|anmoder|anmodede|anmodes|(?:bad|beder|^(?:at\s+)?bede)\s+(?!om\s+ordet)\S+(?:\s+\S+){0,4}?\s+om|(?:bad|beder)\s+om(?=,?\s+at\b)|^(?:at\s+)?(?:anmode|pålægge)\s+|(?:blev|er\s+blevet)\s+(?:bedt|anmodet)\s+om|bedes|"
    r"bemyndige(?:de|r|s)|(?:godkendte|tiltrådte|vedtog)(?=,?\s+at\b)|"
    r"ytrede ønske om|ønskede(?:,)? at|understregede vigtigheden af)\b[^.?!]*?\bat\b"
)
_REQUEST = re.compile(
    r"\b(?:bedes|anmodes\s+om|opfordres\s+til|skal\s+huske|husk\s+at|"
    # "- bede om en status fra Miljø & Teknik", "- anmode Drift & Service om en plan" under a decision lead
    r"(?:ønskede|ønsker|efterspurgte|bad\s+om|anmodede\s+om|^(?:at\s+)?(?:bede|anmode)\s+(?:[^\s.]+\s+){0,4}?om)"
    r"\s+(?:\w+\s+){0,2}(?:en\s+|et\s+)?"
    r"(?:opfølgning|status|orientering|redegørelse|sag|oplæg|forslag|notat|tilbagemelding|evaluering|analyse|plan))\b"
)
_ENCOURAGE = re.compile(r"\bopfordre(?:de|des|s|r)?\b[^.?!]*?\btil\b")
# "Kommentarer skal være HR i hænde senest fredag", "Tilmelding sker til sekretæren senest 1. marts",
# "Udkastet skal være klar inden jul": something due by a date, so somebody must deliver it.
_DUE = re.compile(
    r"(?:\b(?:skal|bedes|må)\b[^.;]*?\bi\s+hænde\b|^\W*(?:tilmelding|afmelding|ansøgning|indberetning|tilbagemelding|"
    r"indsendelse)\w*\b[^.;]*?\b(?:sker|ske|være)\b|\bskal\s+(?:\w+\s+)?være\s+(?:klar(?!\s+over)|færdig|færdige|"
    r"på\s+plads|afsluttet|gennemført|modtaget|indsendt|afleveret|udarbejdet|opdateret|implementeret)\b)"
    r"[^;]*?\b(?:senest|inden(?!\s+for\s+rammerne)|før|primo|medio|ultimo|deadline)\b"
)
_RESPONSIBILITY = re.compile(
    r"\b(?:har|får|tager|påtager sig|overtager)\s+(?:\w+\s+){0,2}ansvar(?:et)?\s+for\b|"
    r"\b(?:er|bliver)\s+tovholder|\blover\s+at\b|\bsørger\s+for\b|\bpåtager sig\b|"
    # "står for indkøbet", not "står for næsten halvdelen af …"
    r"\bstår\s+for\b(?!\s+(?:næsten|ca\.|cirka|over|under|halvdelen|størstedelen|en\s+stor|\d))|"
    r"\bmelder\s+(?:tilbage|ind|ud)\b|\bhar\s+(?:\w+\s+){0,3}klar\s+(?:til|senest|inden)\b|"
    # "Ansøgerne får skriftligt svar i uge 12": someone must send it
    r"\bfår\s+(?:\w+\s+)?(?:svar|besked|tilbagemelding|afgørelse)\b|"
    r"\bskal\s+i\s+gang\b|\btager\s+(?:en\s+)?dialog\b|"
    r"\bafvente[rs]?\s+(?:\w+\s+){0,2}(?:tilbagemelding|svar|input|udkast|oplæg)\s+fra\b|"
    r"\bforventes\s+(?:\w+\s+)?(?:udsendt|sendt|færdig|klar|afsluttet|implementeret|udarbejdet|"
    r"fremlagt|forelagt|præsenteret|gennemført|igangsat|godkendt|at)\b"
)
_HISTORY = re.compile(
    r"\b(?:på|ved|i)\s+(?:\w*mødet|møde|sidste møde|seneste møde|forrige møde|tidligere møde)"
    r"(?:\s+(?:den|d\.)\s+\d|\s+i\s+\w+\s+\d{4})|\b(?:sidste|seneste|forrige)\s+møde\b|"
    r"\btidligere\s+(?:besluttet|aftalt)\b"
)
_RECORD_START = re.compile(
    # "den godkendte kvalitetsstandard": after a determiner the participle is an adjective
    r"^(?:[\w&().':-]+\s+){0,5}(?<!\bden )(?<!\bdet )(?<!\bde )(?<!\ben )(?<!\bet )"
    r"(?:godkendte|drøftede|tog|blev orienteret|orienterede|blev præsenteret|"
    r"gennemgik|fremlagde|deltog|noterede|vedtog|tiltrådte|havde|præsenterede|bød|drøftedes|oplyste|fortalte|"
    r"informerede|nævnte|redegjorde|forklarede|indstillede|påpegede|bemærkede|understregede|pointerede|"
    r"spurgte|mente|meddelte|har\s+meddelt|gav\s+udtryk)\b"
)
# Verbs that mostly record what was done at the meeting; a future time makes them work to do.
# ("holder lukket i uge 29", "arbejder inden for rammen" stay statements.)
_RECORDING_PRESENT = frozenset(
    {
        "gennemgår",
        "drøfter",
        "vurderer",
        "overvejer",
        "sikrer",
        "skriver",
        "præsenterer",
        "orienterer",
        "rapporterer",
        "finder",
        "lægger",
        "deltager",
    }
)
# A time still to come: the mark of a commitment even on a verb that mostly records.
_FUTURE_TIME = re.compile(
    r"\b(?:senest|inden|i\s+løbet\s+af|til\s+næste|på\s+næste|primo|medio|ultimo|uge\s+\d|"
    r"\d\.\s+kvartal|de\s+kommende|den\s+kommende|snarest|hurtigst\s+muligt|næste\s+uge|denne\s+uge|i\s+uge)\b"
)
# "i januar 2026": a month with its year is a time to come only in a sentence with no past tense in it
_MONTH_YEAR = re.compile(
    r"\bi\s+(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december)\s+\d{4}\b"
)
# "på mødet" is this meeting unless a date or month names another one ("på mødet den 10. september").
_AT_THIS_MEETING = re.compile(r"på mødet(?!\s+(?:den|d\.|i)\s+\w)|på dagens møde|under mødet|\bi dag\b")
_PAST_NEAR = re.compile(r"\b(?:blev|var|havde|har|\w+ede|\w+edes)\b")
_RETURNING = re.compile(r"\b(?:igen|forelægge|fremlægge|genoptage|drøfte|behandle)\b")
_IRREGULAR_PAST = re.compile(r"\b(?:gik|kom|fik|tog|gav|sagde|lå|stod|bad|begyndte|startede|sendte|købte)\b")
_QUESTION = re.compile(r"\?\s*$")
# "at der afsættes 250.000 kr. fra puljen": money set aside is settled by the decision itself.
_MONEY = re.compile(r"\d[\d.,]*\s*(?:kr\b|mio\b|mia\b|millioner|tusind|t\.\s?kr\b|dkk\b)")
# "Ændringsforslaget om, at der etableres …, blev forkastet": a rejected proposal obliges nobody.
_REJECTED = re.compile(r"\b(?:blev|er)\s+(?:forkastet|nedstemt|afvist)\b|\bbortfaldt\b|\bfaldt\s+med\s+\d")
# "…, og kassereren indsender det inden 1. marts": a clause of its own after a record or rejection
_NEXT_CLAUSE = re.compile(r"[,;]\s+(?:og|men)\s+(?!at\b)\w+\s+\w+")
# A ticked box ("☑ Anders har bestilt …"): done, not to follow up.
_DONE_MARKS = ("☑", "☒", "✓", "✔", "[x]")
_PROTOCOL_NOTE = re.compile(r"\b(?:ført|føre|optaget|tilført)\s+(?:til\s+|i\s+)?(?:referat|protokol)\w*")
_COUNCIL_ADVICE = re.compile(r"\b\w*rådet\s+anbefaler,?\s+at\b")
# Reasons a short line without a full stop still has, as no title would.
_NOT_TITLE_REASONS = ("reminder", "responsibility", "request", "decision", "modal", "action")
_AMENDED = re.compile(r"\bmed\s+(?:den|følgende)\s+(?:tilføjelse|ændring)(?:,\s*|\s+)at\s+")
_OPTIONAL_OBJECT = re.compile(r"\b(?:og|eller)\s+(?:evt\.|eventuelt)\s")
# An action line with its owner: "Ny plan for kantinen. Ansvarlig: Jens".
_ASSIGNED = re.compile(
    r"\b(?:"
    + "|".join(re.escape(label) for label in lx.OWNER_LABELS if label not in lx.COLON_ONLY_LABELS)
    + r")\s*[:\-–]\s*\w"
)
_INTERROGATIVES = frozenset({"hvad", "hvordan", "hvem", "hvilke", "hvilken", "hvornår", "hvorvidt", "om"})
_RELATIVE_MODAL = re.compile(r"(?<=\w),\s+(?:der|som)\s+(?:skal|vil|bør|må|skulle)\b[^,.;()]{0,40}")
_TO_FORUM = frozenset({"præsenteres", "forelægges", "fremlægges", "orienteres", "drøftes", "behandles"})
_DATED = re.compile(
    r"\b(?:d\.|den)\s+\d{1,2}\.|\b\d{1,2}\.\s*(?:jan|feb|mar|apr|maj|jun|jul|aug|sep|okt|nov|dec)|"
    r"\b(?:i|primo|medio|ultimo)\s+(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|"
    r"november|december)\b|\buge\s+\d"
)


_AGENDA_TOPIC = re.compile(
    r"^(?:\W*\d+\.?\s+)?(?:drøftelse|orientering|status|godkendelse|emner|punkter|opfølgning|evaluering|"
    r"præsentation|gensidig|eventuelt|evt|input|forslag|temadrøftelse)\b(?:\s+\w+){0,3}\s+(?:af|på|om|til|fra|vedr)\b",
    re.IGNORECASE,
)
# "… fremlægges til orientering": the purpose of the agenda item, not work after it.
_FOR_INFORMATION = re.compile(r"\btil\s+(?:\w+\s+)?(?:orientering|efterretning)\b")


def _is_heading(text: str) -> bool:
    """A title or agenda line: short with no sentence punctuation, or an agenda topic
    ("Drøftelse af emner til næste møde v. …") without a verb of its own."""
    stripped = text.strip()
    if re.match(r"^[•*→⇒►➢▪☐□]|^->", stripped):
        return False  # a list item under "Beslutninger og opgaver:", not a title
    if re.match(r"^(?:[-–•*]\s*|\d+[.)]\s*)?(?:at\s|[a-zæøå])", stripped):
        # a proposal point ("at sagen oversendes til Byrådet", "- årsregnskabet oversendes …") has
        # no full stop either, but a heading starts with a capital
        return False
    if len(stripped.split()) <= 9 and not re.search(r"[.!:]\s*$", stripped) and "," not in stripped:
        return True
    return _AGENDA_TOPIC.match(stripped) is not None and not re.search(r"[.!]\s*$", stripped)


@dataclass(frozen=True, slots=True)
class Verdict:
    is_followup: bool
    confidence: float
    reason: str


NOT_A_FOLLOWUP = Verdict(False, 0.0, "")


def words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def _modal(ws: list[str]) -> tuple[float, str] | None:
    for i, w in enumerate(ws):
        if w not in lx.MODALS_STRONG and w not in lx.MODALS_WEAK:
            continue
        following = ws[i + 1 : i + 8]
        if not following:
            continue
        if w == "vil" and following[0] in lx.VIL_NOT_TASK:
            continue
        if (following[0] == "ikke" and following[1:2] not in (["blot"], ["kun"], ["alene"], ["bare"])) or (
            i > 0 and ws[i - 1] == "ikke"
        ):
            continue  # "kommunen ikke skal indføre …": what will not be done ("skal ikke blot …, men også" will)
        if w in {"skal", "skulle"} and following[0] in lx.SKAL_NOT_TASK and not _has_participle_after_have(following):
            continue
        if w == "må" and following[0] not in {"gerne", "meget"} and not _has_action(following):
            continue
        if i > 0 and (ws[i - 1] in lx.MODAL_SUBORDINATE or (i > 1 and ws[i - 2] in lx.MODAL_SUBORDINATE)):
            continue
        if any(_asks(ws, k) and ws[k + 1] != "at" for k in range(max(0, i - 3), i)):
            continue  # "om arbejdsgruppen også skal se på …": an indirect question ("om, at …" is not)
        strength = 0.8 if w in lx.MODALS_STRONG else 0.7
        if w == "må":
            strength = 0.5
        if "blive" in following[:4] or _has_participle_after_have(following) or _has_action(following):
            return strength, f"modal:{w}"
        if w in {"skal", "skulle"} and any(
            len(x) > 2 and x.endswith("e") and x not in lx.NOT_INFINITIVE for x in following[:3]
        ):
            return strength - 0.05, f"modal:{w}"
    return None


def _negated(lowered: str, word: str) -> bool:
    """ "at der ikke på nuværende tidspunkt skal indføres": "ikke" before the verb in its own clause
    (not in a relative clause before it: "Arbejdspladser, der ikke har svaret, rykkes")."""
    clause = re.search(rf"(?:^|[,;:])([^,;:]*?)\b{re.escape(word)}\b", lowered)
    if clause is None:
        return False
    # without the comma Danish often leaves out: "Skoler der ikke har indsendt tal kontaktes …",
    # "Hvis der ikke kommer svar skal forvaltningen rykke …"
    own = _SUBORDINATE_NEGATION.sub(" ", clause.group(1))
    return re.search(r"\bikke\b", own) is not None


_SUBORDINATE_NEGATION = re.compile(
    r"\b(?:hvis|når|fordi|selvom|da)\b[^,;:]*?\bikke\b|\b(?!at\b|om\b)[a-zæøå]{3,}\s+(?:der|som)\s+ikke\b"
)


def _has_participle_after_have(ws: list[str]) -> bool:
    """ "skal have udarbejdet": have + participle is a task; "skal have at vide" is not."""
    for n, w in enumerate(ws[:3]):
        if w == "have":
            nxt = ws[n + 1 : n + 3]
            if nxt[:1] in (["været"], ["haft"]):
                return False  # "burde have været prioriteret": what should have happened
            return any(x.endswith(("et", "t")) and len(x) > 3 for x in nxt)
    return False


def _has_action(ws: list[str]) -> bool:
    for w in ws:
        if w in lx.ACTION_INFINITIVES or w in lx.ACTION_PASSIVE:
            return True
        if w.endswith(("es", "s")) and w[:-1] in lx.ACTION_INFINITIVES:
            return True
        if w == "kunne":
            return False  # "skal kunne …": an ability, and the search stops there
        if w in {"huske", "melde", "komme", "gå", "give", "få", "sætte", "orientere"}:
            return True
    return False


def _asks(ws: list[str], k: int) -> bool:
    """Does ``ws[k]`` open an indirect question? "om" does after a verb ("drøftede om", "undersøge
    om"), not after a noun ("spørgsmålet om finansiering", "møde med Hoved-MED om …")."""
    if ws[k] not in _INTERROGATIVES:
        return False
    if ws[k] != "om" or k == 0:
        return True
    before = ws[k - 1]
    if before in {"af", "på", "til"}:
        return True  # "en drøftelse af, om …"
    return before.endswith(("e", "er", "ede", "te")) and not before.endswith(("ene", "erne"))


_HELD = ("møde", "møder", "oplæg", "kursus", "kurser", "workshop", "seminar", "temadag", "samtale", "samtaler")


def _particle_task(ws: list[str], i: int) -> bool:
    particles = lx.PARTICLE_TASKS.get(ws[i], ())
    following = [w for w in ws[i + 1 : i + 5] if w not in {"sammen", "også", "lige", "derfor", "igen"}]
    after = " ".join(following[:3])
    if ws[i] == "tager" and "op" in ws[i + 2 : i + 4]:
        return True  # "tager det op med vejafdelingen", "tager fraværet op på personalemøderne"
    if ws[i] == "tager" and any(
        ws[k] == "med" and ws[k + 1 : k + 2] in (["til"], ["på"], ["videre"]) for k in range(i + 2, min(i + 4, len(ws)))
    ):
        return True  # "tager spørgsmålet med til direktionen", "tager ønskerne med på beboermødet"
    if ws[i] == "holder" and any(w.endswith(_HELD) for w in following[:3]):
        return True  # "holder et fælles informationsmøde", "holder dialogmøder"
    if ws[i] == "giver" and any(p in ws[i + 1 : i + 7] for p in particles):
        return True  # "giver Karen Bisgaard besked"
    if ws[i] == "skriver" and any(w.startswith(p) for w in following[1:3] for p in particles if len(p) > 3):
        return True  # "skriver bestyrelsens beretning"
    return any(after.startswith(p) for p in particles)


_AGREEMENT = re.compile(
    r"besluttet|aftalt|vedtaget|konklu|enig|besluttede|aftalte|beslutter|aftaler|godkendte|tiltrådte"
)
# Verbs whose deed is the decision itself: "besluttede at tildele prisen til …", "at afsætte 250.000 kr."
_SETTLED_BY_DECIDING = frozenset(
    "tildele bevilge afsætte udpege vælge fordele imødekomme afslå fastholde godkende tiltræde "
    "give anbefale prioritere".split()
)
_STATE_WORDS = frozenset(
    {"er", "var", "være", "har", "havde", "kan", "kunne", "hænger", "ligger", "påvirker", "findes", "står", "betyder"}
)


def _states(decision: re.Match[str], lowered: str) -> bool:
    """ "Der var enighed om, at udviklingen er bekymrende": an agreement about how things are,
    not about work to do. Requests and delegations ("bad X om at") always oblige."""
    if not _AGREEMENT.search(decision.group()):
        return False
    clause = lowered[decision.end() :]
    ws = words(clause)
    if (ws and ws[0] in _SETTLED_BY_DECIDING) or "ikke" in ws[:5]:
        return True  # "besluttede at tildele prisen …", "enighed om, at kommunen ikke skal …"
    if decision.group().startswith(("godkendte", "tiltrådte", "vedtog")):
        return not classify(clause).is_followup  # approving work to do, not a plan changed by approving
    return any(w in _STATE_WORDS for w in ws[:6]) and not classify(clause).is_followup


@lru_cache(maxsize=8192)
def classify(text: str) -> Verdict:
    """Decide one sentence (or bullet). ``text`` is the sentence as written. Minutes repeat their
    boilerplate ("Godkendt.", "Taget til efterretning.") meeting after meeting, and the verdict
    depends on the text alone, so verdicts are kept."""
    lowered = strip_bullet(text.lower().strip())
    ws = words(lowered)
    if len(ws) < 2:
        return NOT_A_FOLLOWUP
    if (
        _QUESTION.search(lowered)
        or _PROTOCOL_NOTE.search(lowered)
        or (_REJECTED.search(lowered) and not _NEXT_CLAUSE.search(lowered))
        or lowered.startswith(_DONE_MARKS)
    ):
        return NOT_A_FOLLOWUP  # a question; "ønskede at få ført til referat, at …": a remark for the record
    # "på mødet den 10. september" is history, unless the sentence brings something to that meeting
    found = _HISTORY.search(lowered)
    history = found is not None and not any(w in _TO_FORUM for w in ws)
    if (
        history
        and found is not None
        and "mødet" in found.group()
        and not found.group().lstrip().startswith(("på mødet", "ved mødet", "i mødet"))
    ):
        # "på byrådsmødet den 5. maj": another meeting, past only if a past verb stands by it
        near = lowered[max(0, found.start() - 40) : found.end() + 30]
        history = _PAST_NEAR.search(near) is not None
    if history and _RETURNING.search(lowered):
        history = False  # "… og forelægge sagen igen på mødet den 9. december": a meeting to come
    penalty = 0.25 if history else 0.0

    candidates: list[tuple[float, str]] = []
    if ws[0] == "husk" or lowered.startswith(("husk ", "husk:", "ps:")) or re.search(r":\s+husk\b", lowered):
        candidates.append((0.75, "reminder"))
    if lowered.startswith(("action:", "aktion:", "actionpunkt:", "aktionspunkt:")):
        candidates.append((0.75, "action_line"))  # a log's "Action: Nye prøver udtages …"
    if _RETURN_PHRASES.search(lowered):
        candidates.append((0.8, "return_or_referral"))
    decisions = list(_DECISION.finditer(lowered))
    if decisions:
        # "Det blev besluttet, at …" obliges only if what follows is work to do; "der var enighed
        # om, at udviklingen er bekymrende" is a shared view. Any one that obliges is enough.
        obliges = any(not _states(d, lowered) for d in decisions)
        candidates.append((0.8 if obliges else 0.5, "decision_to_act"))
    if not decisions and any(
        w in {"bad", "beder"} and any(x in lx.ACTION_INFINITIVES for x in ws[i + 2 : i + 5]) for i, w in enumerate(ws)
    ):
        candidates.append((0.8, "decision_to_act"))  # "Formanden bad forvaltningen undersøge mulighederne"
    amended = _AMENDED.search(lowered)
    if amended and classify(lowered[amended.end() :]).is_followup:
        # "godkendte kommissoriet med den tilføjelse, at arbejdsgruppen også kortlægger …"; not
        # "Godkendt med den ændring, at tilskuddet hæves", which the decision itself settles
        candidates.append((0.8, "decision_to_act"))
    if _ASSIGNED.search(lowered):
        candidates.append((0.75, "assigned"))
    if _REQUEST.search(lowered):
        candidates.append((0.75, "request"))
    if _RESPONSIBILITY.search(lowered):
        candidates.append((0.75, "responsibility"))
    # A modal inside a relative clause describes a noun ("medarbejdere, der skal arbejde med det").
    modal = _modal(words(_RELATIVE_MODAL.sub(" ", lowered)))
    if modal and not _negated(lowered, modal[1].split(":")[1]):
        candidates.append(modal)
    no_past = _PAST_NEAR.search(lowered) is None and _IRREGULAR_PAST.search(lowered) is None
    dated = _FUTURE_TIME.search(lowered) is not None or (_MONTH_YEAR.search(lowered) is not None and no_past)
    # a bare date ("den 5. november") may be past: it makes an event or taking part a task, not a report
    on_a_date = dated or (_DATED.search(lowered) is not None and no_past)
    for i, w in enumerate(ws):
        if (w in lx.ACTION_PASSIVE or w in lx.NOT_TASK_PASSIVE) and any(_asks(ws, k) for k in range(max(0, i - 6), i)):
            continue  # "hvordan forslaget indarbejdes": the content of a question, not a task
        if (w in lx.ALLOCATED or (w == "meddeles" and "bevilling" in lowered)) and _MONEY.search(lowered):
            continue  # "at der meddeles anlægsbevilling på 38,5 mio. kr."
        if (
            w in lx.ACTION_PASSIVE
            and w not in lx.NOT_TASK_PASSIVE
            and (ws[i + 1 : i + 2] == ["ikke"] or _negated(lowered, w))
        ):
            break  # "Øvrige punkter kommunikeres ikke", "at der ikke på nuværende tidspunkt skal indføres"
        if w in lx.ACTION_PASSIVE and w not in lx.NOT_TASK_PASSIVE:
            # "der udsendes", "sagen sendes": the s-passive present states work to be done;
            # after "som/der" inside a relative clause it mostly describes, so weaker.
            relative = any(x in {"som", "hvor", "hvilket", "hvilke", "hvis", "når"} for x in ws[max(0, i - 3) : i])
            able = i > 0 and ws[i - 1] in {"kan", "kunne"}  # "bør kunne udføres lokalt": an ability
            candidates.append((0.5 if relative or able else 0.72, f"passive:{lx.INFINITIVE_OF.get(w, w)}"))
            break
        if w in _TO_FORUM and _DATED.search(lowered):
            # "Chefforum præsenteres for en status d. 25. oktober": a dated return to the forum.
            candidates.append((0.75, f"return:{w}"))
            break
        held = w in lx.HELD_PASSIVE and "der" in (ws[i - 1 : i] + ws[i + 1 : i + 2]) and "ikke" not in ws[i + 1 : i + 3]
        if held and (on_a_date or ws[0] == "at"):
            # "at der afholdes et borgermøde", "der holdes et seminar i februar": an event to arrange
            candidates.append((0.72, f"passive:{w}"))
            break
        if w in lx.DISCUSSED and dated and not history:
            candidates.append((0.72, f"passive:{w}"))  # "Resultaterne drøftes i alle lokal-MED inden …"
            break
        if w in lx.NOT_TASK_PASSIVE and any(cue in lowered for cue in lx.RETURN_CUES):
            candidates.append((0.75, f"return:{w}"))
            break
    for i, w in enumerate(ws[:-1]):
        # "dette bliver rettet snarest": the periphrastic passive, future like the s-passive
        if w == "bliver" and any(x in lx.ACTION_PARTICIPLES for x in ws[i + 1 : i + 3]):
            candidates.append((0.7, "passive:bliver"))
            break
    for i, w in enumerate(ws):
        # "Juridisk Kontor gennemgår aftalen i løbet af de kommende 14 dage": a deadline makes
        # even a verb that mostly records ("gennemgår", "lægger") a commitment.
        if w in lx.ACTION_PRESENT and (
            w not in lx.NOT_TASK_PRESENT
            or _particle_task(ws, i)
            or (dated and w in _RECORDING_PRESENT)
            or (on_a_date and (w == "deltager" or ws[i : i + 2] == ["finder", "sted"]))
        ):
            # "vi" is the forum itself ("Vi skriver til kommunen")
            actor_before = (
                i > 0
                and (
                    ws[i - 1] == "vi"
                    or ws[i - 1] not in lx.NON_ACTOR_STARTS | {"som", "der", "hvor", "at"}
                    # "Sekretæren finder skemaet frem og sender det": the subject of the first verb
                    or (ws[i - 1] == "og" and ws[0] not in lx.NON_ACTOR_STARTS and ws[1] in lx.ACTION_PRESENT)
                    # "Det undersøger sekretæren": the object first, the actor after the verb
                    or (ws[0] in {"det", "dette", "disse"} and i == 1 and ws[2:3] and ws[2] in lx.ACTOR_NOUNS)
                )
            )
            candidates.append((0.68 if actor_before else 0.58, f"present:{lx.INFINITIVE_OF.get(w, w)}"))
            break
    if _ENCOURAGE.search(lowered):
        candidates.append((0.6, "encouraged"))
    if _DUE.search(lowered):
        candidates.append((0.72, "due"))

    if not candidates:
        return NOT_A_FOLLOWUP
    if _RECORD_START.search(lowered) and not _NEXT_CLAUSE.search(lowered):
        # "X orienterede om, at …": reported content, mostly background to the decision; a
        # deontic modal in it ("bør indarbejdes") still states what must happen.
        candidates = [(c - (0.2 if r.startswith(("present", "passive")) else 0.1), r) for c, r in candidates]
    confidence, reason = max(candidates)
    if lowered.startswith(lx.STATEMENT_OPENERS):
        confidence -= 0.2
    # "forbereder Q&A og evt. pressemeddelelse": the hedge is on the object, not the task; "Rådet
    # anbefaler, at kommunen …" is a council's advice to another body, not its own task
    if any(h in _OPTIONAL_OBJECT.sub(" ", lowered) for h in lx.HEDGES) or _COUNCIL_ADVICE.search(lowered):
        confidence -= 0.2
    sending = reason.split(":")[-1] in lx.SENDING_VERBS
    at_meeting = _AT_THIS_MEETING.search(lowered)
    # "blev vedtaget på mødet og fremsendes til …": what is sent goes afterwards
    sent_after = sending and at_meeting is not None and lowered[at_meeting.end() :].startswith(" og ")
    if at_meeting and reason not in {"return_or_referral", "action_line"} and not sent_after:
        confidence -= 0.2
    if _is_heading(text) and not reason.startswith(_NOT_TITLE_REASONS):
        confidence -= 0.3
    if _FOR_INFORMATION.search(lowered) and reason.startswith(("passive", "present")) and not sending:
        confidence -= 0.2
    confidence -= penalty
    confidence = max(0.0, min(1.0, confidence))
    return Verdict(confidence >= THRESHOLD, confidence, reason)
