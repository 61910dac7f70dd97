"""The text of a statement file: plain text and Markdown as they are, HTML by its main text
(trafilatura), PDF by its text layer (pypdf).

Everything that cannot give a text is refused with an ``InvalidInput`` naming the file and the
reason: a file over ``MAX_STATEMENT_BYTES`` (refused from its size, before it is read), an
empty file, bytes that are not UTF-8 text, an HTML page without main text, a PDF that is
encrypted, damaged or only images.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from cdtoolbox.errors import InvalidInput

__all__ = ["MAX_STATEMENT_BYTES", "SUFFIXES", "StatementSource", "read_source", "source_from_bytes"]

#: The largest statement file read: official statements are a few pages; 10 MB leaves room
#: for a PDF with images and refuses a dump before reading it.
MAX_STATEMENT_BYTES = 10 * 1024 * 1024
#: The file name endings read, and how.
SUFFIXES = {".txt": "text", ".md": "text", ".html": "html", ".htm": "html", ".pdf": "pdf"}
#: The media type each ending is stored under.
MEDIA_TYPES = {
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".html": "text/html",
    ".htm": "text/html",
    ".pdf": "application/pdf",
}
# A page whose main text is shorter than this is a menu or a title, not a statement.
_MINIMUM_MAIN_WORDS = 5
# Control characters that never occur in a text file (tab, line feed, form feed and carriage
# return do): their presence means the bytes are something else.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class StatementSource:
    name: str  # the file's name, for messages
    text: str
    metadata_date: date | None  # the date the file's metadata gives (HTML, PDF), if any
    media_type: str = "text/plain"


def _refuse(name: str, reason: str) -> InvalidInput:
    # The file is the error's location, so the message names it in full ("dump.txt: statement
    # `file` is 50.0 MB, …"); a value would be shortened.
    return InvalidInput("statement", "file", None, reason, location=name)


def read_source(path: Path) -> StatementSource:
    """The statement in the file at ``path``."""
    name = str(path)
    _kind(name)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise _refuse(name, f"cannot be read ({error.strerror or error})") from None
    if size > MAX_STATEMENT_BYTES:
        raise _refuse(name, _too_large(size))
    try:
        content = path.read_bytes()
    except OSError as error:
        raise _refuse(name, f"cannot be read ({error.strerror or error})") from None
    return source_from_bytes(content, name)


def source_from_bytes(content: bytes, name: str) -> StatementSource:
    """The statement in ``content``, a file called ``name`` (its ending says how to read it)."""
    kind = _kind(name)
    if len(content) > MAX_STATEMENT_BYTES:
        raise _refuse(name, _too_large(len(content)))
    if not content.strip():
        raise _refuse(name, "is empty")
    if kind == "pdf":
        text, metadata_date = _pdf_text(content, name)
    else:
        decoded = _decoded(content, name)
        text, metadata_date = _html_text(decoded, name) if kind == "html" else (decoded, None)
    if not text.strip():
        raise _refuse(name, "has no text")
    return StatementSource(name, text, metadata_date, MEDIA_TYPES[Path(name).suffix.lower()])


def _kind(name: str) -> str:
    kind = SUFFIXES.get(Path(name).suffix.lower())
    if kind is None:
        readable = ", ".join(sorted(SUFFIXES))
        raise _refuse(name, f"is not a statement file this reader reads ({readable})")
    return kind


def _too_large(size: int) -> str:
    limit = MAX_STATEMENT_BYTES // (1024 * 1024)
    return f"is {size / (1024 * 1024):.1f} MB, over the {limit} MB a statement file may have"


def _decoded(content: bytes, name: str) -> str:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _refuse(
            name, f"is not UTF-8 text (byte 0x{content[error.start]:02x} at offset {error.start})"
        ) from None
    control = _CONTROL.search(text)
    if control is not None:
        raise _refuse(
            name,
            f"is not text (control character {ord(control.group()):#04x} at {control.start()})",
        )
    return text


def _html_text(html: str, name: str) -> tuple[str, date | None]:
    import trafilatura

    # Precision over recall: a statement is running text, and what a page has besides (menus,
    # cookie notices) is what the reader must not read.
    text = trafilatura.extract(
        html, include_comments=False, include_tables=False, favor_precision=True
    )
    if not text or len(text.split()) < _MINIMUM_MAIN_WORDS:
        raise _refuse(name, "is an HTML page with no main text")
    metadata = trafilatura.extract_metadata(html)
    found = metadata.date if metadata is not None else None
    return text, _iso_date(found)


def _iso_date(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _pdf_text(content: bytes, name: str) -> tuple[str, date | None]:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError

    # pypdf meets hostile or damaged files with many kinds of exceptions (PdfReadError,
    # KeyError, ValueError, RecursionError …): any of them means the file is not a readable PDF.
    try:
        reader = PdfReader(io.BytesIO(content))
        if reader.is_encrypted and not reader.decrypt(""):
            raise _refuse(name, "is an encrypted PDF: save an unprotected copy and read that")
        text = "\n".join(page.extract_text() or "" for page in reader.pages)
        created = reader.metadata.creation_date if reader.metadata is not None else None
    except InvalidInput:
        raise
    except FileNotDecryptedError:
        raise _refuse(name, "is an encrypted PDF: save an unprotected copy and read that") from None
    except Exception:
        raise _refuse(name, "is not a readable PDF") from None
    if not text.strip():
        raise _refuse(name, "is a PDF without a text layer (scanned images?): it has no text")
    return text, created.date() if isinstance(created, datetime) else None
