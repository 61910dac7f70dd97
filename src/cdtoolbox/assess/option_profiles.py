"""What each Toolbox measure needs, what it is expected to do and what it risks.

The instruments themselves (name, level, decision rule) are knowledge data
(``knowledge/data/instruments.yaml``); this table adds the assessment view of them. An
instrument without an entry of its own uses its category's profile, so new instruments in the
knowledge base are assessed rather than skipped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from cdtoolbox.model import Instrument, InstrumentCategory

__all__ = [
    "CATEGORY_PROFILES",
    "INSTRUMENT_PROFILES",
    "TOOLBOX_PRECONDITIONS",
    "OptionProfile",
    "profile_for",
]


@dataclass(frozen=True)
class OptionProfile:
    preconditions: tuple[str, ...]  # ids in preconditions.PRECONDITIONS
    expected_effect: str
    risks: tuple[str, ...]


_PUBLIC_SIGNAL = ("union_concern", "significant_effect")

CATEGORY_PROFILES: Mapping[InstrumentCategory, OptionProfile] = {
    InstrumentCategory.PREVENTIVE: OptionProfile(
        (),
        "Strengthens resilience and shared norms over time; signals nothing to the perpetrator.",
        ("No deterrent effect on its own.",),
    ),
    InstrumentCategory.COOPERATIVE: OptionProfile(
        ("state_to_address",),
        "Seeks the cooperation of the state concerned to end or mitigate the activity, out of "
        "public view.",
        ("The state may deny involvement and learn what the EU knows.",),
    ),
    InstrumentCategory.STABILITY: OptionProfile(
        _PUBLIC_SIGNAL,
        "A public political signal: condemns the activity, shows solidarity and sets "
        "expectations of responsible behaviour.",
        (
            "Needs every Member State where unanimity applies; a weak text signals division.",
            "Naming a state without several states' or the EU's high-confidence attribution "
            "invites denial.",
        ),
    ),
    InstrumentCategory.RESTRICTIVE: OptionProfile(
        (
            "identified_perpetrators",
            "perpetrator_confidence",
            "significant_effect_on_union",
            "external_origin",
        ),
        "Freezes the listed persons' and entities' assets in the Union and bans listed persons "
        "from entering it; imposes a cost and sets a precedent.",
        (
            "Listees seldom hold assets in the Union: the effect is largely symbolic.",
            "Each listing must rest on evidence that withstands review by the EU courts, and "
            "must be reviewed every 12 months.",
            "The state concerned may retaliate, although a listing does not attribute "
            "responsibility to it.",
        ),
    ),
    InstrumentCategory.SUPPORT_MS: OptionProfile(
        ("armed_attack_on_member_state", "member_state_request"),
        "Brings the Union's and Member States' means to the support of a Member State's lawful "
        "response.",
        (
            "Escalation: engages the most serious legal frameworks (self-defence, mutual "
            "assistance).",
        ),
    ),
}

INSTRUMENT_PROFILES: Mapping[str, OptionProfile] = {
    "cooperative.demarche": OptionProfile(
        ("state_to_address", "union_concern"),
        "An EU delegation asks the authorities of the state concerned to stop or mitigate "
        "activity from its territory.",
        ("The state may deny involvement and learn what the EU knows.",),
    ),
    "stability.signalling_in_dialogues": OptionProfile(
        ("state_to_address", "union_concern"),
        "Raises the activity and its consequences in political dialogues with the state "
        "concerned, out of public view.",
        ("Private signals are easily ignored.",),
    ),
    "stability.demarche": OptionProfile(
        ("state_to_address", *_PUBLIC_SIGNAL),
        "A formal protest conveying the EU's concern or condemnation to the state concerned.",
        ("Presupposes the EU is ready to say whom it addresses.",),
    ),
    "stability.eeas_spokesperson_statement": OptionProfile(
        _PUBLIC_SIGNAL,
        "A quick public statement; needs no Member State agreement, so it is the weakest public "
        "signal.",
        ("Read as a sign that Member States could not agree on more.",),
    ),
    "stability.hr_statement": OptionProfile(
        _PUBLIC_SIGNAL,
        "A public statement in the High Representative's own name, without formal agreement of "
        "the Member States.",
        ("Carries less weight than a declaration on behalf of the EU.",),
    ),
    "restrictive.framework_renewal": OptionProfile(
        ("incident_specific",),
        "Keeps the horizontal cyber sanctions framework in force; targets no one by itself.",
        (),
    ),
    "support_ms.solidarity_clause": OptionProfile(
        ("major_disaster_in_member_state", "member_state_request"),
        "Joint action of the Union and the Member States to assist a Member State facing a "
        "disaster-scale incident.",
        ("Engages civil-protection and crisis arrangements, not a political signal.",),
    ),
}


#: Checked before every instrument's own preconditions: the Toolbox is external action and
#: addresses no Member State (art. 21 TEU; art. 1(2) of Reg. 2019/796).
TOOLBOX_PRECONDITIONS = ("external_conduct",)


def profile_for(instrument: Instrument) -> OptionProfile:
    profile = INSTRUMENT_PROFILES.get(instrument.id) or CATEGORY_PROFILES[instrument.category]
    return OptionProfile(
        (*TOOLBOX_PRECONDITIONS, *profile.preconditions), profile.expected_effect, profile.risks
    )
