"""read_document on every format it accepts and every way a file can be unreadable.

The files are written for real in tmp_path: PDFs are assembled byte by byte (a catalog, a
page tree, a Helvetica font and a content stream per page), Word files with python-docx.
"""

from __future__ import annotations

import io
import os
import sys
import zipfile
from pathlib import Path

import pytest

from nlp.errors import DocumentError
from nlp.reading import MAX_DOCUMENT_BYTES, normalise_text, read_document

DANISH = "Referat fra mødet i Økonomiudvalget. Æblerne og blåbærrene blev godkendt."


def _pdf_string(line: str) -> bytes:
    raw = line.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal valid PDF with one text line per entry, WinAnsi-encoded Helvetica."""
    objects: list[bytes] = []
    n_pages = len(pages)
    font_id = 3
    first_page_id = 4
    page_ids = [first_page_id + 2 * i for i in range(n_pages)]
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    kids = b" ".join(b"%d 0 R" % pid for pid in page_ids)
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % n_pages)
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for i, lines in enumerate(pages):
        content = b"BT /F1 12 Tf 14 TL 72 760 Td " + b" ".join(_pdf_string(ln) + b" Tj T*" for ln in lines)
        content += b" ET"
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R >> >> "
            b"/Contents %d 0 R >>" % (font_id, page_ids[i] + 1)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def reason(path: Path) -> str:
    with pytest.raises(DocumentError) as caught:
        read_document(path)
    assert caught.value.path == path
    assert path.name in str(caught.value)
    return caught.value.reason


# --- text -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoded", "label"),
    [
        (DANISH.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + DANISH.encode("utf-8"), "utf-8 with BOM"),
        (DANISH.encode("utf-16"), "utf-16 with BOM"),
        (DANISH.encode("utf-16-le"), "utf-16 without BOM"),
        (DANISH.encode("cp1252"), "cp1252"),
        (DANISH.encode("latin-1"), "latin-1"),
    ],
)
def test_text_encodings_are_decoded(tmp_path: Path, encoded: bytes, label: str) -> None:
    assert read_document(write(tmp_path, "referat.txt", encoded)) == DANISH + "\n", label


def test_cp1252_punctuation_is_kept(tmp_path: Path) -> None:
    text = "Beslutning – “godkendt” … pris 5 €"
    assert read_document(write(tmp_path, "r.txt", text.encode("cp1252"))) == text + "\n"


def test_dos_codepage_is_detected_rather_than_misread_as_cp1252(tmp_path: Path) -> None:
    text = ("Økonomiudvalget besluttede, at følgende skal gå videre til byrådet på næste møde. " * 20).strip()
    result = read_document(write(tmp_path, "r.txt", text.encode("cp850")))
    assert "†" not in result and "›" not in result
    assert "ø" in result and "å" in result


def test_normalisation(tmp_path: Path) -> None:
    raw = "Punkt 1:\u00a0Godkendelse   \r\nBeslutning\u202fgodkendt\r\n\r\n\r\n\r\n\r\n\r\nBilag\u200b\n"
    decomposed = "Mo\u0308de"  # o + combining diaeresis -> ö
    text = read_document(write(tmp_path, "r.txt", raw + decomposed))
    assert text == "Punkt 1: Godkendelse\nBeslutning godkendt\n\n\nBilag\nMöde\n"


def test_normalise_text_is_idempotent() -> None:
    once = normalise_text("a\u00a0b \n\n\n\n\nc\r\n")
    assert normalise_text(once) == once == "a b\n\n\nc\n"


# --- failures common to every format ----------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    assert reason(tmp_path / "findes-ikke.txt") == "file not found"


def test_directory_is_not_a_document(tmp_path: Path) -> None:
    (tmp_path / "mappe.txt").mkdir()
    assert "directory" in reason(tmp_path / "mappe.txt")


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0, reason="root reads every file")
def test_unreadable_file(tmp_path: Path) -> None:
    path = write(tmp_path, "r.txt", DANISH)
    path.chmod(0)
    try:
        assert "permission denied" in reason(path)
    finally:
        path.chmod(0o644)


def test_unreadable_file_as_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Root ignores file modes, so simulate the OS refusing the read."""
    path = write(tmp_path, "r.txt", DANISH)

    def refuse(self: Path) -> bytes:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    assert "permission denied" in reason(path)


@pytest.mark.parametrize("content", [b"", b"  \n\n\t "])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    assert reason(write(tmp_path, "tom.txt", content)) == "empty file"


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "stor.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_DOCUMENT_BYTES + 1)
    message = reason(path)
    assert "too large" in message and "25 MB" in message


@pytest.mark.parametrize("name", ["data.txt", "data.bin", "data"])
def test_binary_garbage(tmp_path: Path, name: str) -> None:
    garbage = bytes(range(256)) * 40
    assert "binary" in reason(write(tmp_path, name, garbage))


def test_control_characters_without_nul_are_binary(tmp_path: Path) -> None:
    data = b"abc\x01\x02\x03\x04\x05\x06\x07\x0e\x0f\x10" * 100
    assert "binary" in reason(write(tmp_path, "r.txt", data))


# --- PDF --------------------------------------------------------------------------------------


def test_pdf_pages_joined_by_blank_line(tmp_path: Path) -> None:
    pdf = make_pdf([["Punkt 1: Godkendelse af dagsorden", "Beslutning"], ["Punkt 2: Økonomi og bære-", "dygtighed"]])
    text = read_document(write(tmp_path, "referat.pdf", pdf))
    first, second = text.split("\n\n")
    assert first.splitlines() == ["Punkt 1: Godkendelse af dagsorden", "Beslutning"]
    # a word hyphenated at a line end is joined again
    assert second.splitlines() == ["Punkt 2: Økonomi og bæredygtighed"]


def test_pdf_is_sniffed_without_extension(tmp_path: Path) -> None:
    text = read_document(write(tmp_path, "referat.dat", make_pdf([["Mødedato 3. marts 2021"]])))
    assert text == "Mødedato 3. marts 2021\n"


def test_truncated_pdf(tmp_path: Path) -> None:
    pdf = make_pdf([["Punkt 1: Godkendelse"] * 30] * 3)
    assert "truncated PDF" in reason(write(tmp_path, "halv.pdf", pdf[: len(pdf) // 2]))


def test_corrupt_pdf(tmp_path: Path) -> None:
    pdf = make_pdf([["Punkt 1"]])
    broken = b"%PDF-1.4\n" + b"\x13\x37 not an object " * 50 + pdf[-40:]
    assert "corrupt PDF" in reason(write(tmp_path, "ødelagt.pdf", broken))


def test_pdf_extension_on_text(tmp_path: Path) -> None:
    assert "not a PDF" in reason(write(tmp_path, "forkert.pdf", DANISH))


def _encrypted(pdf: bytes, user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=user_password, owner_password="ejer-hemmelig", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_encrypted_pdf_with_password(tmp_path: Path) -> None:
    pdf = _encrypted(make_pdf([["Fortroligt punkt"]]), "hemmelig")
    assert reason(write(tmp_path, "låst.pdf", pdf)) == "encrypted PDF (password protected)"


def test_encrypted_pdf_with_empty_password_is_read(tmp_path: Path) -> None:
    pdf = _encrypted(make_pdf([["Beslutning: godkendt"]]), "")
    assert read_document(write(tmp_path, "kopibeskyttet.pdf", pdf)) == "Beslutning: godkendt\n"


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    pdf = make_pdf([[], []])
    assert reason(write(tmp_path, "scannet.pdf", pdf)) == "no text layer (scanned PDF?); run OCR first"


# --- Word -------------------------------------------------------------------------------------


def _docx(tmp_path: Path, name: str = "referat.docx") -> Path:
    import docx

    document = docx.Document()
    document.add_heading("Referat Hovedudvalget", level=1)
    document.add_paragraph("Mødedato: 4. april 2022")
    document.add_heading("Punkt 1: Budget", level=2)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Ansvarlig"
    table.cell(0, 1).text = "Frist"
    table.cell(1, 0).text = "Økonomi"
    table.cell(1, 1).text = "1. maj"
    document.add_paragraph("Beslutning")
    document.add_paragraph("Godkendt med bemærkninger.")
    path = tmp_path / name
    document.save(str(path))
    return path


def test_docx_paragraphs_and_tables_in_body_order(tmp_path: Path) -> None:
    lines = [line for line in read_document(_docx(tmp_path)).splitlines() if line]
    assert lines == [
        "Referat Hovedudvalget",
        "Mødedato: 4. april 2022",
        "Punkt 1: Budget",
        "Ansvarlig | Frist",
        "Økonomi | 1. maj",
        "Beslutning",
        "Godkendt med bemærkninger.",
    ]


def test_docx_headings_stand_apart(tmp_path: Path) -> None:
    text = read_document(_docx(tmp_path))
    assert "\n\nPunkt 1: Budget\n\n" in text


def test_docx_is_sniffed_without_extension(tmp_path: Path) -> None:
    path = _docx(tmp_path, "referat.bin")
    assert "Godkendt med bemærkninger." in read_document(path)


def test_docx_merged_cells_appear_once(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2))
    table.cell(0, 0).text = "Handleplan"
    table.cell(1, 0).text = "a"
    table.cell(1, 1).text = "b"
    table.cell(1, 2).text = "c"
    path = tmp_path / "flet.docx"
    document.save(str(path))
    assert read_document(path) == "Handleplan\na | b | c\n"


def test_docx_that_is_not_a_zip(tmp_path: Path) -> None:
    assert reason(write(tmp_path, "referat.docx", DANISH)) == "not a .docx file (not a zip archive)"


def test_old_doc_format(tmp_path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
    assert ".doc" in reason(write(tmp_path, "gammel.docx", ole))
    assert ".doc" in reason(write(tmp_path, "gammel.doc", ole))


def test_zip_without_word_document(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("noter.txt", "intet her")
    assert "without a Word document" in reason(write(tmp_path, "referat.docx", buffer.getvalue()))


def test_truncated_docx(tmp_path: Path) -> None:
    data = _docx(tmp_path).read_bytes()
    assert "corrupt .docx" in reason(write(tmp_path, "halv.docx", data[: len(data) // 2]))


# --- HTML -------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><title>Ignoreres</title><style>p { color: red }</style>
<script>var x = "Beslutning: skjult";</script></head>
<body>
<nav><a href="/">Forside</a> | <a href="/politik">Politik</a></nav>
<h1>Referat  Fag MED</h1>
<div>Dato: 7.&nbsp;november 2022</div>
<ol><li>Godkendelse af dagsorden</li><li>Budget</li></ol>
<h2>1. Godkendelse af dagsorden</h2>
<p>Dagsordenen blev <b>godkendt</b>.<br>Ingen bemærkninger.</p>
<table><tr><th>Hvem</th><th>Hvad</th></tr><tr><td>HR</td><td>Sender <i>materiale</i> ud</td></tr></table>
<ul><li>Punkt a</li></ul>
</body></html>"""


def test_html_blocks_become_lines_and_tables_rows(tmp_path: Path) -> None:
    lines = [line for line in read_document(write(tmp_path, "referat.html", PAGE)).splitlines() if line]
    assert lines == [
        "Referat Fag MED",
        "Dato: 7. november 2022",
        "1. Godkendelse af dagsorden",
        "2. Budget",
        "1. Godkendelse af dagsorden",
        "Dagsordenen blev godkendt.",
        "Ingen bemærkninger.",
        "Hvem | Hvad",
        "HR | Sender materiale ud",
        "- Punkt a",
    ]


def test_html_drops_script_style_and_nav(tmp_path: Path) -> None:
    text = read_document(write(tmp_path, "referat.htm", PAGE))
    assert "skjult" not in text and "color" not in text and "Forside" not in text


def test_html_is_sniffed_without_extension(tmp_path: Path) -> None:
    text = read_document(write(tmp_path, "agenda.aspx", PAGE))
    assert "Referat Fag MED" in text and "<h1>" not in text


def test_html_in_cp1252_with_meta_charset(tmp_path: Path) -> None:
    page = '<html><head><meta charset="windows-1252"></head><body><p>Mødested: Rådhuset</p></body></html>'
    assert read_document(write(tmp_path, "r.html", page.encode("cp1252"))) == "Mødested: Rådhuset\n"


def test_html_layout_tables_keep_their_blocks(tmp_path: Path) -> None:
    page = (
        "<html><body><table><tr><td><table><tr><td>Navn</td><td>Frist</td></tr></table>"
        "<p>Beslutning</p><p>Godkendt.</p></td></tr></table></body></html>"
    )
    lines = [line for line in read_document(write(tmp_path, "r.html", page)).splitlines() if line]
    assert lines == ["Navn | Frist", "Beslutning", "Godkendt."]


def test_a_pipe_is_refused_not_waited_on(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "referat.txt"
    os.mkfifo(fifo)
    with pytest.raises(DocumentError, match="not a regular file"):
        read_document(fifo)


def test_a_broken_link_is_named_as_such(tmp_path: Path) -> None:
    link = tmp_path / "referat.txt"
    link.symlink_to(tmp_path / "gone.txt")
    with pytest.raises(DocumentError, match="broken link"):
        read_document(link)


def test_a_word_hyphenated_across_a_line_break_is_joined() -> None:
    text = "Lund og Inger ud-\narbejder et udkast til Børne-\nog Ungeudvalget og IT-\nafdelingen."
    assert (
        normalise_text(text) == "Lund og Inger udarbejder et udkast til Børne-\nog Ungeudvalget og IT-\nafdelingen.\n"
    )


def test_a_sentence_cut_by_a_page_break_is_joined_without_the_page_furniture() -> None:
    header = "Beredskabskommissionen - Referat 20. februar 2025"
    text = (
        f"{header}\n\nBeredskabschefen udarbejder et forslag, som\n\n\nSide 3 af 5\n\f{header}\n\n"
        "forelægges kommissionen på mødet den 12. juni 2025.\n"
    )
    assert normalise_text(text) == (
        f"{header}\n\nBeredskabschefen udarbejder et forslag, som\n"
        "forelægges kommissionen på mødet den 12. juni 2025.\n"
    )
    # a sentence that ends at the page break, or a line after it that is not a running header, stays
    ended = "Forslaget blev godkendt.\n\nSide 3 af 5\n\nnæste side begynder med småt.\n"
    assert normalise_text(ended) == ended
    own_text = "Der udarbejdes en plan, som\n\nSide 3 af 5\n\nBilag\n\nvedlægges.\n"
    assert normalise_text(own_text) == own_text
