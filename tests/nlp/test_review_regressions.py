"""Regressions found by review of the rules added for unseen layouts: each case is ordinary
Danish minutes that an over-eager rule misread."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from nlp.classify import classify
from nlp.extract import process_text
from nlp.organisation import load_organisation
from nlp.reading import normalise_text
from nlp.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[2]
ORG = load_organisation(ROOT / "data" / "organisation.toml")
HEAD = "Referat af møde i Direktionen den 3. marts 2025\n\n1. Sag\n\n"


def found(body: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(f.text, f.responsible) for f in process_text(HEAD + body, "t.txt", ORG).followups]


@pytest.mark.parametrize("name", ["Social- og sundhedsudvalget", "Kultur- og fritidsudvalget"])
def test_a_committee_named_in_lower_case_compounds_is_the_forum(name: str) -> None:
    text = f"{name}\n\nReferat af møde den 3. marts 2025\n\n1. Sag\n\nBeslutning\nGodkendt.\n"
    assert process_text(text, "t.txt", ORG).meeting.forum == name


def test_a_line_ending_in_a_page_reference_is_no_page_break() -> None:
    text = "Vi udarbejder et notat om sagen,\nsom beskrevet i bilaget på side 4\nog sender det videre.\n"
    assert normalise_text(text) == text


def test_an_initial_after_a_preposition_or_title_stays_in_the_sentence() -> None:
    for text in ("Sagen blev fremlagt af K. Madsen, som sender et brev.", "Det varetages af direktør B. Holm."):
        assert [text[s:e] for s, e in split_sentences(text)] == [text]
    text = "Jf. § 17, stk. 4. Forvaltningen udarbejder et notat."
    assert [text[s:e] for s, e in split_sentences(text)] == ["Jf. § 17, stk. 4.", "Forvaltningen udarbejder et notat."]


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        # an association is an actor, though its name ends like a noun made from a verb
        ("Det blev aftalt, at grundejerforeningen senest 1. juni 2025 sender en ansøgning.", ("Grundejerforeningen",)),
        # "de" before a preposition is the inverted subject; the object stands first
        (
            "Konsulenterne fra Deloitte gennemgik analysen. Rapporten sender de til udvalget inden 1. april 2025.",
            ("Konsulenterne",),
        ),
        # the members receive; the secretariat acts
        (
            "Sekretariatet sørger for, at udvalgets medlemmer modtager materialet senest 1. maj 2025.",
            ("Sekretariatet",),
        ),
        # only a title stands between a role and the name it is; a phrase does not
        ("Forvaltningen, i samarbejde med Lars Vinding, udarbejder en plan senest 1. juni 2025.", ("Forvaltningen",)),
        # a body after "og" is a body of its own, not the end of a "Center for …" name
        (
            "Center for Ejendomme og Byrådssekretariatet udarbejder et oplæg senest 1. juni 2025.",
            ("Center for Ejendomme", "Byrådssekretariatet"),
        ),
    ],
)
def test_the_actor_is_not_misread(decision: str, expected: tuple[str, ...]) -> None:
    assert found(f"Beslutning\n{decision}\n")[-1][1] == expected


def test_having_something_is_no_task_of_ones_own() -> None:
    body = (
        "Beslutning\nForvaltningen arbejder videre med planen. "
        "Det blev aftalt, at borgerne skal have et svar inden 1. juni 2025.\n"
    )
    assert found(body)[-1][1] != ("Borgerne",)


def test_a_status_column_is_not_the_owner() -> None:
    body = (
        "| Opgave | Status | Ansvarlig | Frist |\n"
        "| Revidere trivselspolitikken | Igangsat | Lokal-MED Skole | 1. maj 2025 |\n"
    )
    assert all(responsible != ("Igangsat",) for _, responsible in found(body))


def test_only_the_proposal_points_the_decision_adopts_are_follow_ups() -> None:
    body = (
        "Indstilling\nØkonomi og Stab indstiller,\n"
        "1. at forvaltningen udarbejder en plan senest 1. juni 2025,\n"
        "2. at der indføres betalingsparkering senest 1. juli 2025.\n\n"
        "Beslutning\nIndstillingens punkt 1 godkendt. Punkt 2 blev ikke godkendt.\n"
    )
    assert [text for text, _ in found(body)] == ["at forvaltningen udarbejder en plan senest 1. juni 2025,"]


def test_a_month_in_a_sentence_about_the_past_is_no_time_to_come() -> None:
    assert not classify("Forvaltningen orienterer om, at byggeriet gik i gang i januar.").is_followup
    assert not classify("Forvaltningen gennemgår regnskabet, som blev afsluttet i februar 2024.").is_followup


@pytest.mark.parametrize(
    "sentence",
    [
        "Ole bad om ordet og fortalte om sine erfaringer med, at elevatoren ofte er i stykker.",
        "Høringsmaterialet kom først Ældrerådet i hænde dagen før mødet.",
        "Lederne skal være klar over, at reglerne ændres inden årets udgang.",
        "Der afholdes ikke møde i juli 2025.",
        "Anne kommer tilbage fra orlov i september.",
        "at der afsættes 300 t.kr. til projektet,",
        "Ældrerådet anbefaler, at kommunen udarbejder en pjece om reglerne.",
        "Ændringsforslaget om, at der straks etableres en akutbil, blev forkastet med 30 stemmer mod 9.",
    ],
)
def test_review_round_four_sentences_that_are_not_follow_ups(sentence: str) -> None:
    assert not classify(sentence).is_followup, sentence


@pytest.mark.parametrize(
    "sentence",
    [
        "Administrationen anbefaler, at der udarbejdes en trafiksikkerhedsplan inden 1. oktober 2025.",
        "Udvalget finder det nødvendigt, at forvaltningen udarbejder en ny affaldsplan inden 1. december 2025.",
        "I februar 2026 afholdes der et seminar for alle ledere.",
        # a negation in a relative or conditional clause written without its comma
        "Skoler der ikke har indsendt tal kontaktes af sekretariatet inden fredag.",
        "Hvis der ikke kommer svar skal forvaltningen rykke entreprenøren.",
    ],
)
def test_review_round_four_sentences_that_are_follow_ups(sentence: str) -> None:
    assert classify(sentence).is_followup, sentence


@pytest.mark.parametrize(
    ("quoted", "decision"),
    [
        # a council's remarks quoted in a committee's case, above the committee's own decision
        ("Ældrerådets høringssvar:\nÆldrerådet ønsker, at kommunen udarbejder en pjece inden maj.", "Godkendt."),
        # an undated committee decision above the council's own
        ("Beslutning i Økonomiudvalget\nForvaltningen undersøger inden byrådsmødet, om det kan udbydes.", "Godkendt."),
        # a lead line quoted in the case presentation
        ("Sagsfremstilling\nUdvalget besluttede, at\n- forvaltningen udarbejder tre modeller", "Drøftet."),
    ],
)
def test_decisions_quoted_above_this_meetings_decision_are_history(quoted: str, decision: str) -> None:
    head = "Referat\n\nMødedato: 8. april 2025\n\nPunkt 4: Sag\n\nIndstilling\nat sagen drøftes.\n\n"
    text = f"{head}{quoted}\n\nBeslutning\n{decision}\n"
    assert found(text) == []


@pytest.mark.parametrize(
    ("sentence", "owners"),
    [
        # one of our units beside a person or an acronym keeps its name
        ("CBA og Mette laver et udkast til ny politik inden 1. april.", ("CBA", "Mette")),
        # the one asked acts when a member asks at the meeting; asking is the task when it is to come
        ("Kommunaldirektøren beder Økonomi & Stab om at udarbejde en analyse.", ("Økonomi & Stab",)),
        ("Økonomi & Stab skal anmode revisionen om at gennemgå regnskabet inden 1. maj.", ("Økonomi & Stab",)),
        # fields join in pairs only, and an actor noun that is half of a unit's name stays in it
        ("Skole og Dagtilbud og Teknik og Miljø udarbejder en plan.", ("Skole og Dagtilbud", "Teknik og Miljø")),
        ("Økonomi og Personale sender budgettet til alle chefer inden 1. juli.", ("Økonomi og Personale",)),
        # "hvem –" is no field label
        ("Økonomi & Stab afklarer, hvem – kommunen eller regionen – der skal betale.", ("Økonomi & Stab",)),
    ],
)
def test_review_round_four_owners(sentence: str, owners: tuple[str, ...]) -> None:
    assert found(sentence) == [(sentence, owners)]


def test_review_round_four_footer_hand_in_and_cells() -> None:
    footer = "Formanden skriver.\n\nDagsorden offentliggjort 02.06.2026 · Møde 09.06.2026 · side 1\n"
    assert process_text(f"Referat\n\n1. Sag\n\n{footer}", "f.txt", ORG).meeting.date == dt.date(2026, 6, 9)
    # the one in whose hands something must be is the recipient, not the owner
    assert found("Bemærkninger skal være Økonomi & Stab i hænde senest fredag den 14. marts.") == [
        ("Bemærkninger skal være Økonomi & Stab i hænde senest fredag den 14. marts.", ())
    ]
    row = "Hvem: Teknik og Miljø   Hvad: Opdatere projektets hjemmeside   Hvornår: uge 26"
    assert found(f"Aftaler:\n{row}\n") == [(row, ("Teknik og Miljø",))]


@pytest.mark.parametrize(
    ("sentence", "owners"),
    [
        # a new subject after a record or a rejection has a clause, and a task, of its own
        ("Bestyrelsen godkendte budgettet, og kassereren indsender det til kommunen inden 1. marts.", ("Kassereren",)),
        (
            "Forslaget blev afvist, men sekretariatet undersøger alternative løsninger til næste møde.",
            ("Sekretariatet",),
        ),
        # a reference in square brackets is no owner tag
        ("Kassereren indhenter tre tilbud inden 1. april [jf. budget 2026].", ("Kassereren",)),
        # an infinitive request under a decision lead, without "om at"
        ("bede om en status fra Miljø & Teknik i maj", ("Miljø & Teknik",)),
        ("anmode Drift & Service om en plan for vinterberedskabet", ("Drift & Service",)),
        # a forum that will ask delegates
        ("Direktionen skal bede HR om at opdatere personalepolitikken inden 1. maj.", ("HR",)),
    ],
)
def test_review_round_five_owners(sentence: str, owners: tuple[str, ...]) -> None:
    assert found(sentence) == [(sentence, owners)]


def test_review_round_five_a_forums_decision_with_its_own_follow_up_section() -> None:
    text = (
        "Referat\n\nMødedato: 3. juni 2025\n\nPunkt 1: Hastighed\n\nIndstilling\nat sagen drøftes.\n\n"
        "Beslutning i Teknik- og Miljøudvalget\nUdvalget besluttede, at forvaltningen udarbejder en plan.\n\n"
        "Opfølgning\nSagen forelægges igen for udvalget i oktober 2025.\n"
    )
    assert len(found(text)) == 2
    row = "Opgave | Ansvarlig | Frist\nLejekontrakten er udløbet | Ejendomskontoret | 1. marts\n"
    assert found(f"Opfølgningsliste\n{row}") == [
        ("Lejekontrakten er udløbet | Ejendomskontoret | 1. marts", ("Ejendomskontoret",))
    ]
