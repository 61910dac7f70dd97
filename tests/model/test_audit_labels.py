"""Every action the library records in the audit trail has a reader's label (issue 14)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import cdtoolbox.toolbox
from cdtoolbox.model.audit import ACTION_LABELS, RECORD_KIND_LABELS, action_label
from cdtoolbox.model.case import CaseState

# Actions are written where the Toolbox records them: in its service modules.
TOOLBOX = Path(cdtoolbox.toolbox.__file__).parent
DOTTED = re.compile(r"^[a-z]+(\.[a-z_-]+)+$")
# Dotted strings of the Toolbox that are not actions: the default database file, the modules
# a package names to import on first use, and the files an export writes.
NOT_ACTIONS = {"cdtoolbox.db"}
MODULE_PATH = re.compile(r"^cdtoolbox\.")
FILE_NAME = re.compile(r"\.(json|csv|md|html|pdf|txt|yaml)$")
# Actions composed at run time, with every value their variable part takes.
COMPOSED = {
    "case.move.": [state.value for state in CaseState],
    "case.measure.": ["drop", "restore"],
    "key.": ["trust", "revoke"],
}


def _toolbox_nodes() -> list[ast.AST]:
    return [
        node
        for module in TOOLBOX.glob("*.py")
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8")))
    ]


def _recorded_actions() -> tuple[set[str], set[str]]:
    literals: set[str] = set()
    composed: set[str] = set()
    for node in _toolbox_nodes():
        if isinstance(node, ast.JoinedStr):
            head = node.values[0]
            if isinstance(head, ast.Constant) and DOTTED.match(f"{head.value}x"):
                composed.add(str(head.value))
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and DOTTED.match(node.value)
            and node.value not in NOT_ACTIONS
            and not MODULE_PATH.match(node.value)
            and not FILE_NAME.search(node.value)
        ):
            literals.add(node.value)
    return literals, composed


def _recorded_kinds() -> set[str]:
    """The ``entity`` of every audit record the Toolbox writes: given as a keyword, or through
    a module constant (``_LISTING``) that one names."""
    nodes = _toolbox_nodes()
    constants = {
        target.id: node.value.value
        for node in nodes
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    kinds: set[str] = set()
    for node in nodes:
        if isinstance(node, ast.keyword) and node.arg == "entity":
            if isinstance(node.value, ast.Constant):
                kinds.add(str(node.value.value))
            elif isinstance(node.value, ast.Name) and node.value.id in constants:
                kinds.add(str(constants[node.value.id]))
    return kinds


def test_every_recorded_action_has_a_label() -> None:
    literals, composed = _recorded_actions()
    assert "case.open" in literals  # the scan finds what it looks for
    # A new composed action needs its values listed above.
    assert composed == set(COMPOSED)
    actions = literals | {prefix + value for prefix in composed for value in COMPOSED[prefix]}
    assert sorted(actions - set(ACTION_LABELS)) == []


def test_labels_are_words_and_unknown_actions_read_as_their_code() -> None:
    assert action_label("case.open") == "Case opened"
    assert action_label("case.move.closed") == "Case moved to: Closed"
    assert action_label("retired.action") == "retired.action"
    assert all(label and "." not in label for label in ACTION_LABELS.values())


def test_every_kind_of_record_has_a_label() -> None:
    kinds = _recorded_kinds()
    assert {"case", "user", "listing", "sanctions regime", "import"} <= kinds
    assert sorted(kinds - set(RECORD_KIND_LABELS)) == []
