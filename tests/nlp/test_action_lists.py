"""Action lists: the rows of an opfølgningsliste or handlingsliste (``nlp.action_lists``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from nlp.action_lists import action_rows
from nlp.extract import process_text
from nlp.organisation import load_organisation

ROOT = Path(__file__).resolve().parents[2]
ORG = load_organisation(ROOT / "data" / "organisation.toml")


def rows(text: str, title: str = "", heading: str = "") -> list[str]:
    return [text[s:e] for s, e in action_rows(text, title, heading)]


def test_a_table_under_its_header_line_without_the_done_rows() -> None:
    text = (
        "Handlingsliste\n"
        "Opgave                                   Ansvarlig   Frist\n"
        "Brev til vejafdelingen om Skolevej       Mads        23/2\n"
        "Fra tidligere møder:\n"
        "Kontakt til boligselskabet               Hanne       udført 25/1\n"
        "Opslag på Facebook om frivillige         Pernille    inden 1/3\n"
        "\n"
        "Næste møde: torsdag d. 14/3 kl. 19.00\n"
    )
    assert [r.split()[0] for r in rows(text)] == ["Brev", "Opslag"]


def test_dashed_rows_under_a_list_heading_and_a_header_taken_for_a_heading() -> None:
    listed = "- Udkast til APV-handleplan – Henrik og Lotte – 8/5\n- Ny procedure – Lotte – Udført\n"
    assert rows(listed, title="Opfølgningsliste") == ["- Udkast til APV-handleplan – Henrik og Lotte – 8/5"]
    table = "3 Revideret mødekalender sendes til alle ledere Lone uge 38\n"
    assert rows(table, heading="Pkt. Opgave Ansvarlig Frist Status") == [table.strip()]
    assert rows("Der udsendes et brev til forældrene.\n") == []


def test_rows_become_follow_ups_and_a_row_restating_a_decision_lends_it_its_date() -> None:
    text = (
        "Ledergruppen\n\nReferat af møde den 7. september 2023\n\n"
        "1. Mødekalender\n\nBeslutning\nDet blev aftalt, at Lone udsender en revideret mødekalender.\n\n"
        "2. Opfølgningsliste\n\n"
        "Pkt. Opgave Ansvarlig Frist\n"
        "1 Revideret mødekalender udsendes Lone uge 38\n"
        "2 Notat om demografimodellerne til direktionen Sanne 1. oktober\n"
    )
    found = [(f.item, f.responsible, f.deadline, f.reason) for f in process_text(text, "lg.txt", ORG).followups]
    assert found == [
        (1, ("Lone",), dt.date(2023, 9, 22), "decision_to_act"),
        (2, ("Sanne",), dt.date(2023, 10, 1), "action_list"),
    ]


def test_a_sentence_naming_a_task_and_its_owner_is_no_table_header() -> None:
    text = (
        "Hvad angår møblerne, blev det aftalt, at Lone som tovholder indhenter tre tilbud.\n"
        "Forvaltningen udarbejder en vejledning senest 1. april 2025.\n"
    )
    assert rows(text) == []


def test_done_only_in_a_later_column_and_rows_sharing_an_owner_stay_apart() -> None:
    listed = "- Opfølgning på gennemført APV – Henrik – 8/5\n- Ny procedure – Lotte – Udført\n"
    assert rows(listed, title="Handlingsliste") == ["- Opfølgning på gennemført APV – Henrik – 8/5"]
    text = (
        "Lokal-MED Hjemmeplejen\n\nReferat af møde den 3. marts 2025\n\n"
        "Punkt 1: Handlingsliste\n"
        "- Færdig rapport sendes til MED – Lone – 1/5\n- Ny mødekalender – Lone – 1/6\n\n"
        "Punkt 2: Eventuelt\nIntet.\n"
    )
    found = [(f.item, f.responsible, f.deadline) for f in process_text(text, "med.txt", ORG).followups]
    assert found == [(1, ("Lone",), dt.date(2025, 5, 1)), (1, ("Lone",), dt.date(2025, 6, 1))]


def test_a_row_numbered_for_another_item_takes_that_items_title() -> None:
    text = (
        "Ledergruppen\n\nReferat af møde den 7. september 2023\n\n"
        "1. Mødekalender\n\nBeslutning\nKalenderen blev drøftet.\n\n"
        "2. Opfølgningsliste\n\nPkt. Opgave Ansvarlig Frist\n"
        "1 Notat om demografimodellerne til direktionen Sanne 1. oktober\n"
    )
    found = [(f.item, f.item_title) for f in process_text(text, "lg.txt", ORG).followups]
    assert found == [(1, "Mødekalender")]


def test_a_markdown_table_rule_is_no_row_and_an_unknown_owner_is_kept_as_written() -> None:
    text = (
        "REFERAT Direktionen d. 6. maj 2025\n\n1. Opfølgning\n\n"
        "| Opgave | Ansvarlig | Deadline |\n|---|---|---|\n"
        "| Udkast til program for budgetseminar | Direktionssekretariatet | primo juni |\n"
        "| Forslag meldes ind til Økonomi og Stab | Alle chefer | 16. maj |\n"
    )
    followups = process_text(text, "direktion.txt", ORG).followups
    assert [(f.responsible, f.deadline) for f in followups] == [
        (("Direktionssekretariatet",), dt.date(2025, 6, 10)),
        # the unit in the task column is where the task goes, not who owns it
        (("Alle chefer",), dt.date(2025, 5, 16)),
    ]


def test_rows_that_label_their_columns_give_owner_and_date_and_field_lines_fill_a_sentence() -> None:
    text = (
        "Referat af styregruppemøde den 19. marts 2026\n\n"
        "Punkt 2: Dimensionering\nAftaler:\n"
        "Hvem: Beredskabsdirektøren   Hvad: Udkastet sendes til styregruppen   Hvornår: uge 14\n"
        "Hvem: Alle medlemmer   Hvad: Melder tilbage om deltagere   Hvornår: senest 17. april\n"
        "Hvem: Sekretariatet   Hvad: Booker lokaler   Hvornår: afsluttet\n\n"
        "Punkt 3: Retningslinje\nAftaler:\nSekretariatet indarbejder rettelserne.\nAnsvar: HR\nTidsfrist: 1. oktober\n"
    )
    found = [(f.item, f.responsible, f.deadline) for f in process_text(text, "s.txt", ORG).followups]
    assert found == [
        (2, ("Beredskabsdirektøren",), dt.date(2026, 4, 3)),
        (2, ("Alle medlemmer",), dt.date(2026, 4, 17)),
        (3, ("Sekretariatet",), dt.date(2026, 10, 1)),
    ]


def test_fields_inside_an_action_belong_to_it_not_to_the_action_before() -> None:
    text = (
        "Referat af afdelingsbestyrelsens møde den 2. november 2026\n\n2. Legepladsen\n\n"
        "Beslutning: De to vipper udskiftes (ansvarlig: ejendomskontoret, frist: 1/12). "
        "Vinduerne gennemgås med entreprenøren (ansvarlig: Morten Vang, frist: 20/1). "
        "Depositum hæves til 1.000 kr. (ansvarlig: Jørgen og Lise).\n"
    )
    found = [(f.responsible, f.deadline) for f in process_text(text, "a.txt", ORG).followups]
    assert found == [
        (("Ejendomskontoret",), dt.date(2026, 12, 1)),
        (("Morten Vang",), dt.date(2027, 1, 20)),
        (("Jørgen", "Lise"), None),
    ]


def test_log_lines_marked_action_take_the_owner_tagged_in_square_brackets() -> None:
    text = (
        "Krisestab, log 7. december 2026\n\n2. kl. 08.15 - Opstart\n"
        "Action: SMS-varsling til alle adresser i forsyningsområdet [Nørreå Forsyning]\n"
        "Action: Flaskevand leveres til skolen og børnehusene [Beredskab og Sikkerhed]\n"
        "Action: Nye prøver udtages i dag fra fem punkter [Nørreå Forsyning]\n"
    )
    found = [f.responsible for f in process_text(text, "k.txt", ORG).followups]
    assert found == [("Nørreå Forsyning",), ("Beredskab og Sikkerhed",), ("Nørreå Forsyning",)]


def test_a_table_row_that_records_the_meeting_is_no_follow_up() -> None:
    text = (
        "Referat af skolebestyrelsesmøde den 26. januar 2026\n\n3. Budget\n\n"
        "Beslutning/Handling\tHvem\nBestyrelsen godkendte budgettet.\t\n"
        "Det endelige budget udsendes sammen med referatet.\tJens Harboe\nUdkast til ny mødeplan\tFormanden\n"
    )
    found = [(f.text, f.responsible) for f in process_text(text, "s.txt", ORG).followups]
    assert found == [
        ("Det endelige budget udsendes sammen med referatet.\tJens Harboe", ("Jens Harboe",)),
        ("Udkast til ny mødeplan\tFormanden", ("Formanden",)),
    ]
