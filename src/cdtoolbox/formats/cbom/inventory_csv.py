"""Reading a cryptographic inventory kept as a spreadsheet (CSV): one row per asset.

The header names the columns, in any order, case and surrounding spaces ignored (``COLUMNS``);
``algorithm`` is required, every other column may be absent or its cell empty. The import is
all or nothing: every error of every row is reported together.
"""

from __future__ import annotations

import csv
import io

from cdtoolbox.errors import ImportRejected, InvalidInput
from cdtoolbox.formats.cbom.cbom_reader import MAX_LIFETIME_YEARS
from cdtoolbox.model.pqc import Criticality, DeclaredAsset

__all__ = ["COLUMNS", "read_inventory_csv"]

#: Each column with what it holds; the documentation (docs/pqc.md) is checked against it.
COLUMNS: dict[str, str] = {
    "algorithm": "the algorithm as named: RSA-2048, ECDSA P-256, AES-256-GCM, ML-KEM-768",
    "parameter": "key size, curve or parameter set when not part of the name: 2048, P-256",
    "primitive": "CycloneDX primitive: pke, kem, key-agree, signature, ae, block-cipher…",
    "system": "the system or application that uses it",
    "protocol": "the protocol it is used in: TLS 1.3, IPsec, SSH",
    "library": "the library implementing it: OpenSSL 3.0",
    "data_lifetime_years": "how many years the protected data must stay secret",
    "criticality": "low, medium or high: the risk class of the use case",
    "organisation": "the organisation (default: --organisation)",
    "member_state": "the Member State, ISO code or name (default: --member-state)",
    "sector": "the sector (default: --sector)",
}
_ENTITY = "inventory CSV"
_MAX_CELL = 500


def read_inventory_csv(data: bytes, source: str) -> list[DeclaredAsset]:
    """The assets of the CSV inventory in ``data``; ``source`` names the file in errors.

    Raises InvalidInput when the file cannot be read as a CSV with a known header, and
    ImportRejected with every row's errors when rows are wrong.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidInput(
            _ENTITY, "encoding", None, f"is not UTF-8 (byte {error.start})", source
        ) from None
    if "\x00" in text:
        raise InvalidInput(_ENTITY, "content", None, "holds NUL bytes: not a CSV file", source)
    rows = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(rows, None)
        if header is None:
            raise InvalidInput(_ENTITY, "header", None, "is missing: the file is empty", source)
        names = [name.strip().lower().replace(" ", "_") for name in header]
        unknown = [name for name in names if name not in COLUMNS]
        if unknown:
            raise InvalidInput(
                _ENTITY,
                "header",
                unknown[0][:_MAX_CELL],
                f"is not a column; the columns are: {', '.join(COLUMNS)}",
                f"{source} line 1",
            )
        if "algorithm" not in names:
            raise InvalidInput(
                _ENTITY, "header", None, "has no `algorithm` column", f"{source} line 1"
            )
        if len(set(names)) != len(names):
            raise InvalidInput(_ENTITY, "header", None, "names a column twice", f"{source} line 1")
        assets: list[DeclaredAsset] = []
        errors: list[InvalidInput] = []
        for cells in rows:
            if not any(cell.strip() for cell in cells):
                continue
            line = f"line {rows.line_num}"
            try:
                assets.append(_asset(names, cells, line, f"{source} {line}"))
            except InvalidInput as error:
                errors.append(error)
    except csv.Error as error:
        raise InvalidInput(
            _ENTITY, "content", None, f"is not valid CSV: {error}", f"{source} line {rows.line_num}"
        ) from None
    if errors:
        raise ImportRejected(source, errors)
    return assets


def _asset(names: list[str], cells: list[str], line: str, where: str) -> DeclaredAsset:
    if len(cells) > len(names):
        raise InvalidInput(
            _ENTITY, "row", None, f"has {len(cells)} cells for {len(names)} columns", where
        )
    row = {name: cell.strip() for name, cell in zip(names, cells, strict=False)}
    for name, cell in row.items():
        if len(cell) > _MAX_CELL or not cell.isprintable():
            raise InvalidInput(
                _ENTITY,
                name,
                None,
                f"must be printable text of at most {_MAX_CELL} characters",
                where,
            )
    algorithm = row.get("algorithm", "")
    if not algorithm:
        raise InvalidInput(_ENTITY, "algorithm", None, "is empty: name the algorithm", where)
    return DeclaredAsset(
        algorithm=algorithm,
        parameter=row.get("parameter") or None,
        primitive=(row.get("primitive") or "").lower() or None,
        system=row.get("system") or None,
        protocol=row.get("protocol") or None,
        library=row.get("library") or None,
        data_lifetime_years=_lifetime(row.get("data_lifetime_years", ""), where),
        criticality=_criticality(row.get("criticality", ""), where),
        organisation=row.get("organisation") or None,
        member_state=row.get("member_state") or None,
        sector=row.get("sector") or None,
        reference=line,
    )


def _lifetime(cell: str, where: str) -> int | None:
    if not cell:
        return None
    if not (cell.isascii() and cell.isdigit()) or int(cell) > MAX_LIFETIME_YEARS:
        raise InvalidInput(
            _ENTITY,
            "data_lifetime_years",
            cell,
            f"must be a whole number of years from 0 to {MAX_LIFETIME_YEARS}",
            where,
        )
    return int(cell)


def _criticality(cell: str, where: str) -> Criticality | None:
    if not cell:
        return None
    try:
        return Criticality(cell.lower())
    except ValueError:
        allowed = ", ".join(member.value for member in Criticality)
        raise InvalidInput(
            _ENTITY, "criticality", cell, f"is not one of: {allowed}", where
        ) from None
