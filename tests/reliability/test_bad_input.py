"""Bad input through the real ``tracker ingest`` and ``tracker extract`` processes.

One folder mixes good referater (UTF-8, cp1252, UTF-16, no decisions, an unknown layout, an
impossible date) with every kind of bad file we know of. Each bad file must get exactly one
``error: <file>: <reason>`` line, the good ones must be stored as ``tracker extract`` reads
them, the exit code must say something was left out, and nothing of a bad file may be stored.
Two failures need the process from inside (a file vanishing between listing and reading, a
database error half-way through storing a document) and run in-process.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select
from typer.testing import CliRunner

from nlp.extract import Extraction
from nlp.organisation import Organisation
from tests.nlp.test_reading import make_pdf
from tests.reliability.helpers import clean_env, counts, problems, tracker_command
from tests.tracker.ingest_helpers import Said, build_extraction
from tracker.cli.app import app
from tracker.db import open_engine, session_scope
from tracker.models import FollowUp, Meeting
from tracker.services.actors import Actor, Role
from tracker.services.ingest import ingest_extraction

HEADER = "Referat af møde i Chefforum\nDato: {date}\n\n"
DECISION = "Punkt 1: Budget\nBeslutning\nØkonomi & Stab sender budgettet til cheferne senest {deadline}.\n"

GOOD = {
    "utf8.txt": ((HEADER + DECISION).format(date="14. marts 2019", deadline="1. april 2019"), "utf-8"),
    "cp1252.txt": ((HEADER + DECISION).format(date="15. marts 2019", deadline="2. april 2019"), "cp1252"),
    "utf16.txt": ((HEADER + DECISION).format(date="18. marts 2019", deadline="3. april 2019"), "utf-16"),
    "ingen-beslutninger.txt": (
        HEADER.format(date="4. april 2019")
        + "Punkt 1: Orientering om økonomien\nBeslutning\nChefforum tog orienteringen til efterretning.\n\n"
        "Punkt 2: Eventuelt\nBeslutning\nIntet.\n",
        "utf-8",
    ),
    "ukendt-layout.txt": (
        "Noter fra formiddagens snak om kantinen\n\nVi talte om maden og om åbningstiderne. Sundhed undersøger "
        "om salatbaren kan udvides. Alle var glade for kaffen.\n",
        "utf-8",
    ),
    "umulig-dato.txt": ((HEADER + DECISION).format(date="31. februar 2019", deadline="31. februar 2019"), "utf-8"),
}

# file name -> what its error line must say
BAD = {
    "tom.txt": "empty file",
    "støj.txt": "binary data, not a text document",
    "halv.pdf": "truncated PDF",
    "låst.pdf": "encrypted PDF (password protected)",
    "scannet.pdf": "no text layer (scanned PDF?); run OCR first",
    "referat.docx": "not a .docx file (not a zip archive)",
    "kæmpe.txt": "file too large (50.0 MB; the limit is 25 MB for one referat)",
    "forsvundet.txt": "broken link (its target does not exist)",
    "løkke.txt": "cannot be read (",  # a link to itself: root reads everything, but not this
}


def _encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf([["Fortroligt punkt"]]))))
    writer.encrypt(user_password="hemmelig", owner_password="ejer", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _write_bad(folder: Path) -> None:
    pdf = make_pdf([["Punkt 1: Godkendelse af dagsorden"] * 30] * 3)
    (folder / "tom.txt").write_bytes(b"")
    (folder / "støj.txt").write_bytes(random.Random(6).randbytes(4096))
    (folder / "halv.pdf").write_bytes(pdf[: len(pdf) // 2])
    (folder / "låst.pdf").write_bytes(_encrypted_pdf())
    (folder / "scannet.pdf").write_bytes(make_pdf([[], []]))
    (folder / "referat.docx").write_text("Referat, men ikke et Word-dokument.", encoding="utf-8")
    line = "Punkt 1: Budget. Beslutning: Økonomi & Stab sender budgettet senest 1. april 2019.\n".encode()
    with (folder / "kæmpe.txt").open("wb") as big:
        big.write(line * (50 * 1024 * 1024 // len(line) + 1))
    (folder / "forsvundet.txt").symlink_to(folder / "slettet.txt")
    (folder / "løkke.txt").symlink_to(folder / "løkke.txt")
    (folder / "mappe.txt").mkdir()  # a folder named like a referat is a folder: searched, not read
    (folder / "mappe.txt" / "noter.md").write_text("ikke et referat", encoding="utf-8")


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "referater"
    folder.mkdir()
    for name, (content, encoding) in GOOD.items():
        (folder / name).write_bytes(content.encode(encoding))
    _write_bad(folder)
    assert (folder / "kæmpe.txt").stat().st_size > 50 * 1024 * 1024
    return folder


def _error_lines(stderr: str, folder: Path) -> dict[str, str]:
    """File name -> reason, checking every line has the ``error: <path>: <reason>`` form."""
    reasons: dict[str, str] = {}
    for line in stderr.splitlines():
        assert line.startswith(f"error: {folder}/"), line
        path, reason = line.removeprefix("error: ").split(": ", 1)
        name = Path(path).name
        assert name not in reasons, f"two lines for {name}"
        reasons[name] = reason
    return reasons


def _assert_reasons(reasons: dict[str, str]) -> None:
    assert set(reasons) == set(BAD)
    for name, expected in BAD.items():
        assert reasons[name].startswith(expected), (name, reasons[name])


def test_a_folder_of_good_and_bad_files(mixed_folder: Path, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    engine = open_engine(url)  # something stored before: it must be left exactly as it was
    with session_scope(engine) as session:
        earlier = build_extraction({1: [Said("Sundhed svarer.", ("Sundhed",))]}, source="tidligere.txt")
        ingest_extraction(session, earlier, _organisation(), Actor("sekretær", Role.SECRETARIAT))
    before = counts(url)

    env = clean_env()
    ingest = subprocess.Popen(
        tracker_command("ingest", "--format", "json", mixed_folder, db=url),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    extract = subprocess.Popen(
        tracker_command("extract", mixed_folder), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    ingest_out, ingest_err = ingest.communicate(timeout=180)
    extract_out, extract_err = extract.communicate(timeout=180)

    assert (ingest.returncode, extract.returncode) == (1, 1), ingest_err + extract_err
    _assert_reasons(_error_lines(ingest_err, mixed_folder))
    _assert_reasons(_error_lines(extract_err, mixed_folder))

    summary: list[dict[str, Any]] = json.loads(ingest_out)
    assert sorted(s["source"] for s in summary) == sorted(GOOD)
    assert {s["status"] for s in summary} == {"new"}
    extracted = [json.loads(line) for line in extract_out.splitlines()]
    per_document = Counter(record["doc"] for record in extracted)

    with Session(engine) as session:
        meetings = {m.source: m for m in session.exec(select(Meeting))}
        assert set(meetings) == set(GOOD) | {"tidligere.txt"}
        source_of = {m.id: m.source for m in meetings.values()}
        stored = Counter(source_of[f.meeting_id] for f in session.exec(select(FollowUp)))
        impossible = session.exec(select(FollowUp).where(FollowUp.meeting_id == meetings["umulig-dato.txt"].id)).all()
    engine.dispose()

    # the good files are stored exactly as the extractor reads them
    assert {doc: stored[doc] for doc in GOOD} == {doc: per_document[doc] for doc in GOOD}
    assert stored["tidligere.txt"] == 1
    for name in ("utf8.txt", "cp1252.txt", "utf16.txt"):
        assert meetings[name].forum == "Chefforum" and "Økonomi & Stab sender" in meetings[name].text
        assert stored[name] == 1
    assert [m.date for m in (meetings["utf8.txt"], meetings["cp1252.txt"], meetings["utf16.txt"])] == [
        dt.date(2019, 3, 14),
        dt.date(2019, 3, 15),
        dt.date(2019, 3, 18),
    ]
    assert stored["ingen-beslutninger.txt"] == 0
    assert meetings["ukendt-layout.txt"].text.startswith("Noter fra formiddagens snak")
    assert meetings["umulig-dato.txt"].date is None  # "31. februar": no crash, no date
    assert impossible and all(f.deadline is None for f in impossible)

    # nothing of the bad files, and nothing else changed
    after = counts(url)
    assert after["meeting"] == before["meeting"] + len(GOOD)
    assert after["follow_up"] == before["follow_up"] + sum(per_document[doc] for doc in GOOD)
    assert problems(url) == []


def _organisation() -> Organisation:
    from nlp.organisation import load_organisation
    from tracker.config import DEFAULT_ORGANISATION

    return load_organisation(DEFAULT_ORGANISATION)


# --- from inside the process ------------------------------------------------------------------

BUILT = {
    f"møde-{day}.txt": build_extraction(
        {1: [Said(f"Sundhed svarer på punkt {day}.", ("Sundhed",)), Said("Økonomi & Stab regner efter.", ("ØS",))]},
        source=f"møde-{day}.txt",
        date=dt.date(2019, 3, day),
    )
    for day in (4, 5, 6)
}


@pytest.fixture
def built_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Three referater read for real, their extraction built in the test."""
    import nlp.extract
    from nlp.reading import read_document

    def process_file(path: Path | str, organisation: Organisation | None = None) -> Extraction:
        read_document(path)
        return BUILT[Path(path).name]

    monkeypatch.setattr(nlp.extract, "process_file", process_file)
    folder = tmp_path / "referater"
    folder.mkdir()
    for name in BUILT:
        (folder / name).write_text(f"Referat {name}", encoding="utf-8")
    return folder


def test_a_file_that_disappears_mid_run(built_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import nlp.extract

    real = nlp.extract.process_file
    doomed = built_folder / "møde-6.txt"

    def then_delete(path: Path | str, organisation: Organisation | None = None) -> Extraction:
        doomed.unlink(missing_ok=True)  # removed after the folder was listed, before it is read
        return real(path, organisation)

    monkeypatch.setattr(nlp.extract, "process_file", then_delete)
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    result = CliRunner().invoke(app, ["--db", url, "ingest", str(built_folder)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"error: {doomed}: file not found"]
    assert counts(url)["meeting"] == 2


def test_a_store_failure_rolls_back_only_that_document(
    built_folder: Path, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """A database error after a document's meeting, items, follow-ups and assignments were
    written (its events fail): that document leaves nothing, the ones before and after it are
    stored."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    def failing_events(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if statement.startswith("INSERT INTO event") and "møde-5.txt" in repr(parameters):
            raise OperationalError(statement, {}, Exception("disk I/O error"))

    def heal() -> None:
        if event.contains(Engine, "before_cursor_execute", failing_events):
            event.remove(Engine, "before_cursor_execute", failing_events)

    event.listen(Engine, "before_cursor_execute", failing_events)
    request.addfinalizer(heal)  # every engine of the process listens until then
    url = f"sqlite:///{tmp_path / 'tracker.db'}"
    result = CliRunner().invoke(app, ["--db", url, "ingest", str(built_folder)])
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"error: {built_folder / 'møde-5.txt'}: database error: disk I/O error"]
    engine = open_engine(url)
    with Session(engine) as session:
        assert sorted(session.exec(select(Meeting.source)).all()) == ["møde-4.txt", "møde-6.txt"]
    engine.dispose()
    after = counts(url)
    assert (after["meeting"], after["agenda_item"], after["follow_up"], after["assignment"]) == (2, 2, 4, 4)
    assert problems(url) == []

    heal()  # run again: the missing one comes in
    again = CliRunner().invoke(app, ["--db", url, "ingest", str(built_folder)])
    assert again.exit_code == 0, again.output
    assert counts(url)["meeting"] == 3 and counts(url)["follow_up"] == 6
