"""The project's STIX 2.1 workload: a deterministic bundle of what a cyber-diplomacy desk holds.

    python benchmarks/stix_workload.py N OUT.json [--seed S]     ("-" writes to stdout)

or, from Python, ``generate(count, seed, out)`` with a text stream. The benchmarks and the
crash-consistency tests read their bundles from here; it needs the standard library only, so
it runs in any interpreter, installed project or not.

A bundle of N >= 200 objects holds exactly N objects, and the same N and seed always give the
same bytes. It holds:

- the five OASIS TLP 2.0 marking definitions, with their published ids and content;
- reference sets that stop growing with N: producer identities (CERTs, agencies, vendors),
  sector classes, and states (a ``location`` and a "Government of …" ``identity`` each);
- objects that grow with N (fractions of N): indicators 20 % (STIX patterns over documentation
  address ranges and reserved domain names), incidents 5 %, victim organisations 2.5 %,
  reports 2.5 %, attack patterns 2 %, malware 2 %, notes 2 %, campaigns 1.5 %, opinions 1.5 %,
  intrusion sets 1.2 %, courses of action 1 % (technical mitigations and measures of the EU
  Cyber Diplomacy Toolbox), threat actors 0.8 %; relationships make up the rest (about 58 %).

Every object but the markings carries one TLP marking. The relationships first give each
object the links an analyst expects (a threat actor attributed-to its sponsoring state and
located-at it, an intrusion set attributed-to a threat actor, a campaign to an intrusion set,
an incident attributed-to an intrusion set or threat actor and targeting an organisation, an
indicator indicating malware, an intrusion set or a campaign); the rest is a weighted mix of
uses, targets, related-to and mitigates. Attributions are skewed: a few intrusion sets are
blamed for most incidents, as in real holdings, so "the first intrusion set" is a busy one.
Some attributions are made by states, not by CERTs or vendors.

Objects are written as they are made: memory does not grow with N. An object's id and the
few facts other objects repeat about it (an organisation's sector and state, an incident's
victim) are derived from the seed and the object's position by hashing, so a later object can
name an earlier one without a list of everything written before.

Names of actors, malware and campaigns are made up and chosen not to collide with real ones:
importing a workload bundle never merges its actors into the reference catalogue.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, TextIO

__all__ = ["DEFAULT_SEED", "MINIMUM_OBJECTS", "TLP2_MARKINGS", "Plan", "generate", "main", "plan"]

MINIMUM_OBJECTS = 200
DEFAULT_SEED = 20261207

# FIRST TLP 2.0 as OASIS publishes it (cti-stix-common-objects,
# extension-definition-specifications/tlp-2.0): shared by every producer, never generated.
TLP2_EXTENSION = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
TLP2_CREATED = "2022-10-01T00:00:00.000Z"
TLP2_MARKINGS = (
    ("clear", "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487"),
    ("green", "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"),
    ("amber", "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421"),
    ("amber+strict", "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003"),
    ("red", "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1"),
)
# How much of what a desk holds is marked at each level, CLEAR to RED.
TLP_WEIGHTS = (15, 40, 30, 10, 5)
CLEAR = TLP2_MARKINGS[0][1]

PRODUCERS = (
    ("CERT-EU", "government-public-services"),
    ("ENISA", "government-public-services"),
    ("EU Intelligence and Situation Centre", "government-national"),
    ("Agence nationale de la sécurité des systèmes d'information", "government-national"),
    ("Bundesamt für Sicherheit in der Informationstechnik", "government-national"),
    ("Nationaal Cyber Security Centrum", "government-national"),
    ("Centro Criptológico Nacional", "government-national"),
    ("CSIRTs Network liaison desk", "government-public-services"),
    ("Northlight Threat Research", "technology"),
    ("Kestrel Incident Response", "technology"),
    ("Open-source monitoring cell", "non-profit"),
    ("University cyber-conflict observatory", "education"),
)

# ISO 3166-1 alpha-2, a name our country resolver reads, STIX region-ov.
STATES = (
    ("RU", "Russian Federation", "eastern-europe"),
    ("CN", "China", "eastern-asia"),
    ("KP", "Democratic People's Republic of Korea", "eastern-asia"),
    ("IR", "Iran", "southern-asia"),
    ("BY", "Belarus", "eastern-europe"),
    ("DE", "Germany", "western-europe"),
    ("FR", "France", "western-europe"),
    ("EE", "Estonia", "northern-europe"),
    ("UA", "Ukraine", "eastern-europe"),
    ("PL", "Poland", "eastern-europe"),
    ("NL", "Netherlands", "western-europe"),
    ("IT", "Italy", "southern-europe"),
    ("ES", "Spain", "southern-europe"),
    ("LT", "Lithuania", "northern-europe"),
    ("BE", "Belgium", "western-europe"),
    ("SE", "Sweden", "northern-europe"),
    ("FI", "Finland", "northern-europe"),
    ("CZ", "Czechia", "eastern-europe"),
    ("RO", "Romania", "eastern-europe"),
    ("GR", "Greece", "southern-europe"),
    ("PT", "Portugal", "southern-europe"),
    ("AT", "Austria", "western-europe"),
    ("DK", "Denmark", "northern-europe"),
    ("IE", "Ireland", "northern-europe"),
    ("LV", "Latvia", "northern-europe"),
    ("SK", "Slovakia", "eastern-europe"),
    ("SI", "Slovenia", "southern-europe"),
    ("HR", "Croatia", "southern-europe"),
    ("BG", "Bulgaria", "eastern-europe"),
    ("HU", "Hungary", "eastern-europe"),
    ("LU", "Luxembourg", "western-europe"),
    ("MT", "Malta", "southern-europe"),
    ("CY", "Cyprus", "western-asia"),
    ("MD", "Moldova", "eastern-europe"),
    ("GE", "Georgia", "western-asia"),
    ("AL", "Albania", "southern-europe"),
    ("ME", "Montenegro", "southern-europe"),
    ("NO", "Norway", "northern-europe"),
    ("GB", "United Kingdom", "northern-europe"),
    ("US", "United States", "northern-america"),
    ("CA", "Canada", "northern-america"),
    ("JP", "Japan", "eastern-asia"),
    ("KR", "Republic of Korea", "eastern-asia"),
    ("AU", "Australia", "australia-new-zealand"),
    ("NZ", "New Zealand", "australia-new-zealand"),
    ("IN", "India", "southern-asia"),
    ("SG", "Singapore", "south-eastern-asia"),
    ("IL", "Israel", "western-asia"),
    ("TR", "Türkiye", "western-asia"),
    ("SA", "Saudi Arabia", "western-asia"),
    ("AE", "United Arab Emirates", "western-asia"),
    ("BR", "Brazil", "south-america"),
    ("MX", "Mexico", "central-america"),
    ("ZA", "South Africa", "southern-africa"),
    ("KE", "Kenya", "eastern-africa"),
    ("NG", "Nigeria", "western-africa"),
    ("EG", "Egypt", "northern-africa"),
    ("MA", "Morocco", "northern-africa"),
    ("CI", "Côte d'Ivoire", "western-africa"),
    ("VN", "Viet Nam", "south-eastern-asia"),
)
# The first states are the ones public attributions most often name as sponsors.
SPONSORS = 5

# STIX industry-sector-ov words, the victims' sectors.
SECTORS = (
    "government-national",
    "energy",
    "healthcare",
    "financial-services",
    "telecommunications",
    "defense",
    "transportation",
    "water",
    "education",
    "government-local",
    "aerospace",
    "pharmaceuticals",
    "manufacturing",
    "non-profit",
    "technology",
    "utilities",
    "nuclear",
    "dams",
    "chemical",
    "infrastructure",
    "retail",
    "insurance",
)
ORGANISATION_KINDS = {
    "government-national": ("Ministry of Foreign Affairs", "Ministry of Defence", "Parliament"),
    "energy": ("Grid Operator", "Gas Transmission", "Power Utility"),
    "healthcare": ("University Hospital", "Health Insurance Fund", "Vaccine Agency"),
    "financial-services": ("Central Bank", "Savings Bank", "Stock Exchange"),
    "telecommunications": ("Mobile Operator", "Satellite Services", "Internet Exchange"),
    "defense": ("Armaments Agency", "Naval Shipyard", "Defence Electronics"),
    "transportation": ("Port Authority", "Railways", "Air Navigation Services"),
    "water": ("Water Board", "Waterworks"),
}
PLACES = (
    "Northern",
    "Riverside",
    "Capital",
    "Coastal",
    "Lakeland",
    "Highland",
    "Eastern",
    "Western",
    "Valley",
    "Harbour",
)

# MITRE ATT&CK Enterprise techniques: id, name, tactic.
TECHNIQUES = (
    ("T1566", "Phishing", "initial-access"),
    ("T1190", "Exploit Public-Facing Application", "initial-access"),
    ("T1133", "External Remote Services", "initial-access"),
    ("T1195", "Supply Chain Compromise", "initial-access"),
    ("T1199", "Trusted Relationship", "initial-access"),
    ("T1078", "Valid Accounts", "defense-evasion"),
    ("T1059", "Command and Scripting Interpreter", "execution"),
    ("T1203", "Exploitation for Client Execution", "execution"),
    ("T1047", "Windows Management Instrumentation", "execution"),
    ("T1543", "Create or Modify System Process", "persistence"),
    ("T1505", "Server Software Component", "persistence"),
    ("T1068", "Exploitation for Privilege Escalation", "privilege-escalation"),
    ("T1562", "Impair Defenses", "defense-evasion"),
    ("T1027", "Obfuscated Files or Information", "defense-evasion"),
    ("T1003", "OS Credential Dumping", "credential-access"),
    ("T1558", "Steal or Forge Kerberos Tickets", "credential-access"),
    ("T1087", "Account Discovery", "discovery"),
    ("T1018", "Remote System Discovery", "discovery"),
    ("T1021", "Remote Services", "lateral-movement"),
    ("T1550", "Use Alternate Authentication Material", "lateral-movement"),
    ("T1114", "Email Collection", "collection"),
    ("T1213", "Data from Information Repositories", "collection"),
    ("T1071", "Application Layer Protocol", "command-and-control"),
    ("T1573", "Encrypted Channel", "command-and-control"),
    ("T1090", "Proxy", "command-and-control"),
    ("T1048", "Exfiltration Over Alternative Protocol", "exfiltration"),
    ("T1567", "Exfiltration Over Web Service", "exfiltration"),
    ("T1485", "Data Destruction", "impact"),
    ("T1486", "Data Encrypted for Impact", "impact"),
    ("T1561", "Disk Wipe", "impact"),
    ("T1498", "Network Denial of Service", "impact"),
    ("T1491", "Defacement", "impact"),
    ("T1495", "Firmware Corruption", "impact"),
    ("T1595", "Active Scanning", "reconnaissance"),
    ("T1591", "Gather Victim Org Information", "reconnaissance"),
    ("T1587", "Develop Capabilities", "resource-development"),
)

# Made-up names: a landscape word and a craft word are nobody's naming scheme.
LANDSCAPE = (
    "Basalt",
    "Juniper",
    "Fjord",
    "Moraine",
    "Tundra",
    "Estuary",
    "Lagoon",
    "Scree",
    "Heath",
    "Delta",
    "Cairn",
    "Marsh",
    "Steppe",
    "Atoll",
)
CRAFT = (
    "Loom",
    "Anvil",
    "Chisel",
    "Kiln",
    "Spindle",
    "Lathe",
    "Bellows",
    "Trowel",
    "Awl",
    "Quill",
    "Sickle",
    "Plumb",
)
MALWARE_HEADS = ("Vel", "Quor", "Zint", "Brak", "Mire", "Tesk", "Olv", "Grun", "Pashk", "Yarr")
MALWARE_TAILS = ("dex", "mole", "vane", "shard", "wick", "lode", "fang", "pike", "gloom", "drift")
MALWARE_TYPES = (
    ("backdoor",),
    ("remote-access-trojan",),
    ("wiper",),
    ("ransomware",),
    ("spyware", "keylogger"),
    ("dropper", "downloader"),
    ("webshell",),
    ("rootkit",),
    ("worm", "wiper"),
)
CAPABILITIES = (
    "communicates-with-c2",
    "exfiltrates-data",
    "persists-after-system-reboot",
    "steals-authentication-credentials",
    "compromises-data-integrity",
    "compromises-system-availability",
    "evades-av",
    "escalates-privileges",
)
SERVICES = (
    "military intelligence directorate",
    "foreign intelligence service",
    "state security ministry",
    "cyber command of the armed forces",
    "signals intelligence bureau",
)
GOALS = (
    "collect diplomatic reporting",
    "pre-position in energy networks",
    "steal defence research",
    "shape elections abroad",
    "monitor the diaspora",
    "raise revenue through theft",
    "disrupt logistics to a conflict zone",
)
MOTIVATIONS = ("organizational-gain", "dominance", "ideology", "coercion", "personal-gain")

# Incident labels are words of the project's incident-type vocabulary.
INCIDENT_KINDS = (
    ("espionage", "Intrusion into the networks of {victim}"),
    ("espionage", "Theft of diplomatic correspondence from {victim}"),
    ("ransomware", "Ransomware outage at {victim}"),
    ("wiper", "Destructive attack wiping systems of {victim}"),
    ("sabotage", "Manipulation of industrial controls at {victim}"),
    ("ddos", "Denial-of-service attacks on public websites of {state}"),
    ("defacement", "Defacement of {victim} websites"),
    ("election-interference", "Interference in the {state} elections"),
    ("hack-and-leak", "Hack-and-leak operation against {victim}"),
    ("supply-chain", "Supply-chain compromise reaching {victim}"),
    ("data-breach", "Personal data stolen from {victim}"),
)
# UN GGE 2015 norms (A/70/174, paragraph 13) as analysts cite them.
NORMS = (
    "norm 13(a), interstate cooperation on security",
    "norm 13(c), not knowingly allowing the territory to be used",
    "norm 13(f), not damaging critical infrastructure",
    "norm 13(g), protecting critical infrastructure",
    "norm 13(h), responding to requests for assistance",
    "norm 13(k), not harming emergency response teams",
)
MITIGATIONS = (
    "Phishing-resistant multi-factor authentication",
    "Segmentation of operational technology networks",
    "Emergency patching of internet-facing systems",
    "Offline, tested backups",
    "Monitoring of privileged accounts",
    "Upstream DDoS scrubbing",
)
# Measures of the EU framework for a joint diplomatic response (the Cyber Diplomacy Toolbox).
RESPONSES = (
    "Declaration by the High Representative on behalf of the EU",
    "Council conclusions",
    "Démarche by EU delegations",
    "Political and thematic dialogue",
    "Request for cooperation under norm 13(h)",
    "Restrictive measures: travel ban and asset freeze",
    "Coordinated public attribution with like-minded partners",
)
BASES = ("technical indicators", "intelligence reporting", "political judgement")
# The relationships that fill the rest of the budget: type, source and target roles (see
# _Workload.pick), and how often each comes.
FILLERS = (
    ("uses", "intrusion-set", "malware", 7),
    ("uses", "intrusion-set", "attack-pattern", 7),
    ("uses", "campaign", "attack-pattern", 4),
    ("uses", "malware", "attack-pattern", 3),
    ("targets", "intrusion-set", "state", 4),
    ("targets", "intrusion-set", "sector", 3),
    ("targets", "campaign", "organisation", 3),
    ("related-to", "incident", "campaign", 3),
    ("related-to", "incident", "incident", 1),
    ("mitigates", "mitigation", "attack-pattern", 2),
    ("related-to", "response", "incident", 2),
)
OPINIONS = ("strongly-agree", "agree", "neutral", "disagree", "strongly-disagree")
OPINION_WEIGHTS = (3, 5, 2, 1, 1)
REPORT_TYPES = ("threat-report", "intrusion-set", "campaign", "threat-actor", "indicator")
WORDS = ("mail", "portal", "sso", "docs", "vpn", "cdn", "files", "auth", "news", "update")
# Names and addresses that can never point at anyone: RFC 2606 names, RFC 5737 and RFC 3849
# documentation ranges.
TLDS = ("example", "test", "invalid")
IPV4_RANGES = ("192.0.2", "198.51.100", "203.0.113")

EPOCH = datetime(2014, 1, 1, tzinfo=UTC)
SPAN_SECONDS = int((datetime(2026, 6, 30, tzinfo=UTC) - EPOCH).total_seconds())


@dataclass(frozen=True)
class Plan:
    """How many objects of each kind a bundle holds (``states`` counts each state once,
    though it writes a location and an identity)."""

    producers: int
    sectors: int
    states: int
    organisations: int
    attack_patterns: int
    malware: int
    threat_actors: int
    intrusion_sets: int
    campaigns: int
    incidents: int
    indicators: int
    courses_of_action: int
    reports: int
    notes: int
    opinions: int
    relationships: int

    @property
    def structural_relationships(self) -> int:
        """The relationships every threat actor, intrusion set, campaign, incident and
        indicator gets whatever the size; the rest of the relationship budget is a mix."""
        return (
            2 * self.threat_actors
            + self.intrusion_sets
            + self.campaigns
            + 2 * self.incidents
            + self.indicators
        )

    @property
    def total(self) -> int:
        """Objects in the bundle: the markings, two per state, one per everything else."""
        counts: dict[str, int] = asdict(self)
        return len(TLP2_MARKINGS) + sum(counts.values()) + self.states


def plan(count: int) -> Plan:
    """The object mix of a bundle of ``count`` objects (at least ``MINIMUM_OBJECTS``)."""
    if count < MINIMUM_OBJECTS:
        raise ValueError(f"a workload bundle holds at least {MINIMUM_OBJECTS} objects, not {count}")

    def share(fraction: float, least: int) -> int:
        return max(least, round(count * fraction))

    counts = {
        "producers": min(len(PRODUCERS), max(4, count // 400)),
        "sectors": min(len(SECTORS), max(4, count // 150)),
        "states": min(len(STATES), max(SPONSORS + 3, count // 100)),
        "organisations": share(0.025, 5),
        "attack_patterns": share(0.02, 4),
        "malware": share(0.02, 4),
        "threat_actors": share(0.008, 3),
        "intrusion_sets": share(0.012, 3),
        "campaigns": share(0.015, 3),
        "incidents": share(0.05, 10),
        "indicators": share(0.20, 34),
        "courses_of_action": share(0.01, 2),
        "reports": share(0.025, 5),
        "notes": share(0.02, 4),
        "opinions": share(0.015, 3),
    }
    fixed = len(TLP2_MARKINGS) + sum(counts.values()) + counts["states"]
    planned = Plan(**counts, relationships=count - fixed)
    # The fractions leave room, from the minimum size up, for every structural link and one
    # relationship of each filler kind.
    assert planned.relationships >= planned.structural_relationships + len(FILLERS), planned
    return planned


def generate(count: int, seed: int, out: TextIO) -> int:
    """Write a bundle of ``count`` objects to ``out``; the number written."""
    return _Workload(count, seed, out).write()


def _timestamp(moment: datetime) -> str:
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 1000:03d}Z"


class _Workload:
    """One bundle being written: the random stream, the plan, and the output."""

    def __init__(self, count: int, seed: int, out: TextIO) -> None:
        self.plan = plan(count)
        self.random = random.Random(seed)
        self._key = hashlib.blake2b(str(seed).encode(), digest_size=32).digest()
        self._out = out
        self.written = 0
        self.relationships = 0
        # Relationships are numbered in the order they are written: the threat actors' two
        # links each, the intrusion sets' and campaigns' one, then two per incident (its
        # attribution first), so reports and notes can name an incident's attribution.
        self._incident_links = 2 * self.plan.threat_actors + self.plan.intrusion_sets
        self._incident_links += self.plan.campaigns

    # ids and derived facts --------------------------------------------------------------

    def _digest(self, label: str, index: int) -> bytes:
        return hashlib.blake2b(f"{label}:{index}".encode(), digest_size=16, key=self._key).digest()

    def id(self, stix_type: str, role: str, index: int) -> str:
        """The id of the ``index``-th object of a role (``identity`` serves four roles)."""
        digest = self._digest(f"{stix_type}/{role}", index)
        return f"{stix_type}--{uuid.UUID(bytes=digest, version=4)}"

    def draw(self, label: str, index: int, choices: int) -> int:
        """A fixed pick among ``choices`` for the ``index``-th object, for facts that other
        objects repeat and so must be found again without remembering them."""
        return int.from_bytes(self._digest(label, index)[:8], "big") % choices

    def organisation(self, index: int) -> tuple[str, str, int]:
        """Name, sector and state (index into STATES) of the ``index``-th organisation."""
        sector = SECTORS[self.draw("organisation-sector", index, self.plan.sectors)]
        state = self.draw("organisation-state", index, self.plan.states)
        kinds = ORGANISATION_KINDS.get(sector) or (sector.replace("-", " ").capitalize(),)
        kind = kinds[index % len(kinds)]
        place = PLACES[(index // len(kinds)) % len(PLACES)]
        return f"{place} {kind} of {STATES[state][1]} (#{index})", sector, state

    def sponsor(self, actor: int) -> int:
        """The state (index into STATES) the ``actor``-th threat actor works for: mostly one
        of the usual sponsors. Its description and its relationships both name it."""
        if self.draw("sponsored-by-a-usual-sponsor", actor, 100) < 85:
            return actor % SPONSORS
        return self.draw("sponsor", actor, self.plan.states)

    def victim(self, incident: int) -> int:
        return self.draw("incident-victim", incident, self.plan.organisations)

    def culprit(self, incident: int) -> str:
        """The intrusion set (mostly one of the busiest) or threat actor an incident is
        attributed to; reports on the incident name it too."""
        plan = self.plan
        if self.draw("attributed-to-an-intrusion-set", incident, 100) < 80:
            fraction = self.draw("culprit", incident, 1 << 32) / (1 << 32)
            index = min(plan.intrusion_sets - 1, int((plan.intrusion_sets + 1) ** fraction) - 1)
            return self.id("intrusion-set", "intrusion-set", index)
        index = self.draw("culprit", incident, plan.threat_actors)
        return self.id("threat-actor", "threat-actor", index)

    def attribution_link(self, incident: int) -> str:
        return self.id("relationship", "relationship", self._incident_links + 2 * incident)

    def skewed(self, choices: int) -> int:
        """An index in ``range(choices)``, log-uniformly: the first few are picked most."""
        return min(choices - 1, int((choices + 1) ** self.random.random()) - 1)

    # common properties ------------------------------------------------------------------

    def moment(self) -> datetime:
        random = self.random
        return EPOCH + timedelta(
            seconds=random.randrange(SPAN_SECONDS), milliseconds=random.randrange(1000)
        )

    def author(self) -> str:
        return self.id("identity", "producer", self.skewed(self.plan.producers))

    def common(
        self, stix_type: str, object_id: str, created: datetime | None = None, author: str = ""
    ) -> dict[str, Any]:
        random = self.random
        created = created or self.moment()
        modified = created + timedelta(hours=random.choice((0, 0, 0, 2, 30, 24 * 45, 24 * 400)))
        obj: dict[str, Any] = {
            "type": stix_type,
            "spec_version": "2.1",
            "id": object_id,
            "created_by_ref": author or self.author(),
            "created": _timestamp(created),
            "modified": _timestamp(modified),
        }
        if random.random() < 0.5:
            obj["confidence"] = random.choice((15, 30, 50, 70, 85, 95))
        obj["object_marking_refs"] = [random.choices(TLP2_MARKINGS, TLP_WEIGHTS)[0][1]]
        return obj

    def emit(self, obj: dict[str, Any]) -> None:
        if self.written:
            self._out.write(",\n")
        self._out.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))
        self.written += 1

    def relate(self, kind: str, source: str, target: str, **extra: Any) -> None:
        obj = self.common(
            "relationship", self.id("relationship", "relationship", self.relationships)
        )
        obj.update(relationship_type=kind, source_ref=source, target_ref=target, **extra)
        self.relationships += 1
        self.emit(obj)

    # the bundle -------------------------------------------------------------------------

    def write(self) -> int:
        bundle_id = self.id("bundle", "bundle", 0)
        self._out.write(f'{{"type":"bundle","id":"{bundle_id}","objects":[\n')
        for section in (
            self._markings,
            self._producers,
            self._sectors,
            self._states,
            self._organisations,
            self._attack_patterns,
            self._malware,
            self._threat_actors,
            self._intrusion_sets,
            self._campaigns,
            self._incidents,
            self._indicators,
            self._courses_of_action,
            self._relationships,
            self._reports,
            self._notes,
            self._opinions,
        ):
            section()
        self._out.write("\n]}\n")
        assert self.written == self.plan.total, (self.written, self.plan)
        return self.written

    def _markings(self) -> None:
        for level, marking_id in TLP2_MARKINGS:
            self.emit(
                {
                    "type": "marking-definition",
                    "spec_version": "2.1",
                    "id": marking_id,
                    "created": TLP2_CREATED,
                    "name": f"TLP:{level.upper()}",
                    "extensions": {
                        TLP2_EXTENSION: {
                            "extension_type": "property-extension",
                            "tlp_2_0": level,
                        }
                    },
                }
            )

    def _producers(self) -> None:
        for index in range(self.plan.producers):
            name, sector = PRODUCERS[index]
            producer = self.id("identity", "producer", index)
            obj = self.common("identity", producer, EPOCH, author=producer)
            obj.update(
                object_marking_refs=[CLEAR],
                name=name,
                identity_class="organization",
                sectors=[sector],
            )
            self.emit(obj)

    def _sectors(self) -> None:
        for index in range(self.plan.sectors):
            sector = SECTORS[index]
            obj = self.common("identity", self.id("identity", "sector", index))
            obj.update(
                object_marking_refs=[CLEAR],
                name=f"{sector.replace('-', ' ').capitalize()} sector",
                identity_class="class",
                sectors=[sector],
            )
            self.emit(obj)

    def _states(self) -> None:
        for index in range(self.plan.states):
            code, name, region = STATES[index]
            place = self.common("location", self.id("location", "state", index))
            place.update(object_marking_refs=[CLEAR], name=name, country=code, region=region)
            self.emit(place)
            state = self.common("identity", self.id("identity", "state", index))
            state.update(
                object_marking_refs=[CLEAR],
                name=f"Government of {name}",
                identity_class="organization",
                sectors=["government-national"],
                description=f"{name} as a party to international law and to UN norms.",
            )
            self.emit(state)

    def _organisations(self) -> None:
        for index in range(self.plan.organisations):
            name, sector, _state = self.organisation(index)
            obj = self.common("identity", self.id("identity", "organisation", index))
            obj.update(
                name=name,
                identity_class="organization",
                sectors=[sector],
                contact_information=f"csirt@org{index}.{TLDS[index % len(TLDS)]}",
            )
            self.emit(obj)

    def _attack_patterns(self) -> None:
        for index in range(self.plan.attack_patterns):
            technique, name, tactic = TECHNIQUES[index % len(TECHNIQUES)]
            variant = index // len(TECHNIQUES)
            external_id = f"{technique}.{variant:03d}" if variant else technique
            obj = self.common("attack-pattern", self.id("attack-pattern", "attack-pattern", index))
            obj.update(
                name=f"{name} (sub-technique {variant})" if variant else name,
                description=f"ATT&CK {external_id}, as seen in incidents reported to the EU.",
                kill_chain_phases=[{"kill_chain_name": "mitre-attack", "phase_name": tactic}],
                external_references=[
                    {
                        "source_name": "mitre-attack",
                        "external_id": external_id,
                        "url": "https://attack.mitre.org/techniques/"
                        + external_id.replace(".", "/")
                        + "/",
                    }
                ],
            )
            self.emit(obj)

    def _malware(self) -> None:
        random = self.random
        combinations = len(MALWARE_HEADS) * len(MALWARE_TAILS)
        for index in range(self.plan.malware):
            head = MALWARE_HEADS[index % len(MALWARE_HEADS)]
            tail = MALWARE_TAILS[(index // len(MALWARE_HEADS)) % len(MALWARE_TAILS)]
            name = f"{head}{tail}" + (
                f" v{index // combinations + 1}" if index >= combinations else ""
            )
            seen = self.moment()
            obj = self.common("malware", self.id("malware", "malware", index), seen)
            obj.update(
                name=name,
                is_family=True,
                malware_types=list(random.choice(MALWARE_TYPES)),
                capabilities=random.sample(CAPABILITIES, random.randint(1, 3)),
                aliases=[name.upper().replace(" ", "-")],
                first_seen=_timestamp(seen),
                description=f"{name}: a malware family used in state-linked intrusions.",
            )
            self.emit(obj)

    def _threat_actors(self) -> None:
        random = self.random
        for index in range(self.plan.threat_actors):
            state = self.sponsor(index)
            service = SERVICES[index % len(SERVICES)]
            country = STATES[state][1]
            obj = self.common("threat-actor", self.id("threat-actor", "threat-actor", index))
            obj.update(
                name=f"Cyber unit {index + 1} of the {service} of {country}",
                description=f"Officers of the {service} of {country} running cyber operations.",
                threat_actor_types=["nation-state"] if random.random() < 0.9 else ["spy"],
                aliases=[f"Directorate {index + 1}-{STATES[state][0]}"],
                roles=random.sample(("agent", "director", "sponsor"), random.randint(1, 2)),
                sophistication=random.choice(("intermediate", "advanced", "expert", "strategic")),
                resource_level="government",
                primary_motivation=random.choice(MOTIVATIONS),
                goals=random.sample(GOALS, 2),
            )
            self.emit(obj)

    def _intrusion_sets(self) -> None:
        random = self.random
        combinations = len(LANDSCAPE) * len(CRAFT)
        for index in range(self.plan.intrusion_sets):
            first = LANDSCAPE[index % len(LANDSCAPE)]
            second = CRAFT[(index // len(LANDSCAPE)) % len(CRAFT)]
            name = f"{first} {second}" + (
                f" {index // combinations + 1}" if index >= combinations else ""
            )
            seen = self.moment()
            obj = self.common(
                "intrusion-set", self.id("intrusion-set", "intrusion-set", index), seen
            )
            obj.update(
                name=name,
                aliases=[f"Cluster {index:04d}", f"{first}{second}Ops"][: random.randint(1, 2)],
                description=f"{name} has been tracked by EU CERTs since {seen.year}.",
                first_seen=_timestamp(seen),
                last_seen=_timestamp(seen + timedelta(days=random.randrange(60, 3000))),
                goals=random.sample(GOALS, random.randint(1, 3)),
                resource_level="government",
                primary_motivation=random.choice(MOTIVATIONS),
            )
            self.emit(obj)

    def _campaigns(self) -> None:
        random = self.random
        for index in range(self.plan.campaigns):
            seen = self.moment()
            obj = self.common("campaign", self.id("campaign", "campaign", index), seen)
            obj.update(
                name=f"Operation {CRAFT[index % len(CRAFT)]}fall {index}",
                aliases=[f"CAMPAIGN-{seen.year}-{index:05d}"],
                first_seen=_timestamp(seen),
                last_seen=_timestamp(seen + timedelta(days=random.randrange(7, 500))),
                objective=random.choice(GOALS),
            )
            self.emit(obj)

    def _incidents(self) -> None:
        random = self.random
        for index in range(self.plan.incidents):
            kind, title = random.choice(INCIDENT_KINDS)
            victim, sector, state = self.organisation(self.victim(index))
            code, country, _region = STATES[state]
            created = self.moment()
            obj = self.common("incident", self.id("incident", "incident", index), created)
            obj.update(
                name=title.format(victim=victim, state=country) + f", {created.year}",
                description=(
                    f"Reported on {created:%d %B %Y} by the national CSIRT of {country}: "
                    f"{kind} affecting the {sector.replace('-', ' ')} sector. Analysts weigh "
                    f"{random.choice(NORMS)}."
                ),
                labels=[kind],
                external_references=[
                    {
                        "source_name": f"CSIRT {code}",
                        "external_id": f"{code}-{created.year}-{index:06d}",
                        "url": f"https://csirt.{code.lower()}.example/incidents/{index}",
                    }
                ],
            )
            self.emit(obj)

    def _pattern(self) -> tuple[str, str]:
        """A STIX pattern and what it watches for, over addresses that reach no one."""
        random = self.random
        word, other, tld = random.choice(WORDS), random.choice(WORDS), random.choice(TLDS)
        shape = random.randrange(7)
        if shape == 0:
            address = f"{random.choice(IPV4_RANGES)}.{random.randrange(1, 255)}"
            return f"[ipv4-addr:value = '{address}']", f"Command-and-control server {address}"
        if shape == 1:
            address = f"2001:db8:{random.randrange(65536):x}::{random.randrange(1, 65536):x}"
            return f"[ipv6-addr:value = '{address}']", f"Staging server {address}"
        if shape == 2:
            domain = f"{word}-{other}{random.randrange(1000)}.{tld}"
            return f"[domain-name:value = '{domain}']", f"Look-alike domain {domain}"
        if shape == 3:
            url = f"https://{word}.{other}{random.randrange(1000)}.{tld}/{random.choice(WORDS)}"
            return f"[url:value = '{url}']", "Payload download URL"
        if shape == 4:
            digest = f"{random.getrandbits(256):064x}"
            return f"[file:hashes.'SHA-256' = '{digest}']", "Implant sample"
        if shape == 5:
            digest = f"{random.getrandbits(128):032x}"
            name = f"{word}_{other}.docm"
            pattern = f"[file:name = '{name}' AND file:hashes.MD5 = '{digest}']"
            return pattern, f"Lure document {name}"
        sender = f"{word}.{other}@{random.choice(WORDS)}-ministry.{tld}"
        return f"[email-addr:value = '{sender}']", f"Spear-phishing sender {sender}"

    def _indicators(self) -> None:
        random = self.random
        for index in range(self.plan.indicators):
            pattern, watched = self._pattern()
            created = self.moment()
            obj = self.common("indicator", self.id("indicator", "indicator", index), created)
            obj.update(
                name=watched,
                description=f"{watched}, seen in activity reported to CERT-EU.",
                indicator_types=[
                    random.choice(("malicious-activity", "attribution", "compromised"))
                ],
                pattern=pattern,
                pattern_type="stix",
                pattern_version="2.1",
                valid_from=_timestamp(created),
            )
            if random.random() < 0.4:
                obj["valid_until"] = _timestamp(created + timedelta(days=random.randrange(30, 900)))
            self.emit(obj)

    def _courses_of_action(self) -> None:
        for index in range(self.plan.courses_of_action):
            obj = self.common(
                "course-of-action", self.id("course-of-action", "course-of-action", index)
            )
            if index % 2:
                name = RESPONSES[(index // 2) % len(RESPONSES)]
                obj.update(
                    name=f"{name} ({index})",
                    description=f"Response option of the Cyber Diplomacy Toolbox: {name}.",
                    labels=["diplomatic-response"],
                )
            else:
                name = MITIGATIONS[(index // 2) % len(MITIGATIONS)]
                obj.update(name=f"{name} ({index})", description=f"Technical mitigation: {name}.")
            self.emit(obj)

    def _relationships(self) -> None:
        plan, random = self.plan, self.random
        for index in range(plan.threat_actors):
            actor = self.id("threat-actor", "threat-actor", index)
            sponsor = self.sponsor(index)
            self.relate(
                "attributed-to",
                actor,
                self.id("identity", "state", sponsor),
                description="Sponsorship assessed by EU member states.",
            )
            self.relate("located-at", actor, self.id("location", "state", sponsor))
        for index in range(plan.intrusion_sets):
            self.relate(
                "attributed-to",
                self.id("intrusion-set", "intrusion-set", index),
                self.id("threat-actor", "threat-actor", index % plan.threat_actors),
            )
        for index in range(plan.campaigns):
            self.relate(
                "attributed-to",
                self.id("campaign", "campaign", index),
                self.id("intrusion-set", "intrusion-set", self.skewed(plan.intrusion_sets)),
            )
        for index in range(plan.incidents):
            incident = self.id("incident", "incident", index)
            actor = self.culprit(index)
            # Some attributions are made by states themselves, not by CERTs or vendors.
            author = ""
            if random.random() < 0.3:
                author = self.id("identity", "state", random.randrange(SPONSORS, plan.states))
            obj = self.common("relationship", self.attribution_link(index), author=author)
            obj.update(
                relationship_type="attributed-to",
                source_ref=incident,
                target_ref=actor,
                description=f"Attribution based on {random.choice(BASES)}.",
            )
            self.relationships += 1
            self.emit(obj)
            self.relate(
                "targets", incident, self.id("identity", "organisation", self.victim(index))
            )
        for index in range(plan.indicators):
            pick = random.random()
            if pick < 0.5:
                target = self.id("malware", "malware", random.randrange(plan.malware))
            elif pick < 0.85:
                target = self.id("intrusion-set", "intrusion-set", self.skewed(plan.intrusion_sets))
            else:
                target = self.id("campaign", "campaign", random.randrange(plan.campaigns))
            self.relate("indicates", self.id("indicator", "indicator", index), target)
        for kind, source, target, _weight in FILLERS:  # each kind at least once, at any size
            self.relate(kind, self.pick(source), self.pick(target))
        weights = [weight for *_, weight in FILLERS]
        while self.relationships < plan.relationships:
            kind, source, target, _weight = random.choices(FILLERS, weights)[0]
            self.relate(kind, self.pick(source), self.pick(target))

    def _reports(self) -> None:
        plan, random = self.plan, self.random
        for index in range(plan.reports):
            incident = random.randrange(plan.incidents)
            victim = self.victim(incident)
            state = self.organisation(victim)[2]
            indicators = random.sample(range(plan.indicators), random.randint(1, 8))
            published = self.moment()
            obj = self.common("report", self.id("report", "report", index), published)
            obj.update(
                name=f"Situation report {published.year}/{index:05d}: "
                f"malicious cyber activity against {STATES[state][1]}",
                description="Facts, attribution and options for a joint EU diplomatic response.",
                report_types=random.sample(REPORT_TYPES, random.randint(1, 2)),
                published=_timestamp(published + timedelta(days=random.randrange(0, 21))),
                object_refs=[
                    self.id("incident", "incident", incident),
                    self.id("identity", "organisation", victim),
                    self.attribution_link(incident),
                    self.culprit(incident),
                    self.id("location", "state", state),
                    *(self.id("indicator", "indicator", number) for number in indicators),
                ],
            )
            self.emit(obj)

    def _notes(self) -> None:
        plan, random = self.plan, self.random
        for index in range(plan.notes):
            incident = random.randrange(plan.incidents)
            about = (
                self.attribution_link(incident)
                if random.random() < 0.6
                else self.id("incident", "incident", incident)
            )
            obj = self.common("note", self.id("note", "note", index))
            obj.update(
                abstract=f"Desk note {index}",
                content=(
                    "Briefed to the Horizontal Working Party on Cyber Issues; "
                    f"partners were asked for their assessment under {random.choice(NORMS)}."
                ),
                authors=[PRODUCERS[self.skewed(plan.producers)][0]],
                object_refs=[about],
            )
            self.emit(obj)

    def _opinions(self) -> None:
        plan, random = self.plan, self.random
        for index in range(plan.opinions):
            state = STATES[random.randrange(SPONSORS, plan.states)][1]
            obj = self.common("opinion", self.id("opinion", "opinion", index))
            obj.update(
                opinion=random.choices(OPINIONS, OPINION_WEIGHTS)[0],
                explanation=f"Position of {state} on the attribution, stated in the working party.",
                authors=[f"Ministry of Foreign Affairs of {state}"],
                object_refs=[self.attribution_link(random.randrange(plan.incidents))],
            )
            self.emit(obj)

    def pick(self, role: str) -> str:
        """The id of some object of a role, for the filler relationships."""
        plan, random = self.plan, self.random
        if role == "intrusion-set":
            return self.id("intrusion-set", role, self.skewed(plan.intrusion_sets))
        if role == "mitigation":  # courses of action alternate: mitigation, response, …
            index = 2 * random.randrange((plan.courses_of_action + 1) // 2)
            return self.id("course-of-action", "course-of-action", index)
        if role == "response":
            index = 1 + 2 * random.randrange(plan.courses_of_action // 2)
            return self.id("course-of-action", "course-of-action", index)
        stix_type, count = {
            "malware": ("malware", plan.malware),
            "attack-pattern": ("attack-pattern", plan.attack_patterns),
            "campaign": ("campaign", plan.campaigns),
            "organisation": ("identity", plan.organisations),
            "state": ("location", plan.states),
            "sector": ("identity", plan.sectors),
            "incident": ("incident", plan.incidents),
        }[role]
        return self.id(stix_type, role, random.randrange(count))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help=f"objects in the bundle (>= {MINIMUM_OBJECTS})")
    parser.add_argument("out", help="the bundle file to write; - for standard output")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    if args.count < MINIMUM_OBJECTS:
        parser.error(f"a workload bundle holds at least {MINIMUM_OBJECTS} objects")
    if args.out == "-":
        written = generate(args.count, args.seed, sys.stdout)
    else:
        with open(args.out, "w", encoding="utf-8") as out:
            written = generate(args.count, args.seed, out)
    print(f"wrote {written:,} objects to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
