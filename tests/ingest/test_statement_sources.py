"""Statement files: the text of .txt, .md, .html and .pdf files, and a clear refusal (naming
the file and the reason) of everything that gives no text."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfWriter

from cdtoolbox.errors import InvalidInput
from cdtoolbox.ingest.statements import (
    MAX_STATEMENT_BYTES,
    StatementReader,
    read_source,
    source_from_bytes,
)
from cdtoolbox.ingest.statements.source import SUFFIXES
from cdtoolbox.knowledge import KnowledgeBase

VIASAT = Path(__file__).parent.parent / "data" / "statements" / "train" / "viasat-2022-en.txt"


@pytest.fixture(scope="module")
def reader(knowledge: KnowledgeBase) -> StatementReader:
    return StatementReader.from_knowledge(knowledge)


def refusal(content: bytes, name: str) -> str:
    with pytest.raises(InvalidInput) as raised:
        source_from_bytes(content, name)
    assert raised.value.location == name and str(raised.value).startswith(name)
    return raised.value.reason


def test_plain_text_and_markdown_are_read_as_they_are() -> None:
    text = VIASAT.read_text("utf-8")
    for name in ("viasat.txt", "viasat.md"):
        source = source_from_bytes(text.encode("utf-8"), name)
        assert source.text == text and source.metadata_date is None


def test_an_html_page_gives_its_main_text_and_its_date() -> None:
    body = "".join(f"<p>{paragraph}</p>" for paragraph in VIASAT.read_text("utf-8").split("\n\n"))
    page = (
        '<html><head><meta property="article:published_time" content="2022-05-10">'
        "<title>Declaration</title></head><body><nav><a href='/'>Home</a> | Menu</nav>"
        f"<article>{body}</article><footer>Cookies policy</footer></body></html>"
    )
    source = source_from_bytes(page.encode("utf-8"), "viasat.html")
    assert "conducted by the Russian Federation" in source.text
    assert "Cookies" not in source.text
    assert source.metadata_date == date(2022, 5, 10)


def test_a_pdf_gives_its_text_layer_and_its_creation_date() -> None:
    from weasyprint import HTML

    paragraphs = "".join(f"<p>{line}</p>" for line in VIASAT.read_text("utf-8").split("\n\n"))
    head = '<head><meta name="dcterms.created" content="2022-05-10"></head>'
    pdf = HTML(string=f"<html>{head}<body>{paragraphs}</body></html>").write_pdf()
    source = source_from_bytes(pdf, "viasat.pdf")
    assert "conducted by the Russian Federation" in " ".join(source.text.split())
    assert source.metadata_date == date(2022, 5, 10)


def blank_pdf(password: str | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    if password is not None:
        writer.encrypt(password)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "name", "reason"),
    [
        (b"", "empty.txt", "is empty"),
        (b"  \n\t\n", "blank.md", "is empty"),
        (b"caf\xe9 au lait", "latin1.txt", "is not UTF-8 text (byte 0xe9 at offset 3)"),
        (b"\x00\x01\x02 binary", "binary.txt", "is not text"),
        (
            b"<html><head><script>var a=1;</script></head><body><nav>Menu</nav></body></html>",
            "menu.html",
            "is an HTML page with no main text",
        ),
        (b"%PDF-1.7 not really", "broken.pdf", "is not a readable PDF"),
        (b"\x89PNG\r\n\x1a\n", "statement.png", "is not a statement file this reader reads"),
    ],
)
def test_what_gives_no_text_is_refused_naming_the_file_and_the_reason(
    content: bytes, name: str, reason: str
) -> None:
    assert refusal(content, name).startswith(reason)


def test_an_encrypted_pdf_is_refused() -> None:
    assert "encrypted PDF" in refusal(blank_pdf(password="secret"), "locked.pdf")


def test_a_pdf_of_images_only_is_refused_for_having_no_text() -> None:
    assert "without a text layer" in refusal(blank_pdf(), "scan.pdf")


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    huge = tmp_path / "dump.txt"
    with huge.open("wb") as file:  # a sparse 50 MB file: nothing to read if it is not read
        file.truncate(50 * 1024 * 1024)
    assert MAX_STATEMENT_BYTES < 50 * 1024 * 1024
    with pytest.raises(InvalidInput) as raised:
        read_source(huge)
    assert "50.0 MB, over the 10 MB" in raised.value.reason
    assert str(huge) in str(raised.value)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="cannot be read"):
        read_source(tmp_path / "missing.txt")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=st.binary(max_size=2048), suffix=st.sampled_from(sorted(SUFFIXES)))
def test_arbitrary_bytes_give_a_text_or_an_invalid_input_never_another_error(
    reader: StatementReader, content: bytes, suffix: str
) -> None:
    try:
        source = source_from_bytes(content, f"statement{suffix}")
    except InvalidInput:
        return
    reader.read(source)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=2048))
def test_arbitrary_text_is_read_without_an_error(reader: StatementReader, text: str) -> None:
    reading = reader.read(text)
    for item in reading.actors:
        for evidence in item.evidence:
            assert text[evidence.start : evidence.end] == evidence.quote


@settings(max_examples=100, deadline=None)
@given(
    text=st.lists(
        st.sampled_from(
            [
                "conducted by the Russian Federation",
                "from the territory of China",
                "APT28",
                "10 May 2022",
                "Déclaration du haut représentant au nom de l'UE",
                "\n",
                "İ",
                "\u2019",
                ".",
                " ",
                "until 18 May 2025",
                "solidarity with Ukraine",
            ]
        ),
        max_size=30,
    ).map("".join)
)
def test_phrase_soup_is_read_with_evidence_at_its_offsets(
    reader: StatementReader, text: str
) -> None:
    reading = reader.read(text)
    for item in reading.attributions:
        for evidence in item.evidence:
            assert text[evidence.start : evidence.end] == evidence.quote
