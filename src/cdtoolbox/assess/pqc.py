"""Classifying cryptographic assets against a quantum computer, and the roadmap progress of
an inventory: pure functions over the algorithm table and milestones of ``pqc.yaml``.

Names are matched token by token, so that the spellings inventories use ("RSA-2048",
"rsa_2048", "ECDSA P-256", "AES128-GCM") find their family, and a longer alias wins over a
shorter one ("ECDSA" is not "DSA"). What matches no family is ``unclassified``, never guessed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from datetime import date

from cdtoolbox.model.pqc import (
    AlgorithmRule,
    AssetRole,
    Classification,
    ClassifiedAsset,
    Criticality,
    CryptoAsset,
    Milestone,
    MilestoneProgress,
    PqcProgress,
    ProgressRow,
    QuantumHorizon,
    QuantumStatus,
)

__all__ = ["classify", "classify_asset", "harvest_now_decrypt_later", "progress", "tokens"]

_RUNS = re.compile(r"[A-Z]+|[0-9]+")

# CycloneDX 1.6 `algorithmProperties.primitive` values that say what an algorithm of a
# family used both ways (RSA) does here.
_ROLE_OF_PRIMITIVE = {
    "signature": AssetRole.AUTHENTICITY,
    "pke": AssetRole.CONFIDENTIALITY,
    "kem": AssetRole.CONFIDENTIALITY,
    "key-agree": AssetRole.CONFIDENTIALITY,
    "ae": AssetRole.CONFIDENTIALITY,
    "block-cipher": AssetRole.CONFIDENTIALITY,
    "stream-cipher": AssetRole.CONFIDENTIALITY,
}


def tokens(text: str) -> tuple[str, ...]:
    """The letter and digit runs of ``text``, upper-cased: "ecdsa_p256" → ECDSA, P, 256."""
    return tuple(_RUNS.findall(text.upper()))


def classify(
    algorithm: str,
    parameter: str | None,
    primitive: str | None,
    rules: Sequence[AlgorithmRule],
) -> Classification:
    """How ``algorithm`` (with its key size or parameter set, and its CycloneDX primitive when
    known) stands against a quantum computer, with the recommended replacement and why."""
    found = _family(tokens(algorithm), rules)
    if found is None:
        return Classification(
            status=QuantumStatus.UNCLASSIFIED,
            family=None,
            key_bits=None,
            role=_ROLE_OF_PRIMITIVE.get((primitive or "").lower(), AssetRole.UNKNOWN),
            replacement=None,
            reason="the algorithm is not in the table of known families: check it by hand",
        )
    rule, rest = found
    bits = _key_bits(parameter, rest)
    status, reason = rule.status, rule.reason
    replacement: str | None = rule.replacement
    for threshold, stepped, why in rule.thresholds:
        if bits is not None and bits >= threshold:
            # A size large enough is its own replacement: nothing to recommend.
            status, reason, replacement = stepped, why, None
            break
    if rule.thresholds and bits is None:
        reason = f"key size not given, so assumed the weakest: {reason}"
    role = rule.role
    if role is AssetRole.UNKNOWN:
        role = _ROLE_OF_PRIMITIVE.get((primitive or "").lower(), AssetRole.UNKNOWN)
    if not rule.confirmed:
        reason = f"{reason} (not confirmed by the project's reference)"
    return Classification(
        status=status,
        family=rule.family,
        key_bits=bits,
        role=role,
        replacement=replacement,
        reason=reason,
    )


def harvest_now_decrypt_later(
    classification: Classification,
    data_lifetime_years: int | None,
    horizon: QuantumHorizon,
    today: date,
) -> bool:
    """Whether data captured today is readable while it still has to be secret: it must stay
    secret past the horizon, and a quantum computer breaks what keeps it confidential.

    Only broken confidentiality counts: a weakened cipher (AES-128) still holds, and a
    signature forged later does not reveal what was signed. A role that is not known counts
    as confidentiality, since an inventory that does not say must not hide the exposure.
    """
    if classification.status is not QuantumStatus.VULNERABLE:
        return False
    if classification.role is AssetRole.AUTHENTICITY or data_lifetime_years is None:
        return False
    return today.year + data_lifetime_years > horizon.year


def classify_asset(
    asset: CryptoAsset, rules: Sequence[AlgorithmRule], horizon: QuantumHorizon, today: date
) -> ClassifiedAsset:
    classification = classify(asset.algorithm, asset.parameter, asset.primitive, rules)
    hndl = harvest_now_decrypt_later(classification, asset.data_lifetime_years, horizon, today)
    return ClassifiedAsset(asset, classification, hndl)


def progress(
    assets: Sequence[ClassifiedAsset],
    milestones: Sequence[Milestone],
    horizon: QuantumHorizon,
    member_state_label: Callable[[str], str],
    sector_label: Callable[[str], str],
) -> PqcProgress:
    """The inventory counted by Member State and by sector, with each milestone's share of
    covered assets already resistant (an asset without a sector is counted under "none")."""
    by_state: dict[str, list[ClassifiedAsset]] = defaultdict(list)
    by_sector: dict[str, list[ClassifiedAsset]] = defaultdict(list)
    for item in assets:
        by_state[item.asset.member_state].append(item)
        by_sector[item.asset.sector or ""].append(item)
    return PqcProgress(
        horizon=horizon,
        milestones=tuple(milestones),
        overall=_row("all", "All inventories", assets, milestones),
        by_member_state=tuple(
            _row(key, member_state_label(key), items, milestones)
            for key, items in sorted(by_state.items())
        ),
        by_sector=tuple(
            _row(key, sector_label(key) if key else "No sector given", items, milestones)
            for key, items in sorted(by_sector.items())
        ),
    )


def _row(
    key: str, label: str, items: Sequence[ClassifiedAsset], milestones: Iterable[Milestone]
) -> ProgressRow:
    counts = {status: 0 for status in QuantumStatus}
    for item in items:
        counts[item.classification.status] += 1
    return ProgressRow(
        key=key,
        label=label,
        organisations=len({(item.asset.member_state, item.asset.organisation) for item in items}),
        total=len(items),
        vulnerable=counts[QuantumStatus.VULNERABLE],
        weakened=counts[QuantumStatus.WEAKENED],
        resistant=counts[QuantumStatus.RESISTANT],
        unclassified=counts[QuantumStatus.UNCLASSIFIED],
        hndl=sum(item.hndl for item in items),
        milestones=tuple(_milestone(milestone, items) for milestone in milestones),
    )


def _milestone(milestone: Milestone, items: Sequence[ClassifiedAsset]) -> MilestoneProgress:
    # A milestone without criticalities asks for an inventory: each asset in it counts as done.
    scope: frozenset[Criticality] = frozenset(milestone.criticalities)
    if not scope:
        return MilestoneProgress(milestone, len(items), len(items))
    covered = [item for item in items if item.asset.criticality in scope]
    resistant = sum(item.classification.status is QuantumStatus.RESISTANT for item in covered)
    return MilestoneProgress(milestone, len(covered), resistant)


def _family(
    name: Sequence[str], rules: Sequence[AlgorithmRule]
) -> tuple[AlgorithmRule, tuple[str, ...]] | None:
    best: tuple[int, AlgorithmRule, tuple[str, ...]] | None = None
    for rule in rules:
        for alias in rule.aliases:
            wanted = tokens(alias)
            matches = bool(wanted) and tuple(name[: len(wanted)]) == wanted
            if matches and (best is None or len(wanted) > best[0]):
                best = (len(wanted), rule, tuple(name[len(wanted) :]))
    return (best[1], best[2]) if best else None


def _key_bits(parameter: str | None, rest: Sequence[str]) -> int | None:
    """The key size or parameter set number: from the parameter when given, else the number
    right after the family's name ("AES-256-GCM" → 256, "ECDSA P-256" → 256), never one from
    further on ("SLH-DSA-SHA2-128f" names a hash, not a size)."""
    if parameter:
        numbers = [token for token in tokens(parameter) if token.isdigit()]
        return int(numbers[0]) if numbers else None
    if rest and rest[0].isdigit():
        return int(rest[0])
    if len(rest) > 1 and len(rest[0]) == 1 and rest[1].isdigit():
        return int(rest[1])
    return None
