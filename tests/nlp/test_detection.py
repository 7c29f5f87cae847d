"""What the detector reads (ANNOTATION §2): this meeting's decision, an adopted proposal, the
body of minutes without decision headings; never history or background."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from nlp.extract import process_text
from nlp.models import SectionKind
from nlp.organisation import load_organisation
from nlp.reading import normalise_text

ROOT = Path(__file__).resolve().parents[2]
ORG = load_organisation(ROOT / "data" / "organisation.toml")
HEAD = "REFERAT Chefforum d. 04-03-2019\n\nMødedato Mandag d. 4. marts 2019 kl. 09:00\n\n"


def texts(body: str) -> list[str]:
    return [f.text for f in process_text(HEAD + body, "t.txt", ORG).followups]


def test_background_is_not_read_and_records_are_not_follow_ups() -> None:
    body = (
        "Punkt 1: CF - Budget\n\nSagsfremstilling\n\nØkonomi & Stab udarbejder hvert år et budget.\n\n"
        "Beslutning\n\nChefforum tog orienteringen til efterretning.\n\nDagsordenen blev godkendt.\n"
    )
    assert texts(body) == []


def test_quoted_decisions_of_earlier_meetings_are_history() -> None:
    body = (
        "Punkt 1: CF - Ledelse\n\nBESLUTNING I CHEFFORUM DEN 21-01-2019\n\n"
        "Miljø & Teknik udarbejder en plan.\n\nBESLUTNING I CHEFFORUM DEN 04-03-2019\n\n"
        "Drift & Service eftersender materialet til cheferne.\n"
    )
    assert texts(body) == ["Drift & Service eftersender materialet til cheferne."]


def test_an_adopted_proposal_contributes_its_obliging_points() -> None:
    body = (
        "Punkt 1: CF - Beredskab\n\nIndstilling\n\nKommunaldirektøren indstiller,\n\n"
        "1. at orienteringen tages til efterretning\n"
        "2. at hver afdelingschef har ansvar for at beredskabsplaner er afsluttet 1. april 2019.\n\n"
        "Beslutning\n\nIndstillingen blev godkendt.\n"
    )
    extraction = process_text(HEAD + body, "t.txt", ORG)
    [followup] = extraction.followups
    assert followup.text == "at hver afdelingschef har ansvar for at beredskabsplaner er afsluttet 1. april 2019."
    assert followup.section is SectionKind.PROPOSAL
    assert followup.responsible == ("Alle chefer",)
    assert followup.deadline == dt.date(2019, 4, 1)
    assert extraction.meeting.text[followup.start : followup.end] == followup.text


def test_a_proposal_that_was_not_adopted_is_not_read() -> None:
    body = (
        "Punkt 1: CF - Plan\n\nIndstilling\n\nØkonomi & Stab indstiller,\n\n1. at ØS udarbejder en plan.\n\n"
        "Beslutning\n\nSagen blev drøftet.\n"
    )
    assert texts(body) == []
    # a wrapped line that starts with "godkendt" reports an earlier approval; it adopts nothing
    wrapped = body.replace("Sagen blev drøftet.", "Sagen blev drøftet. Planen fra 2018 blev\ngodkendt af Byrådet.")
    assert texts(wrapped) == []


def test_minutes_without_decision_headings_are_read_whole_and_strictly() -> None:
    body = (
        "1. Velkomst\n\nFormanden bød velkommen.\n\n"
        "2. Legepladsen\n\nDer er kommet nye gynger. Pedellen arbejder videre med hegnet.\n"
        "Det er vigtigt, at alle holder øje med børnene.\n"
    )
    assert texts(body) == ["Pedellen arbejder videre med hegnet."]


def test_every_follow_up_keeps_its_provenance() -> None:
    body = "Punkt 3: CF - IT\n\n85.15.00-A00-1-19\n\nBeslutning\n\nIT & Indkøb sender en vejledning ud senest 1. maj.\n"
    [followup] = process_text(HEAD + body, "t.txt", ORG).followups
    assert (followup.doc, followup.item, followup.case_number) == ("t.txt", 3, "85.15.00-A00-1-19")
    assert followup.deadline == dt.date(2019, 5, 1)
    assert followup.deadline_text and "1. maj" in followup.deadline_text
    assert followup.reason and 0 < followup.confidence <= 1


def test_political_committee_minutes() -> None:
    """An udvalg's minutes: decisions headed "Beslutning i Økonomiudvalget den …", "Anbefales
    godkendt" adopting the proposal, a postponement, a request for a status, a proposer the
    organisation file does not know."""
    path = Path(__file__).parent / "samples" / "politisk_udvalg.txt"
    found = [
        (f.item, f.responsible, f.deadline, f.text) for f in process_text(path.read_text(), path.name, ORG).followups
    ]
    assert found == [
        (
            50,
            ("Forvaltningen",),
            dt.date(2020, 3, 31),
            "at forvaltningen udarbejder en plan for nedbringelse af merforbruget inden udgangen af 1. kvartal 2020",
        ),
        (51, ("Teknik og Miljø",), None, "Udsat til næste møde."),
        (
            52,
            ("Økonomiudvalget",),
            dt.date(2020, 6, 30),
            "Udvalget ønskede en opfølgning på fraværet i HR-afdelingen i juni 2020.",
        ),
    ]


def test_med_minutes_with_owner_and_deadline_fields() -> None:
    """Minutes without decision headings, with "Ansvarlig:" and "Frist:" fields under (or after)
    an action, and a bare postponement, which comes back to the forum itself."""
    path = Path(__file__).parent / "samples" / "lokal_med.txt"
    extraction = process_text(path.read_text(encoding="utf-8"), path.name, ORG)
    found = [(f.item, f.responsible, f.deadline, f.text) for f in extraction.followups]
    assert found == [
        (2, ("Jette", "Kim"), dt.date(2021, 5, 1), "Der laves en ny APV for køkkenet."),
        (2, ("Leder",), dt.date(2021, 5, 21), "Lydabsorbenter indkøbes."),
        (3, ("Lokal-MED",), None, "Punktet blev udsat."),
    ]


def test_field_lines_under_a_run_of_actions_fill_what_each_sentence_leaves_open() -> None:
    """ "Ansvarlig:" / "Frist:" under a list of actions belong to each of them, but a sentence
    that names its own actor or deadline keeps it."""
    body = (
        "Punkt 2: CF - APV\n\nBeslutning\n\nOpfølgning:\n"
        "- Spørgeskemaet sendes ud.\n"
        "- Resultaterne drøftes i de lokale MED-udvalg, som udarbejder handleplaner senest 31. maj 2019.\n"
        "Ansvarlig: Pia Kjær\nFrist: 1. april 2019\n"
    )
    followups = process_text(HEAD + body, "t.txt", ORG).followups
    assert [(f.responsible, f.deadline) for f in followups] == [
        (("Pia Kjær",), dt.date(2019, 4, 1)),
        (("De lokale MED-udvalg",), dt.date(2019, 5, 31)),
    ]


def test_a_proposal_point_the_decision_says_again_is_one_follow_up() -> None:
    body = (
        "Punkt 5: CF - Årsregnskab\n\nIndstilling\n\nChefen for Økonomi og Stab indstiller, at\n"
        "1. årsregnskabet godkendes og oversendes til revisionen senest 1. maj 2019,\n"
        "2. der udarbejdes en plan for opfølgning på revisionens bemærkninger.\n\n"
        "Beslutning\n\nGodkendt. Regnskabet oversendes til revisionen.\n"
    )
    followups = process_text(HEAD + body, "t.txt", ORG).followups
    assert sorted((f.text, f.deadline) for f in followups) == [
        # the decision's own words, with the date the point gave
        ("Regnskabet oversendes til revisionen.", dt.date(2019, 5, 1)),
        ("der udarbejdes en plan for opfølgning på revisionens bemærkninger.", None),
    ]


def test_a_subjectless_continuation_dates_the_follow_up_of_its_subject() -> None:
    body = (
        "Punkt 2: CF - Politik\n\nIndstilling\n\nKommunaldirektøren indstiller, at sagen drøftes.\n\n"
        "Beslutning\n\n"
        "Afdelingscheferne skal sende input til politikken.\n\n"
        "Der sendes en mail ud til cheferne efter mødet, og cheferne skal melde ind.\n"
        "Skal melde tilbage senest 15. marts.\n"
    )
    followups = process_text(HEAD + body, "t.txt", ORG).followups
    assert [(f.text, f.responsible, f.deadline) for f in followups] == [
        ("Afdelingscheferne skal sende input til politikken.", ("Alle chefer",), dt.date(2019, 3, 15)),
        (
            "Der sendes en mail ud til cheferne efter mødet, og cheferne skal melde ind.",
            ("Kommunaldirektøren",),
            None,
        ),
    ]


def test_each_organisation_gets_a_pipeline_with_its_own_names() -> None:
    from nlp.detection import pipeline_for
    from nlp.organisation import parse_organisation

    other = parse_organisation({"units": [{"name": "Vej & Park", "aliases": ["VP"]}]})
    assert pipeline_for(ORG) is pipeline_for(ORG)
    body = "Punkt 1: CF - Veje\n\nBeslutning\n\nVP udarbejder en plan for vejene.\n"
    [followup] = process_text(HEAD + body, "t.txt", other).followups
    assert followup.responsible == ("Vej & Park",)
    [again] = process_text(HEAD + body.replace("VP", "ØS"), "t.txt", ORG).followups
    assert again.responsible == ("Økonomi & Stab",)


def test_a_council_decision_adopts_the_proposal_by_vote_and_a_decided_inline_proposal_is_read() -> None:
    council = (
        "Byrådet\n\nReferat af byrådets møde den 23. april 2024\n\nPkt. 43  Årsregnskab 2023\n\n"
        "Økonomi og Personale indstiller, at\n- årsregnskabet oversendes til revisionen senest 1. juni 2024\n\n"
        "Byrådets beslutning den 23. april 2024:\nGodkendt med 26 stemmer.\n"
    )
    assert [(f.text, f.deadline) for f in process_text(council, "byraad.txt", ORG).followups] == [
        ("årsregnskabet oversendes til revisionen senest 1. juni 2024", dt.date(2024, 6, 1))
    ]
    steering = (
        "Styregruppen\n\nReferat af møde den 11. marts 2024\n\n4. Ny dato for go-live\n\n"
        "På baggrund af forsinkelsen indstiller projektlederen, at go-live flyttes til 1. oktober.\n"
        "Styregruppen godkendte, at go-live flyttes til 1. oktober 2024.\n\n"
        "Kommunikationsafdelingen lægger en nyhed om den nye dato på intranettet i uge 12.\n"
    )
    assert [f.text for f in process_text(steering, "styregruppe.txt", ORG).followups] == [
        "Kommunikationsafdelingen lægger en nyhed om den nye dato på intranettet i uge 12."
    ]


def test_every_current_decision_section_is_read_and_a_quoted_one_before_the_proposal_is_not() -> None:
    body = (
        "Punkt 1: Presse\n\nBeslutning: Drøftet. BKF laver et faktaark.\n"
        "Opfølgning: KOM forbereder en pressemeddelelse.\n\n"
        "Punkt 2: Salg af grund\n\nBeslutning i Økonomiudvalget den 17. oktober 2018, pkt. 172:\n"
        "Sagen udsættes. Forvaltningen bedes indhente en vurdering.\n\nSagsfremstilling\nVurderingen er modtaget.\n\n"
        "Indstilling\nat der udarbejdes et skøde.\n\nBeslutning\nGodkendt. Ejendomscentret sender skødet til køberen.\n"
    )
    assert texts(body) == [
        "BKF laver et faktaark.",
        "KOM forbereder en pressemeddelelse.",
        "at der udarbejdes et skøde.",
        "Ejendomscentret sender skødet til køberen.",
    ]


def test_the_further_process_after_the_decision_is_read_and_before_it_is_not() -> None:
    body = (
        "Punkt 1: Trivsel\n\nVidere proces:\nDer udarbejdes en tidsplan.\n\nKonklusion:\nTaget til efterretning.\n\n"
        "Videre proces:\nAlle lokale MED-udvalg udarbejder handleplaner inden udgangen af 2019.\n"
    )
    assert texts(body) == ["Alle lokale MED-udvalg udarbejder handleplaner inden udgangen af 2019."]


def test_a_bare_postponement_is_the_return_the_next_sentence_dates() -> None:
    body = (
        "Punkt 1: Tilskud\n\nBeslutning\n\nSagen blev udsat. Udvalget ønsker, at sagen genoptages på mødet den "
        "18. marts 2019.\n\nPunkt 2: Regler\n\nBeslutning\n\nSagen blev udsat.\n"
    )
    assert texts(body) == ["Udvalget ønsker, at sagen genoptages på mødet den 18. marts 2019.", "Sagen blev udsat."]


def test_an_inverted_second_clause_is_a_follow_up_of_its_own() -> None:
    body = "Punkt 1: Oplæg\n\nBeslutning\n\nVi blev enige om at Frederik retter det, og så sender Mikkel det til ØS.\n"
    found = process_text(HEAD + body, "t.txt", ORG).followups
    assert [f.responsible for f in found] == [("Frederik",), ("Mikkel",)]


def test_two_clauses_with_their_own_subjects_are_two_follow_ups() -> None:
    text = (
        "Lokalrådet\n\nReferat af møde den 3. juni 2024\n\n4) Sankt Hans\n\n"
        "Jens sørger for aftalen med præsten, og Lone bestiller pølser til 150 personer senest d. 14. juni.\n"
        "Det blev aftalt at holde en arbejdsdag lørdag den 28. september, og Hanne laver opslag i opgangene.\n"
    )
    found = [(f.text, f.responsible, f.deadline) for f in process_text(text, "lokalraad.txt", ORG).followups]
    assert found[:2] == [
        ("Jens sørger for aftalen med præsten", ("Jens",), None),
        ("Lone bestiller pølser til 150 personer senest d. 14. juni.", ("Lone",), dt.date(2024, 6, 14)),
    ]
    assert len(found) == 3 and found[2][0].startswith("Det blev aftalt")


@pytest.mark.parametrize("folder", list("abcdefghij"))
def test_every_follow_up_points_at_its_own_text(folder: str) -> None:
    """Provenance: the character span of each follow-up, rows and split clauses included, is
    its text in the meeting (the dashboard highlights it there)."""
    for path in sorted((ROOT / "data" / "eval" / "synthetic" / folder).glob("*.txt")):
        extraction = process_text(normalise_text(path.read_text(encoding="utf-8")), path.name, ORG)
        for followup in extraction.followups:
            assert extraction.meeting.text[followup.start : followup.end] == followup.text, path.name
