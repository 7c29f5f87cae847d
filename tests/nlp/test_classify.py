"""The follow-up rules on sentences written for the test (ANNOTATION §2 categories)."""

from __future__ import annotations

import pytest

from nlp.classify import classify

FOLLOW_UPS = [
    # explicit future action with an actor (present tense with future meaning)
    ("Teknik & Miljø udarbejder et notat om vejene.", "present:udarbejde"),
    ("Sekretariatet eftersender præsentationen til alle.", "present:eftersende"),
    ("Forvaltningen vender tilbage med et forslag.", "return_or_referral"),
    ("HR sørger for at indkalde til mødet.", "responsibility"),
    # modal
    ("Alle ledere skal indsende deres budgetønsker.", "modal:skal"),
    ("Der vil blive udsendt en vejledning.", "modal:vil"),
    ("Politikken skal opdateres inden sommerferien.", "modal:skal"),
    # decision or agreement to act
    ("Det blev besluttet, at skolerne inviteres til et fællesmøde.", "decision_to_act"),
    ("Det aftaltes, at Økonomi laver en ny prognose.", "decision_to_act"),
    ("Udvalget var enige om, at sagen sendes i høring.", "decision_to_act"),
    # impersonal / passive future
    ("Der udsendes et spørgeskema til institutionerne.", "passive:udsende"),
    ("Der følges op på sygefraværet.", "passive:følge"),
    # return to the forum, referral, postponement
    ("Punktet drøftes igen på næste møde.", "return_or_referral"),
    ("Sagen sendes videre til Byrådet.", "return_or_referral"),
    ("Evalueringen tages op igen i foråret.", "return_or_referral"),
    ("Udvalget tager sagen op igen i juni.", "return_or_referral"),
    # reminders and requests
    ("HUSK tilmelding senest fredag.", "reminder"),
    ("Udvalget ønskede en status på sygefraværet i juni.", "request"),
    # the main clause's modal survives a bracketed relative clause before it
    ("(De modeller, som skal udarbejdes) sekretariatet vil lave en ny plan.", "modal:vil"),
    # a dated return to the forum
    ("Chefforum præsenteres for en ny status d. 25. oktober.", "return:præsenteres"),
    ("Lederne bedes melde tilbage inden for to uger.", "request"),
    # asking, charging or empowering someone
    ("Udvalget anmoder forvaltningen om at undersøge sagen.", "decision_to_act"),
    ("Byrådet bemyndigede borgmesteren til at underskrive aftalen.", "decision_to_act"),
    # the periphrastic passive states future work like the s-passive
    ("Der mangler lys på banen, men det bliver rettet snarest.", "passive:bliver"),
    ("Materialet bliver sendt ud i næste uge.", "passive:bliver"),
    # present tense: more verbs, a particle after the object, a deadline on a verb that mostly records
    ("Formanden besvarer henvendelsen på udvalgets vegne.", "present:besvare"),
    ("Henrik tager det op med vejafdelingen.", "present:tage"),
    ("Juridisk Kontor gennemgår aftalen i løbet af de kommende 14 dage.", "present:gennemgå"),
    ("Maja står for tønder og præmier.", "responsibility"),
    ("Forvaltningen offentliggør vedtagelsen inden for 14 dage.", "present:offentliggøre"),
    ("Kommunikation lægger en nyhed på intranettet i næste uge.", "present:lægge"),
    ("Alle chefer orienterer egne ledere om skabelonen.", "present:orientere"),
    # "om" after a noun is a preposition, not a question
    ("Spørgsmålet om finansiering af konsulenttimerne afklares medio april.", "passive:afklare"),
    ("Forvaltningen fremlægger en plan på udvalgsmødet den 3. juni.", "present:fremlægge"),
    ("Referatet bliver offentliggjort på hjemmesiden.", "passive:bliver"),
    ("Kultur og Fritid meddeler foreningerne afgørelsen senest den 1. december.", "present:meddele"),
    ("Medlemmerne giver Karen Bisgaard besked inden for 14 dage.", "present:give"),
    ("Udvalget godkendte, at forslaget sendes i høring i fire uger.", "decision_to_act"),
    ("Forvaltningen giver en orientering om sagen på mødet i december.", "present:give"),
    ("Ansøgerne får skriftligt svar i uge 12.", "responsibility"),
    ("Birthe og Erik har et udkast klar til bestyrelsesmødet i august.", "responsibility"),
    # "ikke blot …, men også" does not negate the task
    ("Forvaltningen skal ikke blot udarbejde en plan, men også gennemføre den.", "modal:skal"),
    # a proposal point has no full stop, yet it is no heading
    ("at budgetopfølgningen oversendes til Økonomiudvalget og Byrådet", "return_or_referral"),
    # a later meeting named by its date is where the item returns, not history
    ("Resultatet af høringen forelægges udvalget på mødet den 10. september 2024.", "passive:forelægge"),
    ("Sagen sendes tilbage til Kultur- og Fritidsudvalget.", "return_or_referral"),
    # taking something on to another forum, holding a meeting, taking part at a time to come
    ("Kommunaldirektøren tager spørgsmålet med til direktionen.", "present:tage"),
    ("Visitationen og træningsenheden holder et fælles informationsmøde for medarbejderne.", "present:holde"),
    ("Formanden og direktøren deltager i et møde med borgmesteren i januar 2026.", "present:deltage"),
    ("Helle skriver bestyrelsens beretning.", "present:skrive"),
    ("at administrationen efter regionsrådets behandling orienterer kommunerne,", "present:orientere"),
    ("Der hænges opslag op på opslagstavlerne ultimo august.", "passive:hænge"),
    # after a determiner "godkendte" is an adjective, not a record of what was approved
    ("at den godkendte kvalitetsstandard offentliggøres på hjemmesiden senest 1. februar,", "passive:offentliggøre"),
    # writing something is a task; writing that something is so is a report
    ("Storå Kommune skriver ansøgningen med bidrag fra de to øvrige kommuner.", "present:skrive"),
    # a committee recommending a case on to the council refers it there
    ("Anbefales over for Byrådet med Teknik- og Miljøudvalgets ændring.", "return_or_referral"),
    ("Udvalget anbefaler over for Økonomiudvalget og Byrådet, at driftsaftalen forlænges.", "return_or_referral"),
    # sending happens after the meeting, even "til orientering"
    ("Når notatet er klar, fremsendes det til orientering til bestyrelsen.", "passive:fremsende"),
    # setting up a group, starting work
    ("Der nedsættes en arbejdsgruppe med repræsentanter for forældrene.", "passive:nedsætte"),
    ("Forvaltningen påbegynder arbejdet med den nye plan i januar.", "present:påbegynde"),
    # something due by a date: whoever must deliver it owes it
    ("Kommentarer skal være HR i hænde senest fredag den 21. februar.", "due"),
    ("Tilmelding sker til udvalgssekretæren senest fredag den 1. marts.", "due"),
    ("Ansøgningerne skal være modtaget senest 1. juni.", "due"),
    # asking somebody with a long name, sending what was adopted at the meeting
    ("Sekretariatet beder Center for Teknik og Anlæg om at præsentere tegningerne.", "decision_to_act"),
    ("Høringssvaret blev vedtaget på mødet og fremsendes af sekretariatet til udvalget.", "passive:fremsende"),
    # an event to arrange, a discussion due by a date, going on with work, a reminder after a label
    ("at der afholdes et borgermøde i høringsperioden", "passive:afholdes"),
    ("Der holdes et strategiseminar for bestyrelsen i februar 2026.", "passive:holdes"),
    ("Resultaterne drøftes i alle lokal-MED inden udgangen af november.", "passive:drøftes"),
    ("direktøren går videre med forhandlinger om køb af grunden", "present:gå"),
    ("at administrationen forhandler med nabokommunen om fordelingen af udgifterne", "present:forhandle"),
    ("KL's Topmøde: husk tilmelding senest 1/3.", "reminder"),
    ("at administrationen indgår en tilskudsaftale med Nordstrand Kommune inden 1. april 2026", "present:indgå"),
    ("Der indgås aftale med trafikselskabet om bestilling af busruter.", "passive:indgå"),
    ("Hver driftsleder kommer med forslag til reduktioner på eget område.", "present:komme"),
    # a list item under "Beslutninger og opgaver:" is no title, even without a full stop
    ("→ Budgetopfølgningen forelægges Økonomiudvalget den 3. december", "passive:forelægge"),
    ("→ MT finder ny dato for strategidagen", "present:finde"),
    # the subject of the first verb acts in the second; an object first, the actor after the verb
    ("Sekretæren finder skemaet frem og sender det til de seks medlemmer.", "present:sende"),
    ("Det undersøger sekretæren.", "present:undersøge"),
    ("Sekretæren giver de to foreninger skriftligt afslag med en begrundelse.", "present:give"),
    # an open box is a task line, a time between "vil" and its verb, a date makes taking part a task
    ("☐ Jonas kontakter servicelederen om ny kaffemaskine fredag", "present:kontakte"),
    ("Rådet vil i løbet af efteråret besøge de tre plejecentre.", "modal:vil"),
    ("Ole Brandt og Marianne Vestergaard deltager i dialogmødet om haltider den 5. november.", "present:deltage"),
    ("at 2. behandling finder sted på Kommunalbestyrelsens møde den 23. april 2025.", "present:finde"),
    # an amendment that adds work; the subject of a record ending in "-en" is still a subject
    (
        "Styregruppen godkendte kommissoriet med den tilføjelse, at arbejdsgruppen også kortlægger akutpladserne.",
        "decision_to_act",
    ),
    # a negation in a relative clause before the verb does not negate it
    ("Arbejdspladser, der ikke har gennemført kortlægningen, rykkes af koordinatoren.", "passive:rykke"),
    # the infinitive points under "Udvalget besluttede at:"
    ("- bede Dagtilbud om at udarbejde en handleplan, som forelægges udvalget i juni.", "decision_to_act"),
    ("anmode forvaltningen om at beregne konsekvenserne af forslag B6 til seminaret.", "decision_to_act"),
    ("Formanden bad forvaltningen undersøge mulighederne og melde tilbage i marts.", "decision_to_act"),
    ("Udvalget anmoder forvaltningen om at forelægge sagen igen på mødet den 9. december.", "decision_to_act"),
    ("Forretningsudvalget bad om, at der til mødet den 14. april gives en uddybende status.", "decision_to_act"),
    # "og evt." hedges the object, not the task
    ("KOM forbereder Q&A og evt. pressemeddelelse hurtigst muligt.", "present:forberede"),
]

NOT_FOLLOW_UPS = [
    "Anbefales.",
    "Der var enighed om, at udviklingen hænger sammen med den lave ledighed.",
    "Nanna holder ferie i uge 8.",
    "Forvaltningen tager det med i overvejelserne.",
    "Konsulenten skriver, at projektet er forsinket.",
    "Udvalget tog orienteringen til efterretning.",
    "Dagsordenen blev godkendt.",
    "Bestyrelsen drøftede punktet.",
    "Formanden bød velkommen.",
    "Det er vigtigt, at alle kender proceduren.",
    "Vi er effektive som offentlige ledere.",
    "Rapporten vil omhandle tre emner.",
    "Hvem har ansvaret for opgaven?",
    "Bilag",
    "at orienteringen tages til efterretning",
    "Direktionen godkendte budgettet.",
    # reported speech about ongoing work, even behind a name with "&"
    "Leder af IT & Indkøb orienterede om, at afdelingen har været i gang med en proces der afsluttes i 2019.",
    # a modal inside a relative clause describes a noun
    "Det drøftedes, at der er en opgave for de medarbejdere, der skal arbejde med planen.",
    # an indirect question
    "Foranlediget af drøftelsen, hvordan temadagen bedst mulig afholdes, og hvordan forslaget indarbejdes.",
    # agreement about how things are, opinions, indirect questions, expectations
    "Der var enighed om, at udviklingen i dagtilbuddene er bekymrende.",
    "Nogle mente, at vi bør indføre mobilfri skole fra 0. klasse.",
    "Der var en drøftelse af, om arbejdsgruppen også skal se på akutplanerne.",
    "Eleverne vil rigtig gerne have flere ting at lave i frikvartererne.",
    "Renten er steget, og vi skal regne med en højere ydelse.",
    "Julie påpegede, at flere kolleger bliver ringet op på deres fridage.",
    "Der var bred enighed om, at flere regionale funktioner bør kunne udføres lokalt.",
    # a decision that is its own deed, what will not be done, a report of a past decision
    "Handicaprådet besluttede at tildele prisen til Café Trinbrættet.",
    "Der var enighed om, at kommunen ikke skal indføre en ansættelsesbonus.",
    "Øvrige punkter kommunikeres ikke.",
    "Det blev bemærket, at rådet på mødet den 13. februar besluttede at udarbejde et høringssvar.",
    "Tre skoler står for næsten halvdelen af indstillingerne.",
    "Flemming Due (V) gav udtryk for, at projektet burde have været prioriteret tidligere.",
    # a future time does not make every present verb a task
    "Tandplejen holder lukket i uge 29 og 30.",
    "Skolen arbejder inden for den økonomiske ramme.",
    "Det bliver samlet set dyrere.",
    # "bliver" with a record or a state, not an action
    "Referatet bliver godkendt.",
    "Det bliver spændende at se resultatet.",
    # the purpose of the agenda item, not work after it
    "Sagen fremlægges til orientering.",
    # money set aside or granted is settled by the decision itself
    "at der afsættes 250.000 kr. fra udviklingspuljen til processen",
    "at der bevilges 1,2 mio. kr. til projektet,",
    # ready for something, not by a date
    "Planen skal være klar til brug.",
    "Tilmeldingen sker via hjemmesiden.",
    # a council's opinion, or its advice to another body
    "Handicaprådet finder det positivt, at sagsbehandlingstiden nedsættes.",
    "Rådet anbefaler, at kommunen udarbejder en pjece om reglerne.",
    "at der meddeles anlægsbevilling på 38,5 mio. kr. til renoveringen,",
    "Mødet afholdes på rådhuset.",
    "Jonas Brink stemte imod og ønskede at få ført til referat, at forslaget bør ses i sammenhæng med budgettet.",
    "Sagen drøftes.",
    "Det går godt med projektet.",
    "Der var ikke enighed om, hvorvidt antallet af indlæggelser skal indgå.",
    "Sagen indgår i budgetforhandlingerne.",
    "Der kommer flere børn i 2026.",
    "at tilbuddet fra køber A accepteres, jf. bilag 2,",
    "Der var enighed om, at der ikke på nuværende tidspunkt skal indføres indkøbsstop.",
    "☑ Jonas har kontaktet servicelederen om kaffemaskinen",
    "Svar: Formanden oplyste, at taksterne fastsættes af trafikselskabet.",
    "Godkendt med den ændring, at det maksimale tilskud pr. projekt hæves til 40.000 kr.",
    "Torsten Aagaard (DF) ønskede sin stemme imod ført til protokols med den begrundelse, at rapporten er mangelfuld.",
    "Der skal komme flere børn.",
    "Forvaltningen vil evt. undersøge sagen.",
]


@pytest.mark.parametrize(("sentence", "reason"), FOLLOW_UPS)
def test_follow_ups_are_found_with_their_reason(sentence: str, reason: str) -> None:
    verdict = classify(sentence)
    assert verdict.is_followup, sentence
    assert verdict.reason == reason


@pytest.mark.parametrize("sentence", NOT_FOLLOW_UPS)
def test_records_facts_and_opinions_are_not_follow_ups(sentence: str) -> None:
    assert not classify(sentence).is_followup, sentence


def test_reference_to_a_past_meeting_lowers_confidence() -> None:
    fresh = classify("Der udarbejdes en plan for området.")
    past = classify("På mødet den 3. marts 2019 blev det aftalt, at der udarbejdes en plan for området.")
    assert past.confidence < classify("Det blev aftalt, at der udarbejdes en plan for området.").confidence
    assert fresh.is_followup
