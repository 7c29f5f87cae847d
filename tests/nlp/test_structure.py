"""parse_meeting on the five seed referater and on small samples of every other layout it reads.

The seed expectations are read off the seed files by hand (meeting facts, every item's number,
title and sagsnummer, which decision is this meeting's). The samples in ``samples/`` are short
texts written for these tests, one layout each.
"""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from nlp.models import AgendaItem, Meeting, SectionKind
from nlp.reading import read_document
from nlp.structure import parse_meeting

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
SAMPLES = Path(__file__).parent / "samples"


def seed(prefix: str) -> Meeting:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    return parse_meeting(read_document(path), source=path.name)


def sample(name: str) -> Meeting:
    path = SAMPLES / name
    return parse_meeting(read_document(path), source=path.name)


def decision_text(item: AgendaItem) -> str:
    assert item.decision is not None, f"item {item.number} has no decision"
    return item.decision.text


def assert_offsets(meeting: Meeting) -> None:
    """Every offset points into the text, and items and sections nest in order."""
    previous_end = 0
    for item in meeting.items:
        assert previous_end <= item.start <= item.end <= len(meeting.text)
        previous_end = item.end
        section_end = item.start
        for section in item.sections:
            assert meeting.text[section.start : section.end] == section.text
            assert section_end <= section.start <= section.end <= item.end
            section_end = section.end


SEED_FACTS = [
    ("000", date(2018, 9, 27), "Chefforum", time(8, 30), "Mødelokale 1", 7),
    ("001", date(2015, 6, 26), "Chefforum", time(8, 30), "Mødelokale 915", 5),
    ("002", date(2019, 1, 17), "Chefforum", time(9, 0), "Mødelokale 1", 10),
    ("003", date(2023, 5, 23), "Direktionen", time(9, 0), "Medborgerhuset", 8),
    ("004", date(2019, 2, 25), "Chefforum", time(14, 0), "Mødelokale 1", 8),
]


@pytest.mark.parametrize(("prefix", "day", "forum", "start", "place", "count"), SEED_FACTS)
def test_seed_meeting_facts(prefix: str, day: date, forum: str, start: time, place: str, count: int) -> None:
    meeting = seed(prefix)
    assert (meeting.date, meeting.forum, meeting.start_time, meeting.place) == (day, forum, start, place)
    assert [item.number for item in meeting.items] == list(range(1, count + 1))
    assert meeting.text == read_document(next(SEEDS.glob(f"{prefix}_*.txt")))
    assert_offsets(meeting)


def test_seed_participants() -> None:
    assert seed("003").participants == ("Lars Holte", "Jørgen Lerhard", "Charlotte Markussen", "Anya Krogh Manghezi")
    assert seed("000").participants == ()


SEED_ITEMS = {
    "000": [
        ("CF - Godkendelse af dagsorden og referat", "00.01.00-A00-57-17"),
        ("CF - Status på implementeringen af Databeskyttelsesforordningen", "85.15.02-P00-1-17"),
        ("CF - Skriftlig orientering: Kontrolprocedure ifm. opholds- og arbejdstilladelser", "81.00.00-P27-8-18"),
        ("CF - Orientering om Kommunernes Teknologispring", "85.13.00-P20-2-18"),
        ("CF - Skriftlig orientering: Albertslund praktik 2018", "00.01.00-A00-58-17"),
        (
            "CF - Skriftlig orientering: referat af Styregruppen for implementering af "
            "Databeskyttelsesforordningens møde den 4. september 2018",
            "85.15.02-P00-1-17",
        ),
        ("CF - Evt.", "00.01.00-A00-57-17"),
    ],
    "001": [
        ("CF - Godkendelse af dagsorden og referat fra forrige møde", None),
        ("CF - Ledelse af informationssikkerhed", "15/5457"),
        ("CF - Digital ledelse – en del af leder-DNA'et i Albertslund og Glostrup Kommune", "15/7479"),
        ("CF - Organisationen og fremtiden...hvor skal vi hen?", None),
        ("CF - Eventuell", None),
    ],
    "002": [
        ("CF - Godkendelse af dagsorden og referat", "00.01.00-A21-9-18"),
        ("CF - Status fra ØS IT (20 min)", "85.15.00-A00-1-19"),
        ("CF - Administrationsanalysen - Proces (10 min)", "00.15.00-S00-1-18"),
        ("CF - Overførselssagen i 2019 (20 min)", "00.30.18-S00-2-18"),
        ("CF - GDPR - Proceduren ved sikkerhedshændelser- og brud (15 min)", "85.10.13-P22-1-18"),
        ("CF - Ledelsesgrundlag på Lederforum (25 min)", "00.00.00-A00-17-18"),
        ("CF - Decentral lederundersøgelse (35 min)", "00.01.00-A21-8-18"),
        ("CF - Handleplan for politikken Fælles om Albertslund (10 min)", "00.01.00-A21-6-18"),
        ("CF - hvad skal kommunikeres ud til afdelingerne efter mødet?", "00.01.00-A21-9-18"),
        ("CF - Evt.", "00.01.00-A21-9-18"),
    ],
    "003": [
        ("Program for heldagsmøde i direktionen den 23. maj 2023", "22/23184"),
        ("Temadrøftelse om udviklingen på myndighedsområdet, herunder sagsbehandlingstider", "22/23184"),
        ("IT-strategi for Høje-Taastrup Kommune", "22/18653"),
        ("Databeskyttelsesrådgiverens årsrapport 2022", "21/6332"),
        ("Øvrige sager", "22/23184"),
        ("Revitalisering af forenkling i HTK", "22/22812"),
        ("Proces for evaluering af nyt rådhus efter 100 dage", "23/4324"),
        ("Politisk behandling af kapacitetsanalysen af skole- og klubområdet i HTK Øst", "22/23184"),
    ],
    "004": [
        ("CF - Godkendelse af dagsorden og referat", "00.01.00-A21-9-18"),
        ("CF - Ledelsens miljømøde - Systembeskrivelse, Miljøpolitik og madkurser (20 min.)", "09.00.00-P35-3-19"),
        ("CF - Status på beredskabsarbejdet (30 min.)", "14.00.08-A21-1-19"),
        ("CF - Administrationsanalyse og Ressourceopgørelse (30 min.)", "00.15.00-S00-1-18"),
        ("CF - Retningslinjer for skift af adgangskoder og aktivering af låst konto (15 min.)", "85.15.02-A21-1-19"),
        ("CF - Hvad skal kommunikeres ud til afdelingerne efter mødet?", "00.01.00-A21-9-18"),
        ("CF - Evt.", "00.01.00-A21-9-18"),
        ("CF - Interview med Søren Thorup (45 min.)", "00.01.00-A21-8-18"),
    ],
}


@pytest.mark.parametrize("prefix", sorted(SEED_ITEMS))
def test_seed_titles_and_case_numbers(prefix: str) -> None:
    items = seed(prefix).items
    assert [(item.title, item.case_number) for item in items] == SEED_ITEMS[prefix]


def test_seed_sections_map_to_kinds() -> None:
    item = seed("000").items[1]
    kinds = [s.kind for s in item.sections]
    assert kinds == [
        SectionKind.BACKGROUND,
        SectionKind.PRESENTATION,
        SectionKind.PROPOSAL,
        SectionKind.DECISION,
        SectionKind.ATTACHMENTS,
    ]
    assert [s.heading for s in item.sections] == ["Anledning", "Sagsfremstilling", "Indstilling", "Beslutning", "Bilag"]
    assert item.sections[0].text.startswith("Status på arbejdet med implementeringen")
    assert item.sections[4].text.startswith("Varslingsbrev - Albertslund Kommune.pdf")


@pytest.mark.parametrize(
    ("prefix", "number", "starts", "ends"),
    [
        ("000", 1, "Chefforum godkendte dagsordenen.", "referat fra mødet d. 13. september 2018."),
        ("000", 2, "Chefforum blev præsenteret for status", "implementeringen igen d. 25. oktober 2018."),
        ("000", 6, "Chefforum drøftede DPO'ens anbefaling", "se nærmere på problematikken og rette op på dette."),
        ("002", 3, "Planen for administrationsanalysen", "i løbet af de kommende 14 dage."),
        ("003", 3, "Klaus, Maria og Carsten (CBA) deltog", None),
        ("004", 2, "Chefforum blev forelagt opdateret miljøpolitik", None),
        ("004", 7, "Valg", "Der følges op på retningslinjer for fintælling og ressourcebehov."),
    ],
)
def test_seed_decision_text(prefix: str, number: int, starts: str, ends: str | None) -> None:
    item = seed(prefix).items[number - 1]
    text = decision_text(item)
    assert text.startswith(starts)
    if ends is not None:
        assert text.endswith(ends)
    assert "Bilag" not in text.splitlines()


def test_seed_004_decision_keeps_its_subheadings() -> None:
    """Sub-headings inside this meeting's decision ("Miljøpolitikken") do not cut it short."""
    text = decision_text(seed("004").items[1])
    assert "Miljøpolitikken" in text and "Chefforum godkendte forslaget om madkurser." in text


def test_seed_003_decision_ends_before_the_case_presentation() -> None:
    item = seed("003").items[2]
    decision = item.decision
    assert decision is not None and decision.decided_on == date(2023, 5, 23) and decision.current
    following = item.sections[item.sections.index(decision) + 1]
    assert following.kind is SectionKind.PRESENTATION


def test_seed_001_quoted_decision_is_history() -> None:
    item = seed("001").items[1]
    decisions = item.sections_of(SectionKind.DECISION)
    assert [(d.decided_on, d.current) for d in decisions] == [
        (date(2015, 5, 21), False),
        (date(2015, 6, 26), True),
    ]
    assert decisions[0].text.startswith("Chefforum besluttede, at retningslinjerne for informationssikkerhed")
    assert decisions[0].text.endswith("Mette Seneca Kløve deltog ikke i mødet.")
    assert decision_text(item).startswith("Indstillingen blev godkendt.")
    assert item.proposal is not None
    assert item.proposal.text.startswith("Styregruppen for informationssikkerhed indstiller på baggrund af")


def test_seed_001_every_item_has_its_dated_decision() -> None:
    for item in seed("001").items:
        decision = item.decision
        assert decision is not None and decision.decided_on == date(2015, 6, 26)
        assert decision.heading == "BESLUTNING I CHEFFORUM DEN 26-06-2015"


def test_seed_item_without_body_has_no_sections() -> None:
    last = seed("002").items[-1]
    assert last.title == "CF - Evt." and last.sections == () and last.decision is None


# --- other layouts --------------------------------------------------------------------------------


def summary(meeting: Meeting) -> list[tuple[int, str]]:
    return [(item.number, item.title) for item in meeting.items]


def test_pkt_layout_with_numbered_agenda_and_inline_headings() -> None:
    meeting = sample("pkt_bestyrelse.txt")
    assert summary(meeting) == [(1, "Godkendelse af dagsorden"), (2, "Takstblad 2026"), (3, "Eventuelt")]
    assert (meeting.forum, meeting.date, meeting.start_time) == ("Bestyrelsen", date(2025, 2, 28), time(9, 30))
    assert meeting.place == "Kontoret, Havnevej 4"
    first, second, third = meeting.items
    assert first.case_number == "4411"  # the sagsnummer, not the journalnummer above it
    assert decision_text(first) == "Godkendt uden bemærkninger."
    assert second.proposal is not None and second.proposal.text == "Det indstilles, at bestyrelsen godkender taksterne."
    assert decision_text(second).startswith("Godkendt. Direktøren sender takstbladet")
    assert decision_text(third) == "Næste møde holdes i juni. Formanden indkalder."
    assert_offsets(meeting)


def test_numbered_items_after_agenda_list_ignore_body_lists() -> None:
    meeting = sample("numbered_agenda.txt")
    assert summary(meeting) == [(1, "Godkendelse af dagsorden"), (2, "Sygefravær i 2023"), (3, "Eventuelt")]
    assert meeting.forum == "Hovedudvalget" and meeting.date == date(2024, 3, 13)
    assert meeting.start_time == time(14, 0) and meeting.place == "Rådhuset, lokale 2"
    assert meeting.participants == ("Anne Holm", "Bo Lind", "Carl Dahl")
    item = meeting.items[1]
    assert item.decision is not None and item.decision.heading == "Beslutning/referat"
    assert decision_text(item).startswith("Udvalget drøftede tallene.")
    # items without headings keep their text in the item span, without sections
    assert meeting.items[0].sections == ()
    assert "Dagsordenen blev godkendt." in meeting.text[meeting.items[0].start : meeting.items[0].end]


def test_sag_nr_layout_takes_title_from_next_line() -> None:
    meeting = sample("sag_nr.txt")
    assert summary(meeting) == [(130, "Godkendelse af budget 2025"), (131, "Status på øvelser")]
    assert meeting.forum == "Beredskabskommissionen"
    assert (meeting.date, meeting.start_time) == (date(2024, 11, 6), time(16, 0))
    assert meeting.items[0].case_number is None
    assert decision_text(meeting.items[0]) == "Budgettet blev godkendt."
    assert meeting.items[1].decision is not None and meeting.items[1].decision.heading == "Drøftelse og beslutning"


def test_ad_layout_and_med_decision_words() -> None:
    meeting = sample("ad_punkter.txt")
    assert summary(meeting) == [
        (1, "Velkomst og godkendelse af dagsorden"),
        (2, "Arbejdsmiljø"),
        (3, "Eventuelt"),
    ]
    assert meeting.date == date(2023, 10, 3) and meeting.forum == "Lokal-MED Skovbrynet"
    assert meeting.items[1].decision is not None and meeting.items[1].decision.heading == "Konklusion"
    assert decision_text(meeting.items[2]) == "Lederen sender planen for julearrangementet rundt."


def test_markdown_numbered_headings() -> None:
    meeting = sample("markdown.md")
    assert summary(meeting) == [(1, "Status på projekter"), (2, "Budget")]
    assert meeting.date == date(2022, 1, 12)
    assert decision_text(meeting.items[0]).startswith("Styregruppen tog status til efterretning.")
    assert meeting.items[1].decision is not None and meeting.items[1].decision.heading == "Opfølgning"


def test_markdown_unnumbered_headings_are_items_numbered_zero() -> None:
    meeting = sample("markdown_unnumbered.md")
    assert summary(meeting) == [(0, "Velkomst"), (0, "Trivselsmåling")]
    assert meeting.date is None  # the only date is a deadline inside an item
    assert decision_text(meeting.items[1]).startswith("Skolelederne sender resultaterne")


def test_treatment_history_only_this_meetings_decision_is_current() -> None:
    meeting = sample("history.txt")
    assert meeting.date == date(2020, 6, 4) and meeting.forum == "Udvalget for Ældre og Sundhed"
    assert summary(meeting) == [(12, "Plejeboligplan 2020-2030"), (13, "Sundhedspolitik")]
    first, second = meeting.items
    assert first.case_number == "27.00.00-A00-1-20"
    decisions = first.sections_of(SectionKind.DECISION)
    assert [(d.decided_on, d.current) for d in decisions] == [
        (date(2019, 4, 3), False),
        (date(2020, 2, 3), False),
        (date(2020, 6, 4), True),
    ]
    assert decision_text(first).startswith("Godkendt. Forvaltningen indarbejder")
    assert decision_text(second).startswith("Udvalget godkendte høringsudkastet.")


def test_tables_of_contents_are_not_items() -> None:
    meeting = sample("toc.txt")
    assert summary(meeting) == [(1, "LG - Godkendelse af dagsorden"), (2, "LG - Sygefravær")]
    assert [item.case_number for item in meeting.items] == ["22/1234", "22/1235"]
    assert meeting.forum == "Ledergruppen" and meeting.date == date(2022, 3, 14)


def test_bare_numbers_continue_a_numbered_agenda() -> None:
    meeting = sample("bare_numbers.txt")
    assert summary(meeting) == [(1, "Godkendelse af dagsorden"), (2, "Orientering fra formanden"), (3, "Eventuelt")]
    assert meeting.forum == "Seniorrådet" and meeting.date == date(2023, 5, 2)


def test_flattened_text_is_cut_at_inline_markers() -> None:
    meeting = sample("flattened.txt")
    assert summary(meeting) == [(1, "Godkendelse af dagsorden"), (2, "Status på projektet"), (3, "Eventuelt")]
    assert (meeting.date, meeting.start_time) == (date(2017, 4, 7), time(9, 0))
    item = meeting.items[1]
    kinds = [(s.kind, s.heading) for s in item.sections]
    assert kinds == [(SectionKind.DECISION, "Beslutning:"), (SectionKind.DECISION, "Referat:")]
    assert item.sections[0].text == "Sekretariatet udsender en samlet status inden udgangen af maj."
    assert_offsets(meeting)


def test_med_layout_absence_lists_and_empty_absence_heading() -> None:
    meeting = sample("med_variants.txt")
    assert meeting.forum == "Fag MED for Teknik og Miljø"
    assert (meeting.date, meeting.start_time, meeting.place) == (date(2021, 12, 9), time(13, 0), "Mødelokale 4")
    first, second = meeting.items
    assert first.title == "Bemærkninger til dagsorden"
    assert decision_text(first) == "Ingen bemærkninger."
    absent = [s for s in first.sections if s.heading == "Fraværende:"]
    assert absent and absent[0].text == "Lise Munk og Ole Bak"
    # "Fraværende:" with nobody listed does not swallow the decision below it
    assert second.decision is not None and second.decision.decided_on == date(2021, 12, 9)
    assert "Økonomi sender materialet ud til alle medlemmer." in decision_text(second)


def test_an_absence_line_under_this_meetings_decision_heading_does_not_end_the_decision() -> None:
    text = (
        "Byrådet\n\nReferat\n\nDato: 29.03.2023\n\n"
        "5. Årsregnskab 2022\n\nIndstilling\nØkonomidirektøren indstiller, at\n"
        "1. årsregnskabet godkendes og oversendes til revisionen.\n\n"
        "Beslutning i Økonomiudvalget den 15-03-2023\nFraværende: Ingen\nAnbefales.\n\n"
        "Beslutning i Byrådet den 29-03-2023\nFraværende: Lise Kragh (V)\n\n"
        "Godkendt. Regnskabet oversendes til revisionen.\n"
    )
    meeting = parse_meeting(text, "byraad.txt")
    [item] = meeting.items
    assert meeting.date == date(2023, 3, 29)
    assert item.decision is not None and item.decision.decided_on == date(2023, 3, 29)
    assert "Godkendt. Regnskabet oversendes til revisionen." in decision_text(item)
    assert_offsets(meeting)


def test_med_items_with_a_kind_line_long_labelled_paragraphs_and_aftalt() -> None:
    background = "Baggrund: Sygefraværet var i 2024 på 5,8 pct. " + "Fraværet er højest på ældreområdet. " * 5
    text = (
        "HEDELUND KOMMUNE\nHovedudvalget (Hoved-MED)\n\nReferat af møde torsdag den 23. januar 2025\n\n"
        f"4. Sygefravær 2024\nTil drøftelse\n\n{background}\n\nFremlagt af HR-chef Thomas Egede.\n\n"
        "Aftalt: Orienteringen blev taget til efterretning. HR udarbejder til næste møde en opdeling af "
        "fraværet på kort- og langtidsfravær fordelt på områder og på de enkelte arbejdspladser.\n"
    )
    meeting = parse_meeting(text, "med.txt")
    assert meeting.forum == "Hovedudvalget"
    [item] = meeting.items
    assert [(s.kind, s.heading) for s in item.sections] == [
        (SectionKind.BACKGROUND, "Baggrund:"),
        (SectionKind.DECISION, "Aftalt:"),
    ]
    assert decision_text(item).startswith("Orienteringen blev taget til efterretning.")
    assert_offsets(meeting)


def test_unknown_layout_is_one_item_without_decision() -> None:
    meeting = sample("unknown.txt")
    assert len(meeting.items) == 1
    item = meeting.items[0]
    assert (item.number, item.title, item.decision) == (0, "Kære alle", None)
    assert meeting.text[item.start : item.end].endswith("Peter")
    assert (meeting.forum, meeting.date) == (None, None)


@pytest.mark.parametrize("text", ["", "\n\n", "x", "1.", "Beslutning", "Punkt 1:", "# source: http://x\n\n"])
def test_degenerate_texts_never_raise(text: str) -> None:
    meeting = parse_meeting(text, source="tom.txt")
    assert len(meeting.items) >= 1 and meeting.text == text
    assert_offsets(meeting)


def test_header_variants() -> None:
    cases = {
        "Referat Hovedudvalget den 13. marts 2014\n\n1. Punkt\nTekst.\n": ("Hovedudvalget", date(2014, 3, 13)),
        "Dagsordener og referater\n- Udvalg: HMU Socialområdet\n- Mødedato: 28. februar, 2025 kl. 09:30\n": (
            "HMU Socialområdet",
            date(2025, 2, 28),
        ),
        "Referat af bestyrelsesmøde\nDato: 4. maj 2021\nTid: 17.00\n": ("Bestyrelsen", date(2021, 5, 4)),
        "Opdateret: 1. juni 2021\nMøde i Ældrerådet d. 20. maj 2021\n": ("Ældrerådet", date(2021, 5, 20)),
        "Referat\n\nDato: Tirsdag, November 10, 2020 - 08:00\n": (None, date(2020, 11, 10)),
        "Godkendelse af referat fra mødet den 3. maj 2020.\nMødedato 10-06-2020\n": (None, date(2020, 6, 10)),
    }
    for text, (forum, day) in cases.items():
        meeting = parse_meeting(text, source="h.txt")
        assert (meeting.forum, meeting.date) == (forum, day), text


def test_weekday_infers_a_missing_year_from_the_text() -> None:
    text = "Referat af møde fredag d. 5. september\n\nBudget 2014 blev drøftet.\n"
    assert parse_meeting(text, source="r.txt").date == date(2014, 9, 5)
    assert parse_meeting("Møde den 29. oktober\n", source="r.txt").date is None


def test_a_numeric_date_with_the_year_after_a_space() -> None:
    text = "Porteføljestyregruppen\n\nDato: torsdag 14/3 2024, kl. 13.00-15.30\n\n1. Godkendelse af dagsorden\n"
    assert parse_meeting(text, source="r.txt").date == date(2024, 3, 14)


def test_weekday_confirms_a_year_from_the_documents_address_when_the_text_has_none() -> None:
    header = "Bestyrelsesmøde mandag den 8. dec, kl. 18-21 på kontoret\n\n1. Godkendelse af referat\n"
    confirmed = f"# source: http://example.dk/referater/moede_8_dec_2014/\n\n{header}"
    assert parse_meeting(confirmed, source="r.txt").date == date(2014, 12, 8)
    wrong_weekday = f"# source: http://example.dk/referater/moede_8_dec_2015/\n\n{header}"
    assert parse_meeting(wrong_weekday, source="r.txt").date is None


def test_agenda_titles_found_again_when_the_items_lost_their_numbers() -> None:
    meeting = sample("lost_numbers.txt")
    assert summary(meeting) == [
        (1, "Godkendelse af dagsorden"),
        (2, "Ansættelse af ny sekretær for rådet"),
        (3, "Vandløbsplan og vedligeholdelse"),
    ]
    second = meeting.text[meeting.items[1].start : meeting.items[1].end]
    assert second.startswith("Ansættelse af ny sekretær") and "samtale i april." in second
    assert meeting.date == date(2020, 3, 4) and meeting.forum == "Vandrådet"


def test_lower_case_titles_on_their_own_lines() -> None:
    meeting = sample("lowercase_titles.txt")
    assert summary(meeting) == [(1, "godkendelse af referat"), (2, "orientering fra lederen"), (3, "eventuelt")]
    assert (meeting.date, meeting.start_time, meeting.forum) == (date(2020, 3, 9), time(19, 0), "Bestyrelsen")


def test_proposal_points_are_never_items() -> None:
    text = (
        "Punkt 1: Budget\n\nIndstilling\n1. at budgettet godkendes\n2. at sagen sendes videre\n\n"
        "Beslutning\nGodkendt.\n"
    )
    meeting = parse_meeting(text, source="p.txt")
    assert summary(meeting) == [(1, "Budget")]
    assert meeting.items[0].proposal is not None
    assert meeting.items[0].proposal.text == "1. at budgettet godkendes\n2. at sagen sendes videre"


def test_a_deadline_in_a_header_less_text_is_not_the_meeting_date() -> None:
    meeting = parse_meeting("Notat\n\nVi aftalte, at planen skal være klar inden 1. juni 2019.\n", source="n.txt")
    assert meeting.date is None


@pytest.mark.parametrize(
    "text",
    [
        # headings in capitals, the committee's dated
        "Regionsrådet\n\nMødedato: 28. oktober 2026\n\n2. Budget\n\nINDSTILLING\nat budgettet godkendes.\n\n"
        "FORRETNINGSUDVALGETS BESLUTNING DEN 14. OKTOBER 2026\nAnbefalet.\n\nREGIONSRÅDETS BESLUTNING\nGodkendt.\n",
        # a chain of "Body DD.MM.ÅÅÅÅ:" lines under a proposal headed by its owner
        "Kommunalbestyrelsen\n\nMødedato: Onsdag den 26. marts 2025\n\n43. Overførsel\n\n"
        "Indstilling fra kommunaldirektøren\nKommunaldirektøren indstiller,\n1. at forslaget sendes i høring,\n\n"
        "Økonomi- og Erhvervsudvalget 12.03.2025:\nAnbefales.\n\nKommunalbestyrelsen 26.03.2025:\nGodkendt.\n",
    ],
)
def test_a_committees_decision_above_this_meetings_is_history(text: str) -> None:
    item = parse_meeting(text, source="k.txt").items[0]
    assert [(s.kind, s.current) for s in item.sections] == [
        (SectionKind.PROPOSAL, True),
        (SectionKind.DECISION, False),
        (SectionKind.DECISION, True),
    ]


def test_a_date_printed_only_in_the_page_footer_is_the_meeting_date() -> None:
    text = (
        "Lokalt Beskæftigelsesråd\n\nReferat\n\nTid: kl. 9.00-11.30\n\n1. Ledighed\nSekretariatet sender en "
        "invitation ud senest fredag.\n\nLBR Ålsted · Referat af møde 12.05.2026 · side 1 af 2\n"
    )
    assert parse_meeting(text, source="l.txt").date == date(2026, 5, 12)


def test_a_title_referat_fra_dates_this_meeting_and_a_later_deadline_does_not() -> None:
    text = "Referat fra Ungdomsrådsmøde 5. juni 2024\n\n1) Skatepark\n\nMikkel sender det senest fredag d. 14. juni.\n"
    assert parse_meeting(text, source="u.txt").date == date(2024, 6, 5)
    text = "Godkendt\n\nReferat fra mødet 3. maj 2024 blev godkendt.\n\nMøde torsdag den 6. juni 2024 kl. 16.00\n"
    assert parse_meeting(text, source="u.txt").date == date(2024, 6, 6)


@pytest.mark.parametrize(
    ("heading", "title"),
    [
        ("Meddelelser fra Solhøj (10 min.) - Mange syge i denne uge", "Meddelelser fra Solhøj (10 min.)"),
        ("Orientering fra Kulturhuset Referatet fra sidste møde er udsendt", "Orientering fra Kulturhuset"),
        ("Den nye plan v. Anne Marie Holm Opfølgning på mødet i marts", "Den nye plan v. Anne Marie Holm"),
        ("Orientering fra områdets sekretariat Der er ansat en ny konsulent", "Orientering fra områdets sekretariat"),
    ],
)
def test_a_run_on_title_keeps_the_name_after_fra_or_v(heading: str, title: str) -> None:
    text = (
        "Referat fra bestyrelsesmøde\n\n1 Referat fra bestyrelsesmøde Tid og sted: Onsdag 3. marts 2021, kl. 17.00 "
        "1. Godkendelse af dagsorden Dagsordenen blev godkendt uden bemærkninger fra bestyrelsen. "
        f"2. {heading}. Det er godt, at arbejdet går fremad, og at alle er glade for det nye hus. "
        "3. Eventuelt Intet at bemærke under eventuelt, og mødet blev afsluttet som planlagt."
    )
    meeting = parse_meeting(text, source="flat.txt")
    assert [item.title for item in meeting.items][:2] == ["Godkendelse af dagsorden", title]


@pytest.mark.parametrize(
    ("header", "forum"),
    [
        ("REFERAT\n\nChefforum, Hedeby Kommune\n\nDato: 14-03-2024", "Chefforum"),
        ("Vesthavn Kommune\nOmråde-MED Ældre og Sundhed\n\nReferat af møde den 3.4.2024 kl. 14.00", "Område-MED"),
        (
            "Region Øst\n\nReferat – Udvalg for Nære Sundhedstilbud\n\nMødedato 2024-05-22",
            "Udvalg for Nære Sundhedstilbud",
        ),
        (
            "Skovlund Kommune\nNetværk for digitaliseringskoordinatorer – referat\n\nTirsdag 6/2-2024",
            "Netværk for digitaliseringskoordinatorer",
        ),
        ("Bakkeskolen - Skolebestyrelsen\n\nReferat af møde tirsdag den 5. november 2024", "Skolebestyrelsen"),
        (
            "Spring til indhold\nLokalrådet for Lyngsø Strand\nMenu\nOm lokalrådet\n\nReferat 15. januar 2025",
            "Lokalrådet",
        ),
    ],
)
def test_the_forum_from_a_name_line_with_a_tail_or_a_title_after_a_dash(header: str, forum: str) -> None:
    assert parse_meeting(f"{header}\n\n1. Godkendelse af dagsorden\n", source="r.txt").forum == forum


def test_a_colon_after_referat_is_a_label_not_the_forum() -> None:
    assert parse_meeting("Referat: Godkendt uden bemærkninger.\n\n1. Eventuelt\n", source="r.txt").forum is None


def test_council_minutes_quote_committee_decisions_and_head_their_own_by_the_council() -> None:
    text = (
        "Byrådet\n\nReferat af byrådets møde den 23. april 2024\n\nPkt. 43  Årsregnskab 2023\n\n"
        "Sagsfremstilling\nÅrsregnskabet viser et overskud.\n\n"
        "Økonomi og Personale indstiller, at\n- årsregnskabet oversendes til revisionen senest 1. juni 2024\n\n"
        "Økonomiudvalget den 9. april 2024, pkt. 77:\nAnbefales.\n\n"
        "Byrådets beslutning den 23. april 2024:\nGodkendt med 26 stemmer.\n"
    )
    (item,) = parse_meeting(text, source="byraad.txt").items
    decisions = [(s.heading, s.current, s.decided_on) for s in item.sections if s.kind is SectionKind.DECISION]
    assert decisions == [
        ("Økonomiudvalget den 9. april 2024, pkt. 77:", False, date(2024, 4, 9)),
        ("Byrådets beslutning den 23. april 2024:", True, date(2024, 4, 23)),
    ]


def test_a_region_council_heads_its_decision_with_its_name_and_date() -> None:
    text = (
        "Regionsrådet\n\nBeslutningsprotokol fra mødet den 18. juni 2025\n\nPkt. 3 Økonomirapportering\n\n"
        "Indstilling\nAdministrationen indstiller, at rapporteringen tages til efterretning.\n\n"
        "Forretningsudvalget den 4. juni 2025, pkt. 5:\nAnbefales.\n\n"
        "Regionsrådet den 18. juni 2025:\nTaget til efterretning.\n"
    )
    (item,) = parse_meeting(text, source="region.txt").items
    decisions = [(s.heading, s.current) for s in item.sections if s.kind is SectionKind.DECISION]
    assert decisions == [
        ("Forretningsudvalget den 4. juni 2025, pkt. 5:", False),
        ("Regionsrådet den 18. juni 2025:", True),
    ]


def test_the_next_meeting_of_a_body_is_no_decision_heading() -> None:
    from nlp._headings import classify

    assert classify("Næste møde i arbejdsgruppen den 3. maj 2025:") is None
    found = classify("Regionsrådet den 18. juni 2025:")
    assert found is not None and found.kind is SectionKind.DECISION


def test_ad_dot_items_and_a_protokol_heading() -> None:
    text = (
        "NØRRE FORSYNING A/S\n\nBestyrelsesmøde den 14. november 2022\n\n"
        "Ad. 1  Godkendelse af protokol\n\nProtokol:\nGodkendt.\n\n"
        "Ad. 2  Budget 2023\n\nProtokol:\nDirektøren udarbejder takstbladet.\n"
    )
    meeting = parse_meeting(text, source="forsyning.txt")
    assert summary(meeting) == [(1, "Godkendelse af protokol"), (2, "Budget 2023")]
    assert [i.decision.text.strip() if i.decision else None for i in meeting.items] == [
        "Godkendt.",
        "Direktøren udarbejder takstbladet.",
    ]


def test_paragraph_numbered_items_and_an_upper_case_forum() -> None:
    text = (
        "KLØVERHEDE KOMMUNE\n\nØKONOMIUDVALGET\n\nReferat af møde tirsdag den 25. januar 2022 kl. 08.00\n\n"
        "§ 11   Godkendelse af dagsorden\n\nAfgørelse:\nGodkendt.\n\n"
        "§ 12   Meddelelser\n\nAfgørelse:\nTaget til efterretning.\n"
    )
    meeting = parse_meeting(text, source="oeu.txt")
    assert meeting.forum == "Økonomiudvalget"
    assert parse_meeting(text.replace("ØKONOMIUDVALGET", "HOVED-MED"), source="m.txt").forum == "Hoved-MED"
    school = "Referat fra møde i Hedeby Skole med SFO - Skolebestyrelsen"
    assert parse_meeting(text.replace("ØKONOMIUDVALGET", school), source="s.txt").forum == "Skolebestyrelsen"
    assert summary(meeting) == [(11, "Godkendelse af dagsorden"), (12, "Meddelelser")]


def test_an_advisory_councils_remarks_and_a_decision_lead_line_head_the_decision() -> None:
    text = (
        "Handicaprådet\n\nReferat\nMøde den 2. september 2025\n\n"
        "Punkt 2. Høring om hjælpemidler\nSagsfremstilling:\nForslaget er sendt i høring.\n\n"
        "Rådets høringssvar:\nRådet er positivt.\n\n"
        "Punkt 3. Budget\nDirektøren gennemgik budgettet.\n\nBestyrelsen besluttede, at\n- budgettet godkendes\n\n"
        "Punkt 4. Tilskud\nAdministrationens bemærkninger:\nTilskuddet er lavt.\n"
    )
    items = parse_meeting(text, source="h.txt").items
    assert [[(s.kind, s.text.strip()) for s in item.sections] for item in items] == [
        [(SectionKind.PRESENTATION, "Forslaget er sendt i høring."), (SectionKind.DECISION, "Rådet er positivt.")],
        [(SectionKind.DECISION, "- budgettet godkendes")],
        [],  # an administration's remarks are not a decision
    ]
