"""What an incident's description says a government did about it.

Research repositories often record a state's answer only in the paragraph: "The Polish
government blamed Russia", "Iranian officials accused the United States and Israel", "US
prosecutors charged two Iranian nationals", "The Belgian government condemned the intrusion".
The codebook counts such acts as a national response (docs/assessment.md, "Codebook"), and the
level of response reads them when no recorded attribution says as much.

A clause counts when a government is its subject and one of the acts below its verb:
accusing, blaming, attributing, condemning, summoning an ambassador, expelling, indicting,
charging or sanctioning. The subject is a government's body or office ("the government", "the
foreign ministry", "the Department of Justice", "prosecutors", "the FBI") or officials,
authorities or a president qualified by a state ("US officials", "Ukrainian authorities",
"Iran's president"); only names, "and", "of", "the", commas and a few adverbs may stand between
the subject and the verb, so "the government's e-mail was hacked and researchers blamed Russia"
does not count. What the words "no", "not", "privately", "reportedly" or "unnamed" qualify is
no public response, so a clause with one of them never counts ("no state attribution
followed", "US officials privately blamed Iran"); nor does a rebuttal ("the foreign ministry
condemned the groundless accusations") or a clause naming the Union or its organs ("the High
Representative condemned…"): the Union's own acts are the EU levels' evidence, not a state's.
"""

from __future__ import annotations

import re

__all__ = ["described_government_response"]

_ACT = (
    r"(?:accus(?:ed|es)|blam(?:ed|es)|attribut(?:ed|es)|condemn(?:ed|s)|summon(?:ed|s)"
    r"|expel(?:led|s)|indict(?:ed|s)|charg(?:ed|es)|sanction(?:ed|s)|impos(?:ed|es) sanctions"
    r"|(?:brought|filed|announced) charges)"
)
# Bodies and offices that are a government whoever writes them.
_BODY = (
    r"(?:government|cabinet|ministry|foreign office|state department|white house"
    r"|department of (?:justice|state|the treasury)|justice department|treasury"
    r"|prosecutors?|prosecutor's office|prosecutor general|attorney general|fbi"
    r"|(?:prime|foreign|defen[cs]e|interior|home|justice) minister|foreign ministry)"
)
# Words that name a government only with a state before them ("company officials" do not).
_QUALIFIED = r"(?:officials|authorities|president|minister|intelligence services?|police)"
# A state as qualifier: an adjective written with a capital ("Iranian", "South Korean",
# "Polish", "Dutch", "Japanese", "Israeli"), "US" or "UK", or a word saying the officials are
# a state's. Case counts here ("(?-i:"): "company officials" are not a government's, and a
# possessive ("Microsoft's president") names no state.
_STATE_WORD = (
    r"(?:(?-i:U\.?S\.?|UK|[A-Z][a-z]+(?:ian|ean|an|ese|ish|ch|i))"
    r"|federal|national|state|government)"
)
_APOSTROPHES = "'\u2019"
# Not followed by a hyphen or an apostrophe: "government-backed hackers" and "the government's
# e-mail" are not the government acting.
_SUBJECT = (
    rf"(?:\b{_BODY}\b(?![-{_APOSTROPHES}])"
    rf"|\b{_STATE_WORD}\s+{_QUALIFIED}\b(?![-{_APOSTROPHES}]))"
)
# What may stand between the subject and its verb: more of the subject, or an adverb.
_GAP_WORD = (
    rf"(?:(?-i:[A-Z][\w.{_APOSTROPHES}-]*)|and|of|the|its|has|have|had|publicly|jointly|formally"
    r"|officially"
    r"|later|also|then|subsequently|swiftly|quickly|openly|explicitly|"
    + _BODY
    + r"|"
    + _QUALIFIED
    + r")"
)
_ACTIVE = re.compile(
    rf"{_SUBJECT}(?:,?\s+{_GAP_WORD}){{0,6}},?\s+{_ACT}\b",
    re.IGNORECASE,
)
# "... was attributed to North Korea by the FBI"
_PASSIVE = re.compile(
    rf"\b(?:was|were|has been|have been)\s+(?:publicly\s+|formally\s+|officially\s+)?"
    rf"(?:attributed|blamed|condemned)\b[^.;]{{0,60}}?\bby\s+(?:the\s+)?"
    rf"(?:\b{_BODY}\b|\b{_STATE_WORD}\s+{_QUALIFIED}\b)",
    re.IGNORECASE,
)
# A cheap test first: most descriptions name no act at all.
_ANY_ACT = re.compile(rf"\b{_ACT}\b", re.IGNORECASE)
_NOT_PUBLIC = re.compile(
    r"\b(?:no|not|never|nor|without|declined|refused|privately|reportedly|allegedly"
    r"|anonymous(?:ly)?|unnamed|unidentified|yet to|stopped short)\b|n't\b",
    re.IGNORECASE,
)
# A state answering an accusation against itself has not answered the incident ("China's foreign
# ministry condemned the groundless accusations").
_REBUTTAL = re.compile(
    r"\b(?:den(?:y|ied|ies)|rejected|dismissed|groundless|baseless|unfounded|smear\w*|hypocri\w*"
    r"|fabricat\w*)\b",
    re.IGNORECASE,
)
# The Union and its organs; "a European energy company" is only a victim.
_UNION = re.compile(
    r"\b(?:EU|European (?:Union|Commission|Council|External Action Service|officials|leaders)"
    r"|High Representative|Council of the EU)\b"
)
_CLAUSE_END = re.compile(r"(?<=[.;:!?])\s+|\n\s*\n")
_SHOWN = 240  # characters of the clause a reason quotes


def described_government_response(*texts: str | None) -> str | None:
    """The first clause of ``texts`` in which a government answers the incident publicly,
    or None."""
    for text in texts:
        if not text or _ANY_ACT.search(text) is None:
            continue
        for clause in _CLAUSE_END.split(text):
            if _ANY_ACT.search(clause) is None:
                continue
            if _NOT_PUBLIC.search(clause) or _REBUTTAL.search(clause) or _UNION.search(clause):
                continue
            if _ACTIVE.search(clause) or _PASSIVE.search(clause):
                quoted = " ".join(clause.split())
                return quoted if len(quoted) <= _SHOWN else quoted[: _SHOWN - 1] + "…"
    return None
