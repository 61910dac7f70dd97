"""EUR-Lex addresses built from the names of EU legal acts."""

from __future__ import annotations

import pytest

from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.legal_acts import ActKind, legal_acts_in


@pytest.mark.parametrize(
    ("text", "celex", "kind"),
    [
        ("Council Decision (CFSP) 2019/797 of 17 May 2019", "32019D0797", ActKind.DECISION),
        ("Council Regulation (EU) 2019/796 of 17 May 2019", "32019R0796", ActKind.REGULATION),
        ("Council Implementing Regulation (EU) 2020/1125", "32020R1125", ActKind.REGULATION),
        ("Council Decision (CFSP) 2020/651", "32020D0651", ActKind.DECISION),
        ("Commission Implementing Regulation (EU) 2022/595", "32022R0595", ActKind.REGULATION),
        ("Council Regulation (EU) 2023/2694", "32023R2694", ActKind.REGULATION),
    ],
)
def test_an_act_name_gives_its_celex_number_and_address(
    text: str, celex: str, kind: ActKind
) -> None:
    [act] = legal_acts_in(text)
    assert act.celex == celex and act.kind is kind
    assert act.eur_lex_url == f"https://eur-lex.europa.eu/legal-content/EN/TXT/?uri=CELEX:{celex}"
    assert act.title in text


def test_every_act_a_text_names_is_found_once_in_order() -> None:
    text = (
        "Council Implementing Regulation (EU) 2020/1744, with Council Decision (CFSP) 2020/1748 "
        "amending the Annex of Decision (CFSP) 2019/797; see Regulation (EU) 2020/1744 again"
    )
    assert [act.celex for act in legal_acts_in(text)] == [
        "32020R1744",
        "32020D1748",
        "32019D0797",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Council implementing act of 16 March 2026 (number not verified)",
        "Regulation (EC) No 1234/2007",  # pre-2015 numbering: no guess
        "",
    ],
)
def test_a_text_naming_no_numbered_act_links_nowhere(text: str) -> None:
    assert legal_acts_in(text) == ()


def test_every_act_of_the_bundled_register_has_an_address(knowledge: KnowledgeBase) -> None:
    regime = knowledge.sanctions.regime
    named = [
        regime.decision,
        regime.regulation,
        *(round_.legal_acts[0] for round_ in regime.rounds if round_.legal_acts),
    ]
    for text in named:
        if "not verified" not in text:
            assert legal_acts_in(text), text
    history = {str(renewal.decided_on): renewal.act for renewal in regime.renewals}
    assert [act.celex for act in legal_acts_in(history["2020-05-14"])] == ["32020D0651"]
    assert [act.celex for act in legal_acts_in(history["2023-11-27"])] == ["32023R2694"]
