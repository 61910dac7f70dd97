"""The flagship reading, byte for byte: `cdt statements read --json` of the Viasat declaration.

When a change of the phrase tables or of the reader changes it on purpose, write the golden
file again with the command line (after ``cdt init``) and review the difference like code:

    cdt statements read tests/data/statements/train/viasat-2022-en.txt --json \
        > tests/data/statements/golden/viasat-2022-en.json
"""

from __future__ import annotations

import json
from pathlib import Path

from cdtoolbox.ingest.bundled import bundled_incident_documents
from cdtoolbox.ingest.statements import IncidentName, StatementReader
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.statement_codec import reading_to_dict

DATA = Path(__file__).parent.parent / "data" / "statements"
GOLDEN = DATA / "golden" / "viasat-2022-en.json"


def test_the_viasat_reading_is_the_golden_document(knowledge: KnowledgeBase) -> None:
    reader = StatementReader.from_knowledge(knowledge)
    incidents = reader.incident_names(
        IncidentName(str(document["slug"]), str(document["title"]))
        for document in bundled_incident_documents()
    )
    text = (DATA / "train" / "viasat-2022-en.txt").read_text("utf-8")
    document = json.dumps(
        reading_to_dict(reader.read(text, incidents)), ensure_ascii=False, indent=2
    )
    assert document + "\n" == GOLDEN.read_text("utf-8"), "see this module's docstring"
