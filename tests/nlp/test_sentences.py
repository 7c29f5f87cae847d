"""Minutes-aware sentence segmentation."""

from __future__ import annotations

import pytest

from nlp.sentences import split_sentences, strip_bullet


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_abbreviations_and_ordinals_do_not_end_sentences() -> None:
    text = (
        "Sagen drøftes igen d. 25. oktober 2018 ift. budgettet, bl.a. mhp. en plan. "
        "Herefter sender ØS en mail inden 4. kvartal. Det sker i 2019. Punkt 15. eventuelt udgår."
    )
    assert sentences(text) == [
        "Sagen drøftes igen d. 25. oktober 2018 ift. budgettet, bl.a. mhp. en plan.",
        "Herefter sender ØS en mail inden 4. kvartal.",
        "Det sker i 2019.",
        "Punkt 15. eventuelt udgår.",
    ]


def test_bullets_and_numbered_lists_are_separate_sentences() -> None:
    text = "Status:\n- 1) Politikken opdateres\n- 2) Vejledning udsendes\na. Første punkt\nb) Andet punkt"
    assert [strip_bullet(s) for s in sentences(text)] == [
        "Status:",
        "Politikken opdateres",
        "Vejledning udsendes",
        "Første punkt",
        "Andet punkt",
    ]


def test_wrapped_lines_join_and_headings_stand_alone() -> None:
    text = (
        "Beslutning\nDirektionen godkendte indstillingen og bad CBA om at\n"
        "udarbejde en plan for processen.\nNæste punkt"
    )
    assert sentences(text) == [
        "Beslutning",
        "Direktionen godkendte indstillingen og bad CBA om at\nudarbejde en plan for processen.",
        "Næste punkt",
    ]


def test_initials_do_not_split_names() -> None:
    assert sentences("Anders B. Hansen vender tilbage. Det er aftalt.") == [
        "Anders B. Hansen vender tilbage.",
        "Det er aftalt.",
    ]


def test_a_letter_or_a_reference_number_before_a_capital_can_end_a_sentence() -> None:
    assert sentences("Der søges til strækning A og B. Storå Kommune skriver ansøgningen.") == [
        "Der søges til strækning A og B.",
        "Storå Kommune skriver ansøgningen.",
    ]
    assert sentences("Ændringerne fremgår af bilag 2. HR lægger den på intranettet.") == [
        "Ændringerne fremgår af bilag 2.",
        "HR lægger den på intranettet.",
    ]
    # a list label, a presenter after "v." and an ordinal before a month stay inside
    assert sentences("Bilag 2. Notat fra styregruppen - eftersendes") == [
        "Bilag 2. Notat fra styregruppen - eftersendes"
    ]
    assert sentences("Status på hotline v. Lene Holm og Tina Berg.") == ["Status på hotline v. Lene Holm og Tina Berg."]


@pytest.mark.parametrize("text", ["", "   \n\n  "])
def test_empty_text_has_no_sentences(text: str) -> None:
    assert split_sentences(text) == []


def test_flattened_text_splits_at_capitalised_function_words_and_definite_subjects() -> None:
    text = "Status på arbejdet Der indhentes en status fra grupperne Kassereren lover at betale Udvalget er enigt"
    assert sentences(text) == [
        "Status på arbejdet",
        "Der indhentes en status fra grupperne Kassereren lover at betale",
        "Udvalget er enigt",
    ]


def test_a_colon_before_a_clause_ends_the_sentence_but_not_after_a_label() -> None:
    assert sentences("Sagen drøftes igen med følgende spørgsmål: Skal vi samle det? Beslutning: Godkendt.") == [
        "Sagen drøftes igen med følgende spørgsmål:",
        "Skal vi samle det?",
        "Beslutning: Godkendt.",
    ]


def test_a_flattened_bullet_list_splits_before_each_dash_and_keeps_compounds_whole() -> None:
    text = (
        "Nyt fra børnehuset (5 min.) - Mange syge i denne uge - Kick-off på projektet 10 - 11. maj "
        "- Personalet holder fri"
    )
    assert [strip_bullet(s) for s in sentences(text)] == [
        "Nyt fra børnehuset (5 min.)",
        "Mange syge i denne uge",
        "Kick-off på projektet 10 - 11. maj",
        "Personalet holder fri",
    ]


def test_one_dash_is_a_name_or_an_aside_not_a_list() -> None:
    assert sentences("Lokalplan 12 – Hedeby Nord sendes i høring i 8 uger.") == [
        "Lokalplan 12 – Hedeby Nord sendes i høring i 8 uger."
    ]


def test_a_capitalised_body_after_og_or_at_continues_the_flattened_sentence() -> None:
    text = "Der blev orienteret om, at Kultur-, Fritids- og Idrætsudvalget vil foreslå en reduktion. Rådet er imod."
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Der blev orienteret om, at Kultur-, Fritids- og Idrætsudvalget vil foreslå en reduktion.",
        "Rådet er imod.",
    ]


def test_each_row_of_a_tab_separated_table_is_its_own_text() -> None:
    text = (
        "Leverandørens kapacitet i januar\tHøj\tAnne tager kapaciteten op på leverandørmødet\n"
        "Lav deltagelse i brugertesten\tLav\tOvervåges af projektlederen\n"
    )
    assert len(split_sentences(text)) == 2
