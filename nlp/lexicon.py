"""Danish words the follow-up detector reasons with.

Minutes state future work in three grammatical shapes, and the lexicon is organised around
them rather than around particular sentences:

* present tense with future meaning, the typical minutes style: "Miljø & Teknik udarbejder en
  pjece", "Netværket laver en opsamling";
* the s-passive present: "Der udsendes et skema", "Sagen drøftes igen";
* modals: "skal", "vil", "bør".

Verb forms are generated from infinitives (``udarbejde`` → ``udarbejder``, ``udarbejdes``;
past ``udarbejdede``/``udarbejdet``) so the list stays one word per verb.
"""

from __future__ import annotations

# Verbs of doing/delivering: an actor with one of these in the present tense, or the s-passive,
# states a task. Infinitives; irregular forms are added below.
ACTION_VERBS = """
udarbejde sende udsende eftersende fremsende videresende indsende oversende rundsende gensende sørge vende
følge opfølge tage drøfte gendrøfte behandle genbehandle fremlægge forelægge præsentere undersøge lave indhente
indkalde afholde holde kontakte melde tilbagemelde rette opdatere gennemføre igangsætte implementere udpege
planlægge arrangere invitere udsætte genoptage afklare kommunikere formidle videreformidle informere udvikle
etablere oprette indkøbe købe bestille afslutte færdiggøre levere udfylde indarbejde tilrette revidere evaluere
justere koordinere samle udføre iværksætte aftale skrive pitche huske
fastsætte fastlægge indsamle kigge vurdere analysere
beregne udforme rulle lægge tilføje udbyde ansætte rekruttere oversætte aflevere returnere bringe tilbyde afsætte
booke finde beskrive belyse udrede kortlægge sammenfatte opsummere afrapportere rapportere orientere tjekke
kontrollere sikre forberede indhente høre inddrage involvere uddele udlevere opsætte installere teste
indføre udrulle tilpasse bearbejde færdigbehandle genbesøge revurdere prioritere udskyde afvente
arbejde tilrettelægge forfatte forestå varetage iværksætte rydde reparere anskaffe fremskaffe
indstille anbefale foreslå udsende tilsende mail e-maile ringe indbyde deltage udarbejde beslutte
drøfte gennemgå gennemse overveje se lukke åbne tydeliggøre præcisere konkretisere synliggøre besigtige
besvare offentliggøre frikøbe underskrive minde hænge
meddele svare rykke annoncere bekræfte udbetale skaffe ansøge reservere tilmelde give
nedsætte opstarte påbegynde udfærdige fremsætte genfremlægge redigere korrigere afstemme uddybe udvide
forhandle genforhandle overrække gå indgå komme besøge
""".split()

# Forms the generator gets wrong or that are irregular: present, s-passive.
IRREGULAR_PRESENT = {
    "tage": ("tager", "tages"),
    "se": ("ser", "ses"),
    "gå": ("går", "gås"),
    "få": ("får", "fås"),
    "give": ("giver", "gives"),
    "bringe": ("bringer", "bringes"),
    "lægge": ("lægger", "lægges"),
    "sætte": ("sætter", "sættes"),
    "mail": ("mailer", "mailes"),
}

# Present forms that are far more often nouns or general statements than tasks.
NOT_TASK_PRESENT = frozenset(
    {
        "arbejder",
        "holder",
        "ser",
        "vender",
        "følger",
        "finder",
        "tager",
        "lægger",
        "rapporterer",
        "stiller",
        "deltager",
        "åbner",
        "lukker",
        "forestår",
        "varetager",
        "beslutter",
        "drøfter",
        "gennemgår",
        "overvejer",
        "præsenterer",
        "orienterer",
        "anbefaler",
        "foreslår",
        "indstiller",
        "sikrer",
        "vurderer",
        "skriver",
        "findes",
        "giver",
        "hænger",
        "går",
        "indgår",
        "kommer",
        "køber",  # far more often the buyer
    }
)

# Present forms that only state a task with a following particle/object ("arbejder videre med").
PARTICLE_TASKS = {
    "arbejder": ("videre",),
    "vender": ("tilbage",),
    "følger": ("op",),
    "tager": ("kontakt", "fat", "op", "initiativ", "stilling", "en dialog", "dialog", "ansvar", "hånd"),
    "ser": ("nærmere", "på"),
    "holder": ("møde", "et møde", "øje", "oplæg", "et oplæg", "et kort"),
    "lægger": ("op", "ud"),
    "finder": ("en løsning", "løsning", "ud", "en dato", "dato", "en ny", "ny dato", "ny"),
    # "skriver ansøgningen", "skriver et udkast"; not "skriver, at …" (a report)
    "skriver": (
        "til",
        "et ",
        "en ",
        "udkast",
        "ansøgning",
        "referat",
        "notat",
        "brev",
        "svar",
        "beretning",
        "afsnit",
        "høringssvar",
        "artikel",
        "opslag",
        "nyhed",
        "invitation",
        "indstilling",
        "oplæg",
        "kommissorium",
    ),
    "giver": ("besked", "tilbagemelding", "svar", "orientering", "status", "afslag", "tilsagn", "afgørelse"),
    # "orienterer egne ledere om …": informing people later, not reporting at the meeting
    "orienterer": (
        "egne",
        "deres",
        "sine",
        "medarbejderne",
        "personalet",
        "lederne",
        "alle",
        "forældrene",
        "kommunerne",
        "borgerne",
        "ansøgerne",
        "parterne",
        "foreningerne",
        "brugerne",
        "beboerne",
        "skolerne",
        "institutionerne",
        "bestyrelsen",
        "udvalget",
        "byrådet",
        "pressen",
    ),
    "stiller": ("forslag",),
    "går": ("videre med", "i gang med", "i dialog", "i dialog med"),
    # "kommer med forslag til reduktioner", "kommer tilbage med en løsning"
    "kommer": (
        "med forslag",
        "med et forslag",
        "med bud",
        "med et bud",
        "med oplæg",
        "med et oplæg",
        "med input",
        "med en indstilling",
        "med en plan",
        "med en anbefaling",
        "tilbage med",  # not "kommer tilbage fra orlov"
        "tilbage til",
    ),
    "indgår": ("aftale", "en ", "kontrakt", "dialog", "samarbejde", "et samarbejde", "partnerskab", "et partnerskab"),
    "hænger": ("op", "opslag", "plakater"),  # not "hænger sammen med"
}

# s-passives that record rather than oblige ("tages til efterretning", "godkendes").
NOT_TASK_PASSIVE = frozenset(
    {
        "godkendes",
        "vedtages",
        "tiltrædes",
        "noteres",
        "konstateres",
        "bemærkes",
        "anbefales",
        "foreslås",
        "indstilles",
        "orienteres",
        "drøftes",
        "præsenteres",
        "ses",
        "sikres",
        "vurderes",
        "tages",
        "afholdes",
        "holdes",
        "deltages",
        "besluttes",
        "overvejes",
        "gennemgås",
        "forventes",
        "åbnes",
        "lukkes",
        "arbejdes",
        "findes",
        "stilles",
        "ønskes",
        "opleves",
        "beskrives",
        "vises",
        "samles",
        "skrives",
        "gives",
    }
)

# s-passives of events: "at der afholdes et borgermøde" is an event to arrange.
HELD_PASSIVE = frozenset({"afholdes", "holdes"})
# s-passives of discussion: a task when due by a date ("drøftes i alle lokal-MED inden …").
DISCUSSED = frozenset({"drøftes", "gennemgås", "behandles"})
# Money set aside or granted is settled by the decision itself ("at der afsættes 250.000 kr.").
ALLOCATED = frozenset({"afsættes", "bevilges", "frigives", "finansieres", "overføres", "reserveres"})

# Passives in NOT_TASK_PASSIVE that are tasks after all with one of these close by.
RETURN_CUES = (
    "igen",
    "på ny",
    "på et senere",
    "på næste",
    "til næste",
    "på kommende",
    "på et kommende",
    "senere",
    "i næste",
    "på det næste",
    "på førstkommende",
    "efterfølgende",
    "op igen",
    "ved næste",
)

MODALS_STRONG = frozenset({"skal", "skulle", "må"})
MODALS_WEAK = frozenset({"vil", "bør", "burde"})
# "vil" followed by these is a prediction or wish, not a commitment.
VIL_NOT_TASK = frozenset(
    {
        "gerne",
        "kunne",
        "være",
        "få",
        "omhandle",
        "have",
        "give",
        "betyde",
        "medføre",
        "fremgå",
        "ske",
        "komme",
        "kræve",
        "indebære",
        "ligge",
        "stå",
        "gælde",
        "vise",
        "fortsætte",
        "bidrage",
        "opleve",
        "rigtig",
        "meget",
        "regne",
    }
)
# "skal" followed by these is a rule or fact.
SKAL_NOT_TASK = frozenset(
    {
        "være",
        "have",
        "ses",
        "forstås",
        "gælde",
        "kunne",
        "indeholde",
        "sikre",
        "nok",
        "jo",
        "vel",
        "undgå",
        "spare",
        "ske",
        "gerne",
        "stå",
        "regne",
        "indgå",
        "komme",
    }
)
# Words before a modal that make it an indirect question or a relative clause ("hvad vi skal drøfte").
MODAL_SUBORDINATE = frozenset({"hvad", "hvordan", "hvem", "hvilke", "hvilken", "hvor", "hvornår", "om", "hvis", "som"})
# Hedges and generic subjects: opinions about what might be done, not commitments.
HEDGES = (
    "evt. ",
    "eventuelt ",
    "skal nok",
    "vil nok",
    "måske",
    "man skal",
    "man bør",
    "man kan",
    "ifølge ",
    "grunden til",
    "baggrunden for",
    "formålet med",
    "det kunne",
    "kunne overveje",
    "mente, at",
    "mente at",
    "mener, at",
    "mener at",
    "synes, at",
    "syntes, at",
    "siger, at",
    "efter planen",
    # a council's opinion ("Rådet finder det positivt, at …"); its advice to others is in classify
    "finder det positivt",
    "finder det glædeligt",
    "finder det bekymrende",
    "finder det uheldigt",
    "finder det godt",
    "er bekymret",
)
# Adjectives/determiners ending in -e that are not infinitives after "skal".
NOT_INFINITIVE = frozenset(
    {
        "de",
        "alle",
        "store",
        "nye",
        "disse",
        "denne",
        "hele",
        "samme",
        "andre",
        "mange",
        "flere",
        "første",
        "sidste",
        "være",
        "have",
        "ikke",
        "også",
        "gerne",
        "dette",
        "det",
        "den",
        "kunne",
        "hver",
        "hvert",
        "blive",
        "enkelte",
        "egne",
        "rette",
        "næste",
        "gode",
    }
)

# Verbs (past tense) that record what happened at the meeting.
RECORD_PAST = frozenset(
    """
    godkendte godkendtes drøftede drøftedes tog orienterede orienteredes præsenterede præsenteredes gennemgik
    fremlagde deltog bød havde var blev vedtog tiltrådte noterede konstaterede spurgte svarede oplyste
    fortalte nævnte bemærkede gav kom sagde udtrykte roste takkede redegjorde informerede hørte
    """.split()
)
# Opinion/fact openers that make a sentence a general statement unless it also carries a task.
STATEMENT_OPENERS = (
    "det er vigtigt",
    "det er afgørende",
    "det er væsentligt",
    "det er godt",
    "det er ønskeligt",
    "det er nødvendigt",
    "det blev bemærket",
    "det bemærkedes",
    "det er en god",
)

# The labels minutes give an action's fields ("Ansvarlig: Jens", "Hvem: HR  Hvad: …  Hvornår: uge 14"),
# in field lines, labelled rows and table headers alike. "hvem", "hvornår" and "ansvar" are also
# ordinary words, so they count as labels only with a colon.
OWNER_LABELS = ("ansvarlig", "ansv.", "tovholder", "ansvar", "hvem")
DUE_LABELS = ("frist", "deadline", "tidsfrist", "hvornår")
TASK_LABELS = ("hvad", "opgave", "handling")
COLON_ONLY_LABELS = frozenset({"ansvar", "hvem", "hvornår", "hvad", "opgave", "handling"})

# Actor nouns that can be responsible without being in the organisation file; written as found.
ACTOR_NOUNS = frozenset(
    """
    sekretariatet administrationen forvaltningen formanden formandskabet formandsskabet næstformanden direktøren
    direktionen bestyrelsen udvalget styregruppen arbejdsgruppen projektgruppen netværket ledelsen
    kommunaldirektøren borgmesteren kommunen kommunerne regionen centret centeret afdelingen teamet
    sikkerhedskoordinatoren koordinatoren konsulenten konsulenterne tovholderen tovholder projektlederen
    økonomiafdelingen hr personale personaleafdelingen it-afdelingen lederen lederne skolelederen skolelederne
    medarbejderne medarbejdersiden ledelsessiden arbejdsmiljørepræsentanten tillidsrepræsentanten
    byggeteknikeren elevrådet forældrerådet skolebestyrelsen kommissionen beredskabskommissionen
    kredsen direktørkredsen chefgruppen personalet personalechefen sekretæren kassereren referenten
    økonomichefen sekretariatschefen staben stabene områdelederne centercheferne dagtilbudslederne
    ejerkommunerne beredskabet brandvæsenet revisionen økonomiudvalget byrådet kommunalbestyrelsen
    """.split()
)

# The fields municipal units are named after: "Teknik og Miljø", "Økonomi og Analyse" are one unit's
# name, where "Jens og Karen" are two people.
UNIT_FIELDS = frozenset(
    """
    teknik miljø social sundhed kultur fritid børn unge familie familier økonomi analyse plan byg byggeri
    erhverv beskæftigelse omsorg ældre skole skoler dagtilbud læring uddannelse borgerservice digitalisering
    personale stab udvikling natur klima trafik vej veje park forsyning arbejdsmarked integration
    velfærd service drift ejendomme indkøb handicap psykiatri misbrug forebyggelse pleje rehabilitering
    administration ledelse politik kommunikation jura sekretariat bolig boliger idræt fritidsliv anlæg
    hjælpemidler myndighed voksne beredskab sikkerhed
    """.split()
)

# Determiners/pronouns that start sentences without naming an actor.
NON_ACTOR_STARTS = frozenset(
    """
    der det den de dette disse denne vi man han hun i jeg du sagen punktet forslaget planen status
    herudover derudover desuden endvidere samtidig her nu så og men efter når hvis da som endelig
    """.split()
)


def _present(verb: str) -> str:
    if verb.endswith("gøre"):
        return verb[:-1]  # "offentliggøre" → "offentliggør"
    return verb + "r" if verb.endswith(("e", "å")) else verb + "er"  # "gennemgå" → "gennemgår"


def _passive(verb: str) -> str:
    return verb + "s" if verb.endswith(("e", "å")) else verb + "es"


# Past participles the two regular patterns (-et, -t) and the compound endings below do not give.
IRREGULAR_PARTICIPLE = {
    "sætte": "sat",
    "gå": "gået",
    "se": "set",
    "få": "fået",
    "foreslå": "foreslået",
}
# Compounds conjugate like their last verb ("offentliggøre" like "gøre").
_IRREGULAR_ENDINGS = {
    "gøre": "gjort",
    "lægge": "lagt",
    "sætte": "sat",
    "tage": "taget",
    "gå": "gået",
    "skrive": "skrevet",
    "finde": "fundet",
    "byde": "budt",
    "skyde": "skudt",
    "følge": "fulgt",
    "bringe": "bragt",
    "give": "givet",
    "holde": "holdt",
}
# Verbs of sending: their work always happens after the meeting, even "til orientering".
SENDING_VERBS = frozenset(
    "sende udsende eftersende fremsende videresende indsende oversende rundsende gensende tilsende".split()
)


def _participles() -> frozenset[str]:
    """ "rettet", "sendt", "udarbejdet": both regular patterns per verb, since the lexicon does not
    record which conjugation a verb follows; a wrong guess is a word nobody writes."""
    forms: set[str] = set(IRREGULAR_PARTICIPLE.values())
    for verb in ACTION_VERBS:
        if verb in IRREGULAR_PARTICIPLE:
            continue
        ending = next((e for e in _IRREGULAR_ENDINGS if verb.endswith(e)), None)
        if ending is not None:  # "offentliggjort", "planlagt", "udskudt", "tilbudt", "skrevet"
            forms.add(verb[: -len(ending)] + _IRREGULAR_ENDINGS[ending])
            continue
        stem = verb[:-1] if verb.endswith("e") else verb
        forms.update({stem + "et", stem + "t"})
    # "samlet set", "set i forhold til": adverbs far more often than passives
    return frozenset(forms - {"samlet", "set"})


def _forms() -> tuple[frozenset[str], frozenset[str], dict[str, str]]:
    present: set[str] = set()
    passive: set[str] = set()
    infinitive_of: dict[str, str] = {}
    for verb in ACTION_VERBS:
        pres, pas = IRREGULAR_PRESENT.get(verb, (_present(verb), _passive(verb)))
        present.add(pres)
        passive.add(pas)
        infinitive_of[pres] = verb
        infinitive_of[pas] = verb
    return frozenset(present), frozenset(passive), infinitive_of


ACTION_PRESENT, ACTION_PASSIVE, INFINITIVE_OF = _forms()
ACTION_INFINITIVES = frozenset(ACTION_VERBS) | {"mail"}
ACTION_PARTICIPLES = _participles()
