"""Cue phrases: what an incident's title, summary and impact notes say that no field records.

Research repositories record incidents sparsely: a few fields and a paragraph. The paragraph
often holds the facts an analyst weighs — "a zero-day", "through a software update", "power
outage", "ahead of the election" — so the engine reads a small, fixed vocabulary of English
phrases, each mapped to one signal. The table is data: docs/assessment.md lists it and the
tests run every phrase through it. A cue only ever raises a severity dimension (it is evidence
that something happened); the absence of a cue is never read as evidence that it did not.
Negations ("no zero-day was used") are not understood: records rarely state what did not
happen, and a wrong cue is visible in the facts the dimension cites.
"""

from __future__ import annotations

import re
from enum import StrEnum

__all__ = ["CUES", "FIGURE_NOUNS", "Cue", "find_cues", "find_cues_one_by_one", "find_figures"]


class Cue(StrEnum):
    ZERO_DAY = "zero-day"  # an undisclosed vulnerability was exploited
    SUPPLY_CHAIN = "supply-chain"  # delivered through a supplier's product or update
    CUSTOM_TOOLING = "custom-tooling"  # bespoke malware, implants, rootkits, firmware
    DESTRUCTIVE = "destructive"  # data or systems destroyed (wipers, bricked devices)
    PERSISTENCE = "persistence"  # long-term hidden access (backdoors, implants, dwell time)
    HIJACKING = "hijacking"  # control of systems or accounts taken over
    CLASSIFIED = "classified"  # classified or secret government information
    PERSONAL_DATA = "personal-data"  # personal or identity data of people
    SPECIAL_DATA = "special-data"  # health, medical or biometric data (GDPR art. 9 categories)
    COMMERCIAL_DATA = "commercial-data"  # intellectual property, trade secrets, business data
    POLITICAL_DATA = "political-data"  # e-mails or documents of politicians and officials
    MASS_SCALE = "mass-scale"  # millions of people or records, thousands of victims
    NATIONAL_SCALE = "national-scale"  # nationwide effect, a country's services
    POWER_OUTAGE = "power-outage"  # electricity cut for consumers
    PHYSICAL = "physical"  # physical processes, equipment or safety affected
    LONG_OUTAGE = "long-outage"  # services down for days
    EXTENDED_OUTAGE = "extended-outage"  # services down for weeks or months
    THEFT_OF_FUNDS = "theft-of-funds"  # money or cryptocurrency stolen
    ATTEMPT = "attempt"  # an attempt: phishing, foiled or unsuccessful intrusions
    ELECTION = "election"  # an election or referendum is the context or the target
    ARMED_CONFLICT = "armed-conflict"  # the activity is part of a war or an invasion


def _phrases(*words: str) -> re.Pattern[str]:
    # Whole words only, so that "war" does not match "software" or "warning".
    return re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE)


#: Each cue with the phrases that signal it (regular expressions, matched case-insensitively
#: on whole words). Keep the list short and unambiguous: every phrase should mean its cue in
#: any incident description.
CUES: tuple[tuple[Cue, re.Pattern[str]], ...] = (
    (
        Cue.ZERO_DAY,
        _phrases(r"zero[- ]days?", r"0[- ]days?", r"previously unknown vulnerabilit\w*"),
    ),
    (
        Cue.SUPPLY_CHAIN,
        _phrases(
            r"supply[- ]chain",
            r"software updates?",
            r"trojani[sz]ed (?:update|software|installer)s?",
            r"compromised (?:update|software|installer)s?",
            r"managed service providers?",
        ),
    ),
    (
        Cue.CUSTOM_TOOLING,
        _phrases(
            r"custom(?:[- ]built)? (?:malware|tools?|tooling|implants?|backdoors?)",
            r"bespoke (?:malware|tools?|implants?)",
            r"novel malware",
            r"rootkits?",
            r"bootkits?",
            r"firmware",
            r"modular (?:malware|platform)",
        ),
    ),
    (
        Cue.DESTRUCTIVE,
        _phrases(
            r"wipers?",
            r"wiped",
            r"wiping",
            r"destroy(?:ed|ing) (?:\w+ ){0,3}"
            r"(?:data|files|systems|computers|hard drives|servers|server estate)",
            r"destructive",
            r"bricked",
            r"erased",
        ),
    ),
    (
        Cue.PERSISTENCE,
        _phrases(
            r"backdoors?",
            r"persistent access",
            r"implants?",
            r"undetected for",
            r"(?:for|over) (?:several|many|\d+) (?:years|months)",
            r"long[- ]running",
            r"years[- ]long",
        ),
    ),
    (
        Cue.HIJACKING,
        _phrases(
            r"hijack\w*",
            r"took control",
            r"taken over",
            r"take over",
            r"remote control",
            r"botnets?",
        ),
    ),
    (
        Cue.CLASSIFIED,
        _phrases(r"classified", r"top secret", r"state secrets?", r"secret documents?"),
    ),
    (
        Cue.PERSONAL_DATA,
        _phrases(
            r"personal (?:data|information|details)",
            r"passports?",
            r"social security numbers?",
            r"biometric",
            r"customer (?:data|records)",
        ),
    ),
    (
        Cue.SPECIAL_DATA,
        _phrases(
            r"health (?:data|records|information)",
            r"medical (?:data|records|information)",
            r"patients?'? (?:data|records|files|notes)",
            r"records of (?:about |some |more than )?[\d,.]+ (?:million )?patients",
            r"therapy notes",
            r"psychotherap\w*",
            r"biometric",
            r"genetic data",
        ),
    ),
    (
        Cue.COMMERCIAL_DATA,
        _phrases(
            r"intellectual property",
            r"trade secrets?",
            r"source code",
            r"proprietary",
            r"business (?:data|plans|information)",
            r"research data",
        ),
    ),
    (
        Cue.POLITICAL_DATA,
        _phrases(
            r"e-?mails? of",
            r"(?:politicians|ministers?|officials|diplomats)'? "
            r"(?:e-?mails?|documents|communications)",
            r"diplomatic (?:cables|communications|correspondence)",
            r"campaign (?:e-?mails?|documents)",
        ),
    ),
    (
        Cue.MASS_SCALE,
        _phrases(
            r"millions of",
            r"thousands of (?:organi[sz]ations|companies|customers|victims|computers|systems)",
            r"tens of thousands",
            r"hundreds of thousands",
            r"worldwide",
        ),
    ),
    (
        Cue.NATIONAL_SCALE,
        _phrases(
            r"nation(?:al)?[- ]?wide",
            r"across the country",
            r"national (?:power|electricity|telecom\w*|health service|railway|airline|bank)",
            r"country'?s (?:internet|banks|payment|telecom\w*|power|fuel)",
            r"fuel shortages?",
        ),
    ),
    (
        Cue.POWER_OUTAGE,
        _phrases(r"power (?:outages?|cuts?)", r"blackouts?", r"without (?:power|electricity)"),
    ),
    (
        Cue.PHYSICAL,
        _phrases(
            r"industrial control systems?",
            r"\bICS\b",
            r"SCADA",
            r"safety (?:systems?|instrumented)",
            r"physical damage",
            r"centrifuges?",
            r"blast furnace",
            r"explosions?",
        ),
    ),
    (
        Cue.LONG_OUTAGE,
        _phrases(
            r"for (?:[\w-]+ ){0,3}days",
            r"days of (?:disruption|outage)",
            r"days[- ]long",
        ),
    ),
    (
        Cue.EXTENDED_OUTAGE,
        _phrases(
            r"for (?:[\w-]+ ){0,3}(?:weeks|months)",
            r"(?:weeks|months) of (?:disruption|outage)",
            r"(?:weeks|months)[- ]long",
        ),
    ),
    (
        Cue.THEFT_OF_FUNDS,
        _phrases(
            r"stole (?:\S+ ){0,3}?(?:worth|USD|US\$|\$|€|EUR|million|billion|funds|money|"
            r"cryptocurrenc\w*|tokens|coins|bitcoins?|ether)",
            r"stolen (?:\S+ ){0,2}?(?:funds|money|cryptocurrenc\w*|tokens|coins|bitcoins?)",
            r"theft of (?:funds|money|cryptocurrency)",
            r"heist",
            r"fraudulent (?:transfers?|transactions)",
            r"cryptocurrency (?:theft|stolen)",
        ),
    ),
    (
        Cue.ATTEMPT,
        _phrases(
            r"attempted",
            r"attempts? to",
            r"(?:spear)?phishing",
            r"unsuccessful",
            r"foiled",
            r"thwarted",
            r"disrupted before",
        ),
    ),
    (
        Cue.ELECTION,
        _phrases(
            r"elections?",
            r"electoral",
            r"referendum",
            r"presidential (?:race|campaign)",
            r"ballots?",
            r"voters?",
        ),
    ),
    (
        Cue.ARMED_CONFLICT,
        _phrases(
            r"war",
            r"wartime",
            r"invasion",
            r"armed conflict",
            r"military offensive",
            r"occupied territor\w*",
        ),
    ),
)


def _lowered(pattern: str) -> str:
    """``pattern`` with its literal letters in lower case; escapes (``\\S``, ``\\b``) kept."""
    return re.sub(
        r"\\.|[^\\]+", lambda part: part[0] if part[0][0] == "\\" else part[0].lower(), pattern
    )


# One scan of the lower-cased text finds every cue: a search per cue with IGNORECASE costs
# about three times as much, which over a whole store is seconds. The per-cue patterns, lower
# cased too, catch a cue whose phrase starts where another cue's phrase was found.
_EACH_LOWERED = tuple((cue, re.compile(_lowered(pattern.pattern))) for cue, pattern in CUES)
_OPENING, _CLOSING = r"\b(?:", r")\b"  # how _phrases wraps the phrases of one cue


def _alternatives(pattern: re.Pattern[str]) -> str:
    return pattern.pattern.removeprefix(_OPENING).removesuffix(_CLOSING)


_ALL_LOWERED = re.compile(
    _OPENING
    + "|".join(
        f"(?P<c{number}>{_alternatives(pattern)})"
        for number, (_, pattern) in enumerate(_EACH_LOWERED)
    )
    + _CLOSING
)


def find_cues(*texts: str | None) -> dict[Cue, str]:
    """Each cue found in the texts, with the first phrase that signalled it (as written)."""
    joined = "\n".join(text for text in texts if text)
    lowered = joined.lower()
    if len(lowered) != len(joined):  # a few letters lower-case to two: positions would shift
        return find_cues_one_by_one(joined)
    found: dict[Cue, str] = {}
    position = 0
    while len(found) < len(_EACH_LOWERED):
        match = _ALL_LOWERED.search(lowered, position)
        if match is None:
            break
        start = match.start()
        for number, (cue, pattern) in enumerate(_EACH_LOWERED):
            if cue in found:
                continue
            group = f"c{number}"
            if match.group(group) is not None:
                found[cue] = joined[match.start(group) : match.end(group)]
            elif (same_start := pattern.match(lowered, start)) is not None:
                found[cue] = joined[same_start.start() : same_start.end()]
        position = start + 1
    return {cue: found[cue] for cue, _ in CUES if cue in found}


def find_cues_one_by_one(*texts: str | None) -> dict[Cue, str]:
    """``find_cues`` as the plain definition: one case-blind search per cue."""
    found: dict[Cue, str] = {}
    joined = "\n".join(text for text in texts if text)
    if not joined:
        return found
    for cue, pattern in CUES:
        match = pattern.search(joined)
        if match:
            found[cue] = match.group(0)
    return found


#: Nouns a figure in a summary counts, by the impact field it stands for when that field is
#: not recorded: "about 30,000 workstations", "records of 33,000 patients", "1,500 businesses".
FIGURE_NOUNS: dict[str, tuple[str, ...]] = {
    "systems_affected": (
        "computers",
        "workstations",
        "machines",
        "systems",
        "servers",
        "devices",
        "endpoints",
        "routers",
        "modems",
        "hard drives",
    ),
    "people_affected": (
        "people",
        "persons",
        "customers",
        "patients",
        "users",
        "citizens",
        "voters",
        "households",
        "subscribers",
        "accounts",
        "records",
        "employees",
    ),
    "organisations": ("organisations", "organizations", "companies", "businesses", "firms"),
}
_MULTIPLIERS = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_FIGURE = re.compile(
    r"\b(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(thousand|million|billion)?\s+"
    r"(?:[a-z-]+\s+){0,2}?("
    + "|".join(
        sorted({noun for nouns in FIGURE_NOUNS.values() for noun in nouns}, key=len, reverse=True)
    )
    + r")\b",
    re.IGNORECASE,
)


def find_figures(*texts: str | None) -> dict[str, tuple[int, str]]:
    """The largest figure each kind of count has in the texts, with the words that said it.

    Money is never counted ("USD 100 million" names no noun of ``FIGURE_NOUNS``); a figure
    must be followed by its noun within two words ("48,000 computers", "30,000 Windows
    workstations").
    """
    found: dict[str, tuple[int, str]] = {}
    kind_of = {noun: kind for kind, nouns in FIGURE_NOUNS.items() for noun in nouns}
    for text in texts:
        for match in _FIGURE.finditer(text or ""):
            number, scale, noun = match.groups()
            value = int(float(number.replace(",", "")) * _MULTIPLIERS.get((scale or "").lower(), 1))
            kind = kind_of[noun.lower()]
            if value > found.get(kind, (0, ""))[0]:
                found[kind] = (value, match.group(0))
    return found
