"""Flattened minutes tables read back as items (``nlp.tables``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from nlp.extract import process_text
from nlp.organisation import load_organisation
from nlp.reading import normalise_text
from nlp.tables import unflatten_tables

ROOT = Path(__file__).resolve().parents[2]
ORG = load_organisation(ROOT / "data" / "organisation.toml")
FOOTER = "Holmby Kommune - Referat driftsmøde 06.11.2025                     Side 2 af 2"
TABLE = (
    "Referat - driftsmøde\nDato: 06.11.2025\n\nDeltagere: Jens Kvist (JK), Lone Poulsen (LP)\n\n"
    "Pkt.\nEmne\nDrøftelse/beslutning\nAnsvarlig\nHvornår\n"
    "1\nGodkendelse af referat\nReferatet blev godkendt.\n-\n-\n"
    "2\nVintertjeneste\nVagtplanen er sendt ud.\nRuteplanerne opdateres med de nye stier.\nJK\nUge 47\n"
    f"3    Budget    Hver leder udarbejder forslag til reduktioner.    Alle ledere    Inden 1. december\n\n{FOOTER}\n\n"
    "Pkt.\nEmne\nDrøftelse/beslutning\nAnsvarlig\nHvornår\n"
    "4\nTidsregistrering\nDer sendes en vejledning ud til alle medarbejdere.\nLP\nDecember\n"
)


def test_a_flattened_table_is_written_out_as_items_with_owner_and_due_fields() -> None:
    text = unflatten_tables(TABLE)
    assert "Side 2 af 2" not in text and text.count("Drøftelse/beslutning") == 0
    assert "2. Vintertjeneste\nBeslutning:\nVagtplanen er sendt ud.\nRuteplanerne opdateres med de nye stier.\n" in text
    assert "Ansvarlig: JK\nFrist: Uge 47\n" in text
    assert "1. Godkendelse af referat\nBeslutning:\nReferatet blev godkendt.\n\n" in text  # "-" cells say nothing


def test_each_row_gives_its_follow_up_the_owner_and_date_of_its_columns() -> None:
    extraction = process_text(normalise_text(TABLE), "d.txt", ORG)  # as read_document gives it
    found = [(f.item, f.text, f.responsible, f.deadline) for f in extraction.followups]
    assert found == [
        (2, "Ruteplanerne opdateres med de nye stier.", ("Jens Kvist",), dt.date(2025, 11, 21)),
        (3, "Hver leder udarbejder forslag til reduktioner.", ("Lederne",), dt.date(2025, 11, 30)),  # as the row says
        (4, "Der sendes en vejledning ud til alle medarbejdere.", ("Lone Poulsen",), dt.date(2025, 12, 31)),
    ]


def test_text_without_a_table_header_is_unchanged() -> None:
    text = "Pkt. 1 Budget\nAnsvarlig: Jens\n\nEmne\nNoget\n"
    assert unflatten_tables(text) == text
