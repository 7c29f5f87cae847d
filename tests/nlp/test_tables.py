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


HEADER = "Pkt.\nEmne\nDrøftelse/beslutning\nAnsvarlig\nHvornår\n"


def test_empty_cells_a_repeated_owner_a_page_number_and_the_closing_lines_do_not_shift_a_row() -> None:
    text = (
        f"Referat af driftsmøde\nDato: 12. maj 2025\n\n{HEADER}"
        "1\nVintertjeneste\nSalt og grus er bestilt.\nDer udarbejdes en ny rutevejledning.\n"
        "Center for Teknik og Miljø\n1. oktober 2025\n"
        "2\nStatus\nOrienteringen blev taget til efterretning.\n"
        "3\nArbejdsmiljø\nDer laves en APV\n\n2\n\nfor værkstedet.\nCenter for Teknik og Miljø\n1. september 2025\n\n"
        "Næste møde\nMandag den 9. juni 2025\nReferent\nKarin Holst\n"
    )
    out = unflatten_tables(text)
    assert "Ansvarlig: Center for Teknik og Miljø\nFrist: 1. oktober 2025" in out
    assert "2. Status\nBeslutning:\nOrienteringen blev taget til efterretning.\n\n" in out  # no cells to fill
    assert "3. Arbejdsmiljø\nBeslutning:\nDer laves en APV\nfor værkstedet.\n" in out  # the page number is gone
    assert out.endswith("Næste møde\nMandag den 9. juni 2025\nReferent\nKarin Holst\n")  # not a cell of row 3


def test_a_second_table_with_other_columns_is_read_with_its_own_columns() -> None:
    second = "Nr.\nBeslutning\nAnsvarlig\n1\nDer indkøbes to ladvogne.\nVærkføreren\n"
    out = unflatten_tables(f"{HEADER}1\nVeje\nDer udarbejdes en plan.\nVejchefen\nuge 40\n\n{second}")
    assert "1. Veje\nBeslutning:\nDer udarbejdes en plan.\nAnsvarlig: Vejchefen\nFrist: uge 40\n" in out
    assert "1.\nBeslutning:\nDer indkøbes to ladvogne.\nAnsvarlig: Værkføreren\n" in out
