"""Responsible resolution (ANNOTATION §3) on sentences written for the test."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from nlp.extract import process_text
from nlp.organisation import load_organisation
from nlp.responsible import commitment_clause, expand_short_name, heading_owner

ROOT = Path(__file__).resolve().parents[2]
ORG = load_organisation(ROOT / "data" / "organisation.toml")


def referat(decision: str, proposal: str = "Chefen for Økonomi og Stab indstiller,\n\n1. at sagen drøftes.") -> str:
    return (
        "REFERAT Chefforum d. 04-03-2019\n\nMødedato Mandag d. 4. marts 2019 kl. 09:00\n\n"
        "Punkt 1: CF - Status på projektet\n\n00.01.00-A00-1-19\n\n"
        f"Indstilling\n\n{proposal}\n\nBeslutning\n\n{decision}\n"
    )


def responsible_of(decision: str, **kwargs: str) -> list[list[str]]:
    extraction = process_text(referat(decision, **kwargs), "test.txt", ORG)
    assert extraction.meeting.date == dt.date(2019, 3, 4)
    return [list(f.responsible) for f in extraction.followups]


def owners_by_item(text: str) -> list[tuple[int, list[str]]]:
    return [(f.item, list(f.responsible)) for f in process_text(text, "t.txt", ORG).followups]


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        # the subject, through an alias and "Chefen for …"
        ("Chefen for Miljø og Teknik udarbejder en vejledning til institutionerne.", ["Miljø & Teknik"]),
        ("ØS eftersender budgetskemaet.", ["Økonomi & Stab"]),
        # a coordinated subject: both act
        (
            "Chefen for Drift & Service og Chefen for Miljø & Teknik vil sammen se nærmere på sagen.",
            ["Drift & Service", "Miljø & Teknik"],
        ),
        # every chief
        ("Hver afdelingschef skal indsende en plan for sit område.", ["Alle chefer"]),
        ("Der skal udarbejdes risikovurderinger i alle afdelinger.", ["Alle chefer"]),
        # recipients do not act; with nobody named, the proposer does
        ("Der udsendes et spørgeskema til alle chefer.", ["Økonomi & Stab"]),
        # a forum that only listens does not act
        ("Chefforum præsenteres for en ny status d. 15. april 2019.", ["Økonomi & Stab"]),
        # "Name (UNIT)": the unit; a role before a name: the role
        ("Sofie (CBA) vender tilbage med et oplæg.", ["CBA"]),
        ("Sikkerhedskoordinator Lene Paulli udarbejder en procedure.", ["Sikkerhedskoordinatoren"]),
        # someone reporting is not the actor of what they report
        ("Kommunaldirektøren gjorde opmærksom på, at cheferne skal melde tilbage.", ["Alle chefer"]),
        # awaited input names who must deliver
        ("Sagen godkendes, dog afventer der en tilbagemelding fra hhv. Charlotte og Anya.", ["Charlotte", "Anya"]),
        # a name the organisation does not know is kept as written
        ("Byggeteknikeren arbejder videre med tegningerne.", ["Byggeteknikeren"]),
        # a surname, but not the noun after it
        ("Tina Willumsen Drøftelse af sagen: Tina Willumsen sender et oplæg.", ["Tina Willumsen"]),
        # a subject that has already done something does not act; the one who will does
        (
            "Det bemærkes, at arbejdsgruppen for trivsel har henvendt sig om kommissoriet "
            "(tidsplanen) sekretariatet vil derfor lave de nødvendige præciseringer.",
            ["Sekretariatet"],
        ),
        # two fields are one unit's name, two people are two
        ("Teknik og Miljø orienterer Byrådet om resultatet.", ["Teknik og Miljø"]),
        ("Direktionen anmodede Social og Sundhed om at udarbejde en plan.", ["Social og Sundhed"]),
        ("Jens og Karen udarbejder en plan.", ["Jens", "Karen"]),
        # the one asked in an infinitive point under a decision lead
        ("- bede Kultur og Fritid om at udarbejde en handleplan", ["Kultur & Fritid"]),
        # a unit that will ask somebody after the meeting has the task; asking the chiefs, they act
        ("Sekretariatet beder Center for Teknik og Anlæg om at præsentere tegningerne.", ["Sekretariatet"]),
        ("ØS beder cheferne om at melde tilbage.", ["Alle chefer"]),
        ("Formanden beder forvaltningen om at undersøge sagen.", ["Forvaltningen"]),
        ("Udvalget anmodede Center for Teknik og Anlæg om at undersøge sagen.", ["Center for Teknik og Anlæg"]),
        # a task line that opens with its owner; not a label such as "AP:" or a topic
        ("→ HR: skabelon til fraværssamtaler sendes til alle ledere torsdag", ["HR"]),
        ("AP: ØS sender udkastet til den politiske sag rundt inden fredag.", ["Økonomi & Stab"]),
        # a time between the subject and its verb
        ("Teknik og Miljø til udvalgets møde i februar fremlægger en analyse.", ["Teknik og Miljø"]),
        # the agent of a passive, the members of a group set up
        ("Høringssvaret blev vedtaget på mødet og fremsendes af sekretariatet til udvalget.", ["Sekretariatet"]),
        (
            "Der nedsættes en arbejdsgruppe bestående af Ole Krag, Bente Mose og Ali Hassan.",
            ["Ole Krag", "Bente Mose", "Ali Hassan"],
        ),
        # the one who was asked acts
        ("Forvaltningen blev bedt om at indarbejde kravene i budgettet.", ["Forvaltningen"]),
        ("Administrationen blev anmodet om at udarbejde et notat.", ["Administrationen"]),
        # a coordinated body need not be capitalised
        ("Visitationen og træningsenheden holder et fælles informationsmøde.", ["Visitationen", "Træningsenheden"]),
        # in a passive sentence, the place where the work is done acts
        ("I den forbindelse udarbejdes der i HR en ny vejledning.", ["HR"]),
    ],
)
def test_responsible(decision: str, expected: list[str]) -> None:
    assert responsible_of(decision) == [expected]


def test_a_proposal_heading_names_whose_proposal_it_is() -> None:
    text = (
        "Referat, Udvalget, 8. oktober 2024\n\n3. Praksisplan\n\nAdministrationens indstilling\n"
        "at udkastet sendes i høring,\n\nUdvalgets beslutning\nIndstillingen blev godkendt.\n"
    )
    assert owners_by_item(text) == [(3, ["Administrationen"])]
    assert heading_owner("Forvaltningens forslag til beslutning") == ["Forvaltningen"]
    assert heading_owner("Børne- og Ungeforvaltningens indstilling") == ["Børne- og Ungeforvaltningen"]
    assert heading_owner("Økonomiudvalgets indstilling") == []  # a committee recommends on


def test_a_remark_above_a_decision_lead_names_who_carries_out_its_passives() -> None:
    text = (
        "Referat, Bestyrelsen, 23. oktober 2025\n\n3. Udbud\n\nDirektøren oplyste, at dialogen viste interesse.\n\n"
        "Bestyrelsen besluttede, at\n- udbuddet offentliggøres i uge 47\n"
    )
    assert owners_by_item(text) == [(3, ["Direktøren"])]


def test_the_one_who_wishes_something_done_is_not_who_does_it() -> None:
    assert responsible_of("Udvalget ønsker, at sagen genoptages i juni.") == [["Økonomi & Stab"]]


def test_the_presenter_comes_before_the_proposer() -> None:
    decision = "Chefen for Sundhed orienterede om status.\n\nDer følges op på sagen i juni."
    assert responsible_of(decision) == [["Sundhed"]]


def test_a_proposer_named_in_full_is_not_cut_to_an_actor_noun_inside_it() -> None:
    proposal = "Chefen for Økonomi & Personale indstiller,\n\n1. at sagen drøftes."
    assert responsible_of("Der følges op på sagen i juni.", proposal=proposal) == [["Økonomi & Personale"]]


def test_a_members_remark_does_not_make_them_the_presenter() -> None:
    decision = (
        "Som indstillet.\n\nPoul Sand (V) bemærkede, at valgfriheden bør fremgå.\n\nDer følges op på sagen i juni."
    )
    assert responsible_of(decision) == [["Økonomi & Stab"]]


def test_the_clause_with_the_commitment_names_the_actor() -> None:
    sentence = "Der udsendes en mail efter mødet, og cheferne skal melde ind ift. deres områder."
    start, end = commitment_clause(sentence)
    assert sentence[start:end].startswith("Der udsendes en mail")
    assert responsible_of(sentence) == [["Økonomi & Stab"]]


def test_an_actor_noun_as_object_is_not_responsible() -> None:
    assert responsible_of("Økonomi & Stab skal have placeret administrationen i de rette kasser.") == [
        ["Økonomi & Stab"]
    ]


@pytest.mark.parametrize(
    ("name", "context", "expected"),
    [
        ("Netværket", "Dagtilbudsnetværk v. Jette:\nNetværket laver en opsamling.", "Dagtilbudsnetværket"),
        ("Udvalget", "Referat\nØkonomiudvalget\nUdvalget ønskede en status.", "Økonomiudvalget"),
        ("Sekretariatet", "Intet andet navn her.", "Sekretariatet"),
        ("Udvalget", "Referat\nTeknik- og Miljøudvalget\nUdvalget ønskede en status.", "Teknik- og Miljøudvalget"),
        ("Idrætsudvalget", "Oplyst at Kultur-, Fritids- og Idrætsudvalget vil", "Kultur-, Fritids- og Idrætsudvalget"),
    ],
)
def test_a_short_name_resolves_to_the_body_named_in_full(name: str, context: str, expected: str) -> None:
    assert expand_short_name(name, context) == expected


def test_both_parties_to_an_agreement_act_and_full_body_names_are_kept() -> None:
    assert responsible_of("Inger Andersen aftaler med Henning Bach, at han laver en indstilling.") == [
        ["Inger Andersen", "Henning Bach"]
    ]
    assert responsible_of("Styregruppen for Den Ældre Patient skal fremlægge en status.") == [
        ["Styregruppen for Den Ældre Patient"]
    ]


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        ("Udvalget anmoder forvaltningen om at udarbejde en plan for området.", ["Forvaltningen"]),
        ("Chefforum bad CBA om at lave en ny opgørelse.", ["CBA"]),
        ("Direktionen pålagde Økonomi og Stab at rette budgettet.", ["Økonomi & Stab"]),
        (
            "Chefforum bemyndigede formanden og næstformanden til at underskrive aftalen.",
            ["Formanden", "Næstformanden"],
        ),
        # a body the organisation does not know, as written
        ("Udvalget anmoder Teknisk Forvaltning om at se på sagen igen.", ["Teknisk Forvaltning"]),
        ("Udvalget anmoder derfor forvaltningen om at fremlægge en plan.", ["Forvaltningen"]),
        # an adverb first: the subject stands after the verb
        ("Efterfølgende udarbejder forvaltningen en plan for området.", ["Forvaltningen"]),
        (
            "Bestyrelsen bemyndigede bestyrelsens formand samt konstitueret direktør til at underskrive kontrakten.",
            ["Bestyrelsens formand", "Konstitueret direktør"],
        ),
    ],
)
def test_the_one_asked_or_empowered_acts_not_the_body_that_asks(decision: str, expected: list[str]) -> None:
    assert responsible_of(decision) == [expected]


def body_referat(title: str, body: str) -> str:
    """Board minutes without section headings: the item's own text is its decision."""
    return (
        "Referat af bestyrelsesmøde den 3. marts 2021\n\n1. Godkendelse af dagsorden\n\nGodkendt.\n\n"
        f"2. {title}\n\n{body}\n"
    )


@pytest.mark.parametrize(
    ("title", "body", "expected"),
    [
        # the title says whose item it is
        ("Meddelelser fra Solhøj", "Der udsendes et brev til forældrene om sommerfesten.", ["Solhøj"]),
        ("Formanden orienterer", "Der udsendes et brev til forældrene om sommerfesten.", ["Formanden"]),
        ("Ny kommunikationsplan v. Anne Holm", "Der udsendes et brev til forældrene om planen.", ["Anne Holm"]),
        # the text says who presented it: "v/ …", coordinated names, a reported meeting
        (
            "Status på projekterne",
            "Der gives en mundtlig status v/ formandskabet. Der indhentes en status fra alle projektgrupper.",
            ["Formandskabet"],
        ),
        (
            "Status på projekterne",
            "Status v. Lene Hansen og Tina Berg. Der indhentes en status fra alle projektgrupper.",
            ["Lene Hansen", "Tina Berg"],
        ),
        # an item of several reports: each sentence has the presenter before it
        (
            "Orientering fra afdelingerne",
            "Peter orienterede om klubberne, hvor alt går godt. Lars og Burak orienterede om banen. "
            "Der mangler lys på banen, men det bliver rettet snarest.",
            ["Lars", "Burak"],
        ),
        (
            "Udviklingspolitik",
            "Kristine har været i dialog med personalet om politikken. Det drøftes igen på næste møde.",
            ["Kristine"],
        ),
    ],
)
def test_with_no_decision_heading_the_item_text_and_title_name_the_presenter(
    title: str, body: str, expected: list[str]
) -> None:
    extraction = process_text(body_referat(title, body), "board.txt", ORG)
    assert [list(f.responsible) for f in extraction.followups] == [expected]


def test_an_adopted_proposal_point_names_its_own_subject() -> None:
    proposal = (
        "Teknik og Miljø indstiller, at\n\n- planen sendes i høring i 8 uger,\n"
        "- forvaltningen bemyndiges til at foretage mindre redaktionelle ændringer."
    )
    extraction = process_text(referat("Indstillingen anbefales.", proposal=proposal), "test.txt", ORG)
    assert [(f.text, list(f.responsible)) for f in extraction.followups] == [
        ("planen sendes i høring i 8 uger,", ["Teknik og Miljø"]),
        ("forvaltningen bemyndiges til at foretage mindre redaktionelle ændringer.", ["Forvaltningen"]),
    ]


def test_the_committee_itself_acts_only_as_the_subject_of_an_action() -> None:
    """ "Udvalget" in a committee's minutes is the forum: asking for a status does not make it
    responsible (the director behind the proposal is, by the unit they head); planning a visit does."""
    text = (
        "Teknik- og Miljøudvalget\n\nReferat af mødet den 12. marts 2020 kl. 16.00\n\n"
        "1. Vejbelysning\n\nIndstilling\n\nDirektøren for Teknik og Miljø indstiller, at orienteringen tages "
        "til efterretning.\n\nBeslutning i Teknik- og Miljøudvalget den 12-03-2020\n\nTaget til efterretning. "
        "Udvalget ønsker en status på udskiftningen af armaturer i 3. kvartal 2020.\n\n"
        "2. Trafik\n\nBeslutning i Teknik- og Miljøudvalget den 12-03-2020\n\n"
        "Udvalget vil besigtige vejen inden næste møde.\n"
    )
    assert owners_by_item(text) == [
        (1, ["Teknik og Miljø"]),
        (2, ["Teknik- og Miljøudvalget"]),
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a name the organisation does not know, of any action verb, after a label
        ("Tiltag: Juridisk Kontor gennemgår aftalen i løbet af de kommende 14 dage.", ["Juridisk Kontor"]),
        ("DataNord leverer det nye testmiljø i uge 14.", ["DataNord"]),
        # the forum's own members: "vi", reminders, requests to everyone
        ("Vi skriver til kommunen om stien.", ["Bestyrelsen"]),
        ("Beretningen skriver vi sammen på næste møde.", ["Bestyrelsen"]),
        ("HUSK at melde tilbage til Louise senest fredag, om I kan hjælpe.", ["Bestyrelsen"]),
        ("Inden da skal hver koordinator finde to testbrugere.", ["Koordinatorerne"]),
        # an owner given as a field of the sentence
        ("Vi samler input i et fælles dokument – deadline 1. marts, tovholder: Kim.", ["Kim"]),
        # a first name in the middle is followed by the surname
        ("Poul Erik Lund og Aase Dam udarbejder en spørgeguide.", ["Poul Erik Lund", "Aase Dam"]),
        # the person after the verb is its object; the subject is as written
        ("Medlemmerne giver Karen Bisgaard besked inden for 14 dage.", ["Medlemmerne"]),
        ("Udsat – Pulsen bedes sende et budget.", ["Pulsen"]),
        # the subject of an at-clause, a body the organisation file does not know
        ("Det blev besluttet, at fagudvalgene senest 29. april afleverer forslag.", ["Fagudvalgene"]),
        # an item that returns to the forum, with nobody else named
        ("Sagen tages op igen på næste møde.", ["Bestyrelsen"]),
        # … but not when it goes on to another body
        ("Sagen behandles i Økonomiudvalget den 12. december.", []),
        # where a plan is sent is not who sends it
        ("Planen sendes til høring i kommunerne.", []),
        # asked to act, though a word ending in -es follows ("deres")
        ("Kommunerne bedes bekræfte deres medfinansiering over for sekretariatet.", ["Kommunerne"]),
        # a floating "hver" between a coordinated subject and its verb
        (
            "Det blev aftalt, at Holmsby Kommune og Vestkyst Kommune hver udpeger en repræsentant.",
            ["Holmsby Kommune", "Vestkyst Kommune"],
        ),
        # every member of a group the organisation file does not list
        ("Det blev besluttet, at alle direktører senest fredag sender deres forslag.", ["Alle direktører"]),
        # a person's title stays as written even when the text names a longer one
        ("Bestyrelsesformanden har ordet. Formanden underskriver aftalen inden jul.", ["Formanden"]),
        # after a fronted time the verb comes second and the name after it is the subject
        ("Til næste møde udarbejder Økonomi & Stab et oplæg om budgettet.", ["Økonomi & Stab"]),
        # what the work is done to is not who does it ("Alle ansøgninger"); nor is a time ("hver måned")
        ("Det blev besluttet, at alle ansøgninger skal behandles inden 1. maj.", ["Bestyrelsen"]),
        ("Det blev aftalt, at borgerne skal orienteres om ændringen.", []),
        ("Der skal hver måned udarbejdes en status, som skal sendes til kommunen.", []),
        # "igen" alone does not bring the item back to the forum
        ("Skiltene opsættes igen efter renoveringen.", []),
        # a unit named "Center for …" is one name, "og" inside its complement included
        ("Center for Ejendomme igangsætter udbud af renoveringen.", ["Center for Ejendomme"]),
        ("Center for Miljø og Natur sender planen i høring.", ["Center for Miljø og Natur"]),
        # someone reminding of a duty is not its owner; "skal have gennemført" is theirs to do
        (
            "Formanden mindede om, at alle direktører skal have gennemført MUS inden 1. juni.",
            ["Alle direktører"],
        ),
        # the members of a body, as written; each of a kind of body, by its name
        ("Udvalgets medlemmer melder tilbage til sekretariatet senest fredag.", ["Udvalgets medlemmer"]),
        ("Hvert Område-MED drøfter fraværstallene inden 1. april.", ["Område-MED"]),
        # a noun made from a verb names the work, not who does it
        ("Det blev aftalt, at evalueringen skal ligge ultimo maj.", []),
        # a numbered decision point names its subject after the number
        ("3. Ejendomscentret orienterer de øvrige bydende om udfaldet senest 1. april.", ["Ejendomscentret"]),
        # "de" before a noun is a determiner of the object, not an inverted subject
        ("Ejendomscentret orienterer de øvrige bydende om udfaldet senest 1. december.", ["Ejendomscentret"]),
        # a title in apposition is the person named after it; a list is everyone in it
        ("Formanden, borgmester Lars Vinding, vil tage kontakt til kommunen.", ["Lars Vinding"]),
        (
            "Formanden, Lars Vinding og Mette Holm vil tage kontakt til kommunen.",
            ["Formanden", "Lars Vinding", "Mette Holm"],
        ),
        # subjects acting "i fællesskab"; a body's full name ends at the verb
        (
            "Det blev aftalt, at Jobcentret og Lindholt Erhvervsforum i fællesskab udarbejder et oplæg.",
            ["Jobcentret", "Lindholt Erhvervsforum"],
        ),
        ("Det blev besluttet, at Udvalget for Nære Sundhedstilbud inddrages i arbejdet.", []),
        # the one a case goes to acts when a relative clause gives it an action of its own …
        ("Sagen oversendes til KKR's formandskab, som tager kontakt til ministeren.", ["KKR's formandskab"]),
        (
            "Resultaterne drøftes i de lokale MED-udvalg, som udarbejder handleplaner senest 1. maj.",
            ["De lokale MED-udvalg"],
        ),
        # … not when the relative clause records what it did
        ("Planen sendes til Byrådet, som godkendte den sidste år.", []),
    ],
)
def test_board_minutes_name_the_actor_as_written(body: str, expected: list[str]) -> None:
    text = f"Referat af bestyrelsesmøde den 3. marts 2021\n\n1. Eventuelt\n\n{body}\n"
    extraction = process_text(text, "board.txt", ORG)
    assert extraction.meeting.forum == "Bestyrelsen"
    assert [list(f.responsible) for f in extraction.followups] == [expected]


def test_abbreviations_the_minutes_define_resolve_to_the_full_name() -> None:
    from nlp.responsible import defined_abbreviations

    text = "Deltagere: Chefen for Børn & Unge (BU), Mette (HR), Social & Sundhed (SOS), Center for Miljø (CM)."
    assert defined_abbreviations(text) == {"BU": "Børn & Unge", "SOS": "Social & Sundhed", "CM": "Center for Miljø"}
    minutes = (
        "Referat af ledermøde den 3. marts 2021\n\nDeltagere: Chefen for Teknik & Miljø (TM), Kultur & Fritid (KF)\n\n"
        "1. Vintertjeneste\n\nChefen for TM og Chefen for KF ser sammen på fordelingen af udgifterne.\n"
    )
    assert [list(f.responsible) for f in process_text(minutes, "leder.txt", ORG).followups] == [
        ["Teknik & Miljø", "Kultur & Fritid"]
    ]


def test_initials_defined_in_the_list_of_participants_resolve_to_the_person() -> None:
    from nlp.responsible import defined_abbreviations

    text = "Deltagere:\nKH = Karin Holst, projektleder\nKJ (skoleleder Kirsten Juhl), Ref.: TN, Jens Kvist (JK)\n"
    assert defined_abbreviations(text) == {"KH": "Karin Holst", "KJ": "Kirsten Juhl", "JK": "Jens Kvist"}
    minutes = (
        "Referat af møde i projektgruppen den 4. marts 2026\n\nDeltagere:\nSN = Sara Nygaard, Kommunikation\n\n"
        "1. Borgerinddragelse\n\nAktionspunkter:\nAP: SN samler input i et kort notat.\n"
    )
    assert [list(f.responsible) for f in process_text(minutes, "p.txt", ORG).followups] == [["Sara Nygaard"]]


@pytest.mark.parametrize(
    ("title", "body"),
    [
        ("Udfordringer ved overgang til ny skole", "Der udsendes et brev til forældrene."),
        ("Vedligeholdelse af veje", "Der udsendes et brev til grundejerne."),
        ("Budget", "I november udarbejdes en ny status for budgettet."),
    ],
)
def test_words_that_only_look_like_a_presenter_or_the_members_name_nobody(title: str, body: str) -> None:
    extraction = process_text(body_referat(title, body), "board.txt", ORG)
    assert [list(f.responsible) for f in extraction.followups] == [[]]


def test_an_abbreviation_the_organisation_file_knows_keeps_its_canonical_name() -> None:
    minutes = (
        "Referat af ledermøde den 3. marts 2021\n\nDeltagere: Center for Beskæftigelse og Arbejdsmarked (CBA)\n\n"
        "1. Status\n\nCBA udarbejder en ny opgørelse.\n"
    )
    assert [list(f.responsible) for f in process_text(minutes, "leder.txt", ORG).followups] == [["CBA"]]


def test_the_presenter_can_be_named_after_the_verb_or_before_the_decision_heading() -> None:
    text = (
        "Hoved-MED\n\nReferat af møde den 23. januar 2025\n\n"
        "5. Trivselsmåling\nTil beslutning\n\nBaggrund: Målingen gennemføres hvert andet år.\n\n"
        "Fremlagt af HR-konsulent Camilla Thorsen.\n\n"
        "Aftalt: Processen blev godkendt. Målingen gennemføres i uge 12.\n\n"
        "6. Takster\n\nDirektøren gennemgik forslaget til takster.\n\n"
        "Beslutning: Takstbladet offentliggøres på hjemmesiden senest 15. december 2025.\n"
    )
    assert owners_by_item(text) == [
        (5, ["Camilla Thorsen"]),
        (6, ["Direktøren"]),
    ]
