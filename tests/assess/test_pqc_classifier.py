"""The post-quantum classifier (issue 20, item 3): the acceptance set, the spellings
inventories use, the 'harvest now, decrypt later' rule, and the roadmap progress."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from cdtoolbox.assess.pqc import classify, classify_asset, harvest_now_decrypt_later, progress
from cdtoolbox.knowledge import KnowledgeBase
from cdtoolbox.model.pqc import (
    AlgorithmRule,
    AssetRole,
    Criticality,
    CryptoAsset,
    QuantumHorizon,
    QuantumStatus,
)
from cdtoolbox.model.vocabulary import Tlp

VULNERABLE, WEAKENED, RESISTANT = (
    QuantumStatus.VULNERABLE,
    QuantumStatus.WEAKENED,
    QuantumStatus.RESISTANT,
)
HORIZON = QuantumHorizon(2030, "test")
TODAY = date(2026, 12, 7)


@pytest.fixture(scope="module")
def rules(knowledge: KnowledgeBase) -> tuple[AlgorithmRule, ...]:
    return knowledge.pqc.algorithms


@pytest.mark.parametrize(
    ("algorithm", "parameter", "status", "family", "replacement"),
    [
        ("RSA-2048", None, VULNERABLE, "RSA", "ML-KEM"),
        ("ECDSA P-256", None, VULNERABLE, "ECDSA", "ML-DSA"),
        ("AES-128", None, WEAKENED, "AES", "AES-256"),
        ("AES-256", None, RESISTANT, "AES", None),
        ("ML-KEM-768", None, RESISTANT, "ML-KEM", "none needed"),
    ],
)
def test_the_acceptance_set_is_classified_correctly(
    rules: tuple[AlgorithmRule, ...],
    algorithm: str,
    parameter: str | None,
    status: QuantumStatus,
    family: str,
    replacement: str | None,
) -> None:
    found = classify(algorithm, parameter, None, rules)
    assert (found.status, found.family) == (status, family)
    if replacement is None:
        assert found.replacement is None
    else:
        assert found.replacement is not None and replacement in found.replacement
    assert found.reason


@pytest.mark.parametrize(
    ("algorithm", "parameter", "status", "family", "bits"),
    [
        ("rsa_4096", None, VULNERABLE, "RSA", 4096),
        ("RSASSA-PSS", "3072", VULNERABLE, "RSA", 3072),
        ("ecdsa-p384", None, VULNERABLE, "ECDSA", 384),
        ("ECDHE", "P-256", VULNERABLE, "ECDH", 256),
        ("X25519", None, VULNERABLE, "ECDH", None),
        ("Ed25519", None, VULNERABLE, "ECDSA", None),
        ("DSA", "2048", VULNERABLE, "DSA", 2048),
        ("FFDHE", "2048", VULNERABLE, "DH", 2048),
        ("AES128-GCM", None, WEAKENED, "AES", 128),
        ("AES", "192", RESISTANT, "AES", 192),
        ("aes-256-cbc", None, RESISTANT, "AES", 256),
        ("ML-DSA-65", None, RESISTANT, "ML-DSA", 65),
        ("SLH-DSA-SHA2-128f", None, RESISTANT, "SLH-DSA", None),
        ("CRYSTALS-Kyber", None, RESISTANT, "ML-KEM", None),
    ],
)
def test_the_spellings_inventories_use_find_their_family(
    rules: tuple[AlgorithmRule, ...],
    algorithm: str,
    parameter: str | None,
    status: QuantumStatus,
    family: str,
    bits: int | None,
) -> None:
    found = classify(algorithm, parameter, None, rules)
    assert (found.status, found.family, found.key_bits) == (status, family, bits)


def test_an_unknown_algorithm_is_unclassified_not_guessed(
    rules: tuple[AlgorithmRule, ...],
) -> None:
    found = classify("GOST R 34.10", None, "signature", rules)
    assert (found.status, found.family, found.replacement) == (
        QuantumStatus.UNCLASSIFIED, None, None,
    )  # fmt: skip
    assert found.role is AssetRole.AUTHENTICITY


def test_aes_without_a_key_size_is_taken_at_its_weakest(rules: tuple[AlgorithmRule, ...]) -> None:
    found = classify("AES-GCM", None, None, rules)
    assert found.status is WEAKENED
    assert "key size not given" in found.reason


def test_a_fact_the_reference_does_not_confirm_says_so(rules: tuple[AlgorithmRule, ...]) -> None:
    assert "not confirmed" in classify("AES-128", None, None, rules).reason
    assert "not confirmed" not in classify("ML-KEM-768", None, None, rules).reason


def test_rsa_takes_its_role_from_the_cbom_primitive(rules: tuple[AlgorithmRule, ...]) -> None:
    assert classify("RSA-2048", None, "signature", rules).role is AssetRole.AUTHENTICITY
    assert classify("RSA-2048", None, "pke", rules).role is AssetRole.CONFIDENTIALITY
    assert classify("RSA-2048", None, None, rules).role is AssetRole.UNKNOWN


@pytest.mark.parametrize(
    ("algorithm", "primitive", "lifetime", "exposed"),
    [
        ("RSA-2048", "pke", 25, True),  # 2026 + 25 is past 2030
        ("RSA-2048", "pke", 4, False),  # secret until 2030 only: not past the horizon
        ("RSA-2048", "pke", 5, True),
        ("RSA-2048", None, 25, True),  # a role not given must not hide the exposure
        ("RSA-2048", "signature", 25, False),  # a forged signature reveals nothing
        ("ECDSA P-256", None, 25, False),
        ("ECDHE", None, 25, True),
        ("AES-128", None, 25, False),  # weakened, not broken
        ("ML-KEM-768", None, 25, False),
        ("RSA-2048", "pke", None, False),  # lifetime unknown: not flagged, counted apart
    ],
)
def test_harvest_now_decrypt_later(
    rules: tuple[AlgorithmRule, ...],
    algorithm: str,
    primitive: str | None,
    lifetime: int | None,
    exposed: bool,
) -> None:
    found = classify(algorithm, None, primitive, rules)
    assert harvest_now_decrypt_later(found, lifetime, HORIZON, TODAY) is exposed


def test_the_horizon_moves_the_flag(rules: tuple[AlgorithmRule, ...]) -> None:
    found = classify("RSA-2048", None, "pke", rules)
    assert harvest_now_decrypt_later(found, 10, QuantumHorizon(2035, "x"), TODAY) is True
    assert harvest_now_decrypt_later(found, 10, QuantumHorizon(2040, "x"), TODAY) is False


def _asset(number: int, algorithm: str, state: str, criticality: Criticality) -> CryptoAsset:
    return CryptoAsset(
        id=f"a{number}",
        organisation=f"org-{state}",
        member_state=state,
        sector="energy" if state == "FR" else None,
        algorithm=algorithm,
        parameter=None,
        primitive=None,
        system=None,
        protocol=None,
        library=None,
        data_lifetime_years=30,
        criticality=criticality,
        tlp=Tlp.AMBER,
        source="test",
        reference=None,
        recorded_at=datetime(2026, 12, 7, tzinfo=UTC),
    )


def test_progress_counts_by_member_state_and_sector_against_each_milestone(
    knowledge: KnowledgeBase,
) -> None:
    reference = knowledge.pqc
    assets = [
        _asset(1, "RSA-2048", "FR", Criticality.HIGH),
        _asset(2, "ML-KEM-768", "FR", Criticality.HIGH),
        _asset(3, "AES-256", "FR", Criticality.LOW),
        _asset(4, "ECDSA P-256", "DE", Criticality.MEDIUM),
    ]
    classified = [classify_asset(a, reference.algorithms, HORIZON, TODAY) for a in assets]
    found = progress(classified, reference.milestones, HORIZON, str.lower, str.upper)
    assert [row.key for row in found.by_member_state] == ["DE", "FR"]
    france = found.by_member_state[1]
    assert (france.label, france.total, france.resistant, france.vulnerable, france.hndl) == (
        "fr", 3, 2, 1, 1,
    )  # fmt: skip
    assert france.share_resistant == pytest.approx(2 / 3)
    shares = {item.milestone.id: (item.in_scope, item.resistant) for item in france.milestones}
    # M1 asks for an inventory; M2 covers high criticality; M3 high and medium.
    assert shares == {"M1": (3, 3), "M2": (2, 1), "M3": (2, 1)}
    germany = {item.milestone.id: item.share for item in found.by_member_state[0].milestones}
    assert germany == {"M1": 1.0, "M2": None, "M3": 0.0}
    assert [(row.key, row.label, row.total) for row in found.by_sector] == [
        ("", "No sector given", 1), ("energy", "ENERGY", 3),
    ]  # fmt: skip
    assert (found.overall.total, found.overall.organisations, found.overall.hndl) == (4, 2, 1)
