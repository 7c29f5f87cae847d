"""From a referat file to its normalised text.

Minutes arrive as whatever the secretariat's system exports: text files in any of the
encodings Danish offices have used (UTF-8, UTF-16 from Word's "Unicode text", cp1252 from
older Windows tools), PDFs, Word documents and saved web pages. Everything downstream works
on one normalised string, so the offsets the parser and the extractor record stay valid when
the text is shown again later. Every way a file can be unreadable becomes one
``DocumentError`` naming the file and a reason a person can act on.

The format libraries (pypdf, python-docx, bs4) are imported inside the per-format functions:
they are slow to import and most commands never read a document.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path
from stat import S_ISREG
from typing import Any

from nlp.errors import DocumentError
from nlp.tables import unflatten_tables

# Real minutes are well under a few MB; anything bigger is a mistaken file (a scan archive, a
# video) and reading it whole would only waste memory before failing anyway.
MAX_DOCUMENT_BYTES = 25 * 1024 * 1024

_TEXT_SUFFIXES = frozenset({".txt", ".text", ".md", ".csv"})
_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})

# Characters that render as a space; PDF and Word exports are full of them.
_ODD_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
# Invisible characters that only get in the way of matching (BOMs mid-text, soft hyphens).
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad]")
# C0/C1 control characters other than tab and newline.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)
# A word hyphenated across a PDF line break ("ud-\narbejder"); not "Børne-\nog Unge".
_BROKEN_WORD = re.compile(r"(?<=[a-zæøå]{2})-\n(?=[a-zæøå]{2})(?!(?:og|eller|samt|til)\b)")
_MANY_BLANK_LINES = re.compile(r"\n{4,}")
# A page break inside a sentence: a line that ends mid-sentence, then blank lines, a page number
# ("Side 3 af 5", maybe after a running footer on the same line), perhaps the next page's running
# header, and the sentence going on in lower case.
_PAGE_NUMBER = r"[^\n]{0,120}?\b(?:Side|side|Page)\s+\d+(?:\s*(?:af|/|of)\s*\d+(?:\s+sider)?)?[ \t]*"
_SENTENCE_OVER_PAGE_BREAK = re.compile(
    rf"(?<=[a-zæøå,])\n(?:[ \t]*\n)+{_PAGE_NUMBER}\n(?:[ \t]*\n)*(?P<header>[^\n]{{3,120}}\n(?:[ \t]*\n)*)?(?=[a-zæøå])"
)

# cp1252 characters in 0x80-0x9F that real Danish text uses; the rest of that range (†, ‰, ›,
# Ÿ …) shows up when the bytes were really cp850/mac-roman and cp1252 is the wrong guess.
_CP1252_PLAUSIBLE = set("€‚„…–—‘’“”•™")
_CP1252_RANGE = {bytes([b]).decode("cp1252", errors="ignore") for b in range(0x80, 0xA0)} - {""}


def read_document(path: Path | str) -> str:
    """The normalised text of a referat (.txt, .pdf, .docx, .html/.htm; others are sniffed).

    Raises ``DocumentError`` for a missing, unreadable, empty, oversized, binary, corrupt,
    encrypted or image-only file.
    """
    path = Path(path)
    data = _read_bytes(path)
    reader = _reader_for(path, data)
    text = normalise_text(reader(path, data))
    if not text.strip():
        raise DocumentError(path, "the document contains no text")
    return text


def normalise_text(text: str) -> str:
    """NFC, ``\\n`` line ends, plain spaces, no trailing spaces, words joined across hyphenated line
    breaks, at most two blank lines in a row."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = _ODD_SPACES.sub(" ", text)
    text = _INVISIBLE.sub("", text)
    text = _CONTROL.sub("", text)
    text = _TRAILING_SPACE.sub("", text)
    text = _BROKEN_WORD.sub("", text)
    text = _join_over_page_breaks(text)
    text = unflatten_tables(text)
    text = _MANY_BLANK_LINES.sub("\n\n\n", text)
    text = text.strip("\n")
    return text + "\n" if text else ""


def _join_over_page_breaks(text: str) -> str:
    """A sentence that a PDF page break cuts in two is one sentence again: the page number and
    the next page's running header (a line the document repeats) between its halves are dropped."""
    if "ide " not in text and "age " not in text:
        return text

    def join(match: re.Match[str]) -> str:
        header = match["header"]
        if header is not None and text.count(header.strip()) < 2:
            return match.group()  # not a running header: text of its own
        return "\n"

    return _SENTENCE_OVER_PAGE_BREAK.sub(join, text)


def _read_bytes(path: Path) -> bytes:
    try:
        if path.is_dir():
            raise DocumentError(path, "is a directory, not a document")
        stat = path.stat()
        if not S_ISREG(stat.st_mode):
            raise DocumentError(path, "not a regular file (a pipe, socket or device)")
        size = stat.st_size
    except FileNotFoundError:
        reason = "broken link (its target does not exist)" if path.is_symlink() else "file not found"
        raise DocumentError(path, reason) from None
    except PermissionError:
        raise DocumentError(path, "permission denied (cannot read the file)") from None
    except OSError as exc:
        raise DocumentError(path, f"cannot be read ({exc.strerror or exc})") from None
    if size > MAX_DOCUMENT_BYTES:
        raise DocumentError(
            path,
            f"file too large ({size / 1024 / 1024:.1f} MB; the limit is "
            f"{MAX_DOCUMENT_BYTES // 1024 // 1024} MB for one referat)",
        )
    try:
        data = path.read_bytes()
    except PermissionError:
        raise DocumentError(path, "permission denied (cannot read the file)") from None
    except OSError as exc:
        raise DocumentError(path, f"cannot be read ({exc.strerror or exc})") from None
    if not data.strip():
        raise DocumentError(path, "empty file")
    return data


_Reader = Callable[[Path, bytes], str]


def _reader_for(path: Path, data: bytes) -> _Reader:
    """Trust the extension for the formats it names; sniff the content otherwise."""
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        return _pdf_text
    if suffix == ".docx":
        return _docx_text
    if suffix in _HTML_SUFFIXES:
        return _html_text
    if suffix in _TEXT_SUFFIXES:
        return _plain_text
    head = data[:4096].lstrip()
    if head.startswith(b"%PDF"):
        return _pdf_text
    if head.startswith(b"PK\x03\x04"):
        return _docx_text
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise DocumentError(path, "old binary Word/Office format (.doc); save it as .docx or PDF")
    if head.startswith(b"{\\rtf"):
        raise DocumentError(path, "RTF is not supported; save it as .docx, PDF or text")
    if _looks_like_html(head):
        return _html_text
    return _plain_text


_HTML_START = re.compile(rb"^(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S)
_HTML_TAGS = re.compile(rb"<(?:p|div|table|br|h[1-6]|span|ul|li)\b[^>]*>", re.I)


def _looks_like_html(head: bytes) -> bool:
    if head.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        head = head.lstrip(b"\xef\xbb\xbf\xff\xfe").replace(b"\x00", b"")
    return bool(_HTML_START.match(head)) or len(_HTML_TAGS.findall(head)) >= 3


# --- plain text ---------------------------------------------------------------------------


_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def _plain_text(path: Path, data: bytes) -> str:
    return decode_text(path, data)


def decode_text(path: Path, data: bytes) -> str:
    """Bytes of a text file to str: BOM, then strict UTF-8, then cp1252, then detection.

    UTF-8 first because it almost never decodes by accident; cp1252 next because it is what
    Danish Windows tools wrote for decades; detection only when cp1252 looks wrong.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _check_text(path, data.decode(encoding))
            except UnicodeDecodeError:
                raise DocumentError(path, f"damaged text file (invalid {encoding.upper()} data)") from None
    bomless_utf16 = _bomless_utf16(data)
    if bomless_utf16:
        try:
            return _check_text(path, data.decode(bomless_utf16))
        except UnicodeDecodeError:
            pass
    if _looks_binary(data):
        raise DocumentError(path, "binary data, not a text document")
    try:
        return _check_text(path, data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = ""
    if text and _plausible_cp1252(text):
        return _check_text(path, text)
    return _check_text(path, _detected(path, data))


def _bomless_utf16(data: bytes) -> str | None:
    """Word's "Unicode text" without a BOM: Latin text puts a NUL in every other byte."""
    sample = data[:4096]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.9 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.9 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _looks_binary(data: bytes) -> bool:
    sample = data[:65536]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(2, len(sample) // 200)


def _plausible_cp1252(text: str) -> bool:
    odd = sum(1 for ch in text if ch in _CP1252_RANGE and ch not in _CP1252_PLAUSIBLE)
    return odd <= max(1, len(text) // 2000)


# Legacy code pages Danish offices have used; tried when neither UTF-8 nor cp1252 fits.
_LEGACY_ENCODINGS = ("cp865", "cp850", "mac_roman", "iso8859_15", "cp1252")
_USUAL_CHARS = frozenset("æøåÆØÅéèêëüöäáàóòúíïîçñÉÈÖÄÜÁÓÚ–—‘’‚“”„…•€§½¼¾°±×«»·²³µ" + "\t\n\r\f")


def _detected(path: Path, data: bytes) -> str:
    """The candidate decoding with the fewest characters a Danish document would not contain.

    charset-normalizer's guesses join the legacy code pages; on short Danish texts it alone
    often prefers a Central European page, which turns "å" into "†".
    """
    from charset_normalizer import from_bytes

    candidates: list[str] = []
    for encoding in _LEGACY_ENCODINGS:
        try:
            candidates.append(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    candidates.extend(str(match) for match in from_bytes(data))
    if not candidates:
        raise DocumentError(path, "not a text document (unknown encoding or binary data)")
    return min(candidates, key=_oddness)


def _oddness(text: str) -> int:
    return sum(1 for ch in text if not (" " <= ch <= "~" or ch in _USUAL_CHARS))


def _check_text(path: Path, text: str) -> str:
    sample = text[:65536]
    controls = len(_CONTROL.findall(sample)) - sample.count("\f")
    if controls > max(2, len(sample) // 200):
        raise DocumentError(path, "binary data, not a text document")
    return text


# --- PDF -----------------------------------------------------------------------------------


_NEEDS_CRYPTO = "encrypted PDF (AES encryption; install the 'cryptography' package to open it)"


def _pdf_text(path: Path, data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, PdfReadError

    if not data.lstrip()[:1024].startswith(b"%PDF") and b"%PDF-" not in data[:1024]:
        raise DocumentError(path, "not a PDF file (no PDF header; wrong extension or corrupt)")
    if b"%%EOF" not in data[-2048:]:
        raise DocumentError(path, "truncated PDF (the end of the file is missing)")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            _unlock(path, reader)
        pages = list(reader.pages)
    except DocumentError:
        raise
    except DependencyError:
        raise DocumentError(path, _NEEDS_CRYPTO) from None
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError) as exc:
        raise DocumentError(path, f"corrupt PDF ({_short(exc)})") from None
    if not pages:
        raise DocumentError(path, "the PDF has no pages")
    texts: list[str] = []
    for page in pages:
        try:
            texts.append(page.extract_text() or "")
        except DependencyError:
            raise DocumentError(path, _NEEDS_CRYPTO) from None
        except Exception as exc:  # pypdf raises a wide range of errors on damaged content streams
            raise DocumentError(path, f"corrupt PDF ({_short(exc)})") from None
    if not any(t.strip() for t in texts):
        raise DocumentError(path, "no text layer (scanned PDF?); run OCR first")
    return "\n\n".join(t.strip("\n") for t in texts)


def _unlock(path: Path, reader: Any) -> None:
    """Many published PDFs are "encrypted" only with an empty user password (print/copy flags)."""
    from pypdf import PasswordType

    try:
        result = reader.decrypt("")
    except NotImplementedError:
        raise DocumentError(path, "encrypted PDF (unsupported encryption)") from None
    if result == PasswordType.NOT_DECRYPTED:
        raise DocumentError(path, "encrypted PDF (password protected)")


def _short(exc: BaseException) -> str:
    message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return message[:120]


# --- Word ----------------------------------------------------------------------------------


_HEADING_STYLES = re.compile(r"^(?:heading|overskrift|title|titel|subtitle|undertitel)\b", re.I)


def _docx_text(path: Path, data: bytes) -> str:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise DocumentError(path, "not a .docx file (an old .doc or a password-protected Word file)")
    if not data.startswith(b"PK"):
        raise DocumentError(path, "not a .docx file (not a zip archive)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise DocumentError(path, "not a .docx file (a zip archive without a Word document)")
    except zipfile.BadZipFile:
        raise DocumentError(path, "corrupt .docx (damaged zip archive)") from None

    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx surfaces lxml, zip and KeyError failures alike
        raise DocumentError(path, f"corrupt .docx ({_short(exc)})") from None

    blocks: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            text = paragraph.text
            style = paragraph.style.name if paragraph.style is not None else ""
            if _HEADING_STYLES.match(style or "") and text.strip():
                blocks.append(f"\n{text.strip()}\n")
            else:
                blocks.append(text)
        elif tag == "tbl":
            blocks.append("\n" + "\n".join(_docx_table_rows(Table(child, document))) + "\n")
    return "\n".join(blocks)


def _docx_table_rows(table: Any) -> list[str]:
    rows: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is repeated once per grid column
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            rows.append(" | ".join(cells))
    return rows


# --- HTML ----------------------------------------------------------------------------------


_DROP_TAGS = ("script", "style", "nav", "noscript", "template", "svg", "head", "iframe", "object")
_BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "header",
        "hr",
        "li",
        "main",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "ul",
        "caption",
        "center",
    }
)
_SPACED_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "pre", "blockquote", "section", "article"}
)
_HEADING_TAGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])


def _html_text(path: Path, data: bytes) -> str:
    from bs4 import BeautifulSoup

    try:
        soup = BeautifulSoup(data, "lxml")
    except Exception as exc:  # lxml rarely fails, but a file can be beyond repair
        raise DocumentError(path, f"unreadable HTML ({_short(exc)})") from None
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    lines: list[str] = []
    _HtmlLines(lines).walk(soup)
    return "\n".join(lines)


class _HtmlLines:
    """Renders a parsed page as lines: one per block element, table rows as ``a | b | c``."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.current: list[str] = []

    def flush(self, blank: bool = False) -> None:
        line = " ".join("".join(self.current).split())
        self.current = []
        if line:
            self.lines.append(line)
        if blank and self.lines and self.lines[-1] != "":
            self.lines.append("")

    def walk(self, node: Any) -> None:
        from bs4.element import NavigableString, PreformattedString, Tag

        for child in node.children:
            if isinstance(child, PreformattedString):  # comments, doctype, CDATA, processing instructions
                continue
            if isinstance(child, NavigableString):
                self.current.append(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name.lower()
            if name == "br":
                self.flush()
            elif name == "table" and not child.find("table"):
                self.flush(blank=True)
                self.table(child)
                self.flush(blank=True)
            elif name in ("ol", "ul"):
                self.flush(blank=name in _SPACED_TAGS)
                self.list_items(child, ordered=name == "ol")
                self.flush(blank=True)
            elif name in _BLOCK_TAGS or name in _HEADING_TAGS or name in ("table", "tr", "td", "th", "tbody"):
                spaced = name in _SPACED_TAGS
                self.flush(blank=spaced)
                self.walk(child)
                self.flush(blank=spaced)
            else:
                self.walk(child)

    def list_items(self, node: Any, ordered: bool) -> None:
        from bs4.element import Tag

        number = _int_attr(node.get("start"), 1)
        for child in node.children:
            if isinstance(child, Tag) and child.name == "li":
                self.flush()
                self.current.append(f"{number}. " if ordered else "- ")
                number += 1
                self.walk(child)
                self.flush()
            elif isinstance(child, Tag):
                self.walk(child)

    def table(self, table: Any) -> None:
        for row in table.find_all("tr"):
            cells = [" ".join(c.get_text(" ").split()) for c in row.find_all(("td", "th"))]
            if any(cells):
                self.lines.append(" | ".join(cells))


def _int_attr(value: object, default: int) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return default
