"""The diplomatic event types: one immutable class per kind of act between actors.

Each class names its CAMEO counterpart, its PLOVER category and its Goldstein weight
(GDELT's CAMEO table, shared/data/CAMEO.goldsteinscale.txt). `goldstein` is the weight of
the act from `source` towards `target`; `between_participants` is the weight a symmetric
event (a meeting, a joint drill) carries between each pair of its participants.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import ClassVar

from events.values import Evidence, ExtractorInfo, InvalidEvent, PersonRef, When

__all__ = [
    "EVENT_TYPES",
    "AccusationMade",
    "AgreementReached",
    "AidProvided",
    "CondemnationIssued",
    "CooperationPledged",
    "DemandMade",
    "DenialIssued",
    "DiplomaticEvent",
    "DrillAnnounced",
    "MeetingHeld",
    "MilitaryAttack",
    "MilitaryCooperation",
    "MissileLaunched",
    "PraiseIssued",
    "RelationsReduced",
    "SanctionsImposed",
    "StatementIssued",
    "ThreatIssued",
    "TroopsDeployed",
    "VisitMade",
    "WarningIssued",
    "event_type",
]

_ACTOR_CODE = re.compile(r"^[A-Z][A-Z0-9_-]{1,15}$")

MODALITIES = ("done", "ongoing", "announced", "planned")


@dataclass(frozen=True, kw_only=True, slots=True)
class DiplomaticEvent:
    """Something one actor did or said to another, on a date, resting on a sentence."""

    cameo: ClassVar[str] = ""
    plover: ClassVar[str] = ""
    goldstein: ClassVar[float] = 0.0
    symmetric: ClassVar[bool] = False
    between_participants: ClassVar[float | None] = None

    id: uuid.UUID
    when: When
    source: tuple[str, ...]
    target: tuple[str, ...] = ()
    people: tuple[PersonRef, ...] = ()
    attributed_to: tuple[str, ...] = ()
    evidence: Evidence
    confidence: float = 0.5
    extractor: ExtractorInfo
    modality: str = "done"

    def __post_init__(self) -> None:
        for name in ("source", "target", "attributed_to", "people"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        if not self.source:
            raise InvalidEvent(f"{self.type}: no source actor")
        for code in (*self.source, *self.target, *self.attributed_to):
            if not isinstance(code, str) or not _ACTOR_CODE.match(code):
                raise InvalidEvent(f"{self.type}: {code!r} is not an actor code")
        if len(set(self.source)) != len(self.source) or len(set(self.target)) != len(self.target):
            raise InvalidEvent(f"{self.type}: an actor is listed twice on one side")
        if self.symmetric and self.target:
            raise InvalidEvent(f"{self.type}: a symmetric event lists all participants in source")
        if self.symmetric and len(self.source) < 2:
            raise InvalidEvent(f"{self.type}: a symmetric event needs two participants")
        if not self.symmetric and not self.target and not self.allows_no_target:
            raise InvalidEvent(f"{self.type}: no target actor")
        if not 0.0 <= self.confidence <= 1.0:
            raise InvalidEvent(f"{self.type}: confidence {self.confidence} is outside 0..1")
        if self.modality not in MODALITIES:
            raise InvalidEvent(f"{self.type}: unknown modality {self.modality!r}")

    allows_no_target: ClassVar[bool] = False

    @property
    def type(self) -> str:
        return type(self).__name__

    @property
    def actors(self) -> tuple[str, ...]:
        return (*self.source, *(c for c in self.target if c not in self.source))


# ---------------------------------------------------------------- cooperation


@dataclass(frozen=True, kw_only=True, slots=True)
class MeetingHeld(DiplomaticEvent):
    """Representatives of two or more actors met or held talks."""

    cameo = "040"  # Consult, not specified
    plover = "CONSULT"
    goldstein = 1.0
    symmetric = True
    between_participants = 1.0


@dataclass(frozen=True, kw_only=True, slots=True)
class VisitMade(DiplomaticEvent):
    """The source's leader or officials visited the target."""

    cameo = "042"  # Make a visit
    plover = "CONSULT"
    goldstein = 1.9


@dataclass(frozen=True, kw_only=True, slots=True)
class AgreementReached(DiplomaticEvent):
    """The participants agreed on, signed or renewed an accord."""

    cameo = "057"  # Sign formal agreement
    plover = "AGREE"
    goldstein = 8.0
    symmetric = True
    between_participants = 8.0


@dataclass(frozen=True, kw_only=True, slots=True)
class CooperationPledged(DiplomaticEvent):
    """The participants pledged or stepped up cooperation with each other."""

    cameo = "030"  # Express intent to cooperate
    plover = "COOPERATE"
    goldstein = 4.0
    symmetric = True
    between_participants = 4.0


@dataclass(frozen=True, kw_only=True, slots=True)
class MilitaryCooperation(DiplomaticEvent):
    """The participants cooperate militarily: arms, training, troops, technology."""

    cameo = "062"  # Cooperate militarily
    plover = "COOPERATE"
    goldstein = 7.4
    symmetric = True
    between_participants = 7.4


@dataclass(frozen=True, kw_only=True, slots=True)
class AidProvided(DiplomaticEvent):
    """The source gave the target material, economic or humanitarian aid."""

    cameo = "070"  # Provide aid, not specified
    plover = "AID"
    goldstein = 7.0


@dataclass(frozen=True, kw_only=True, slots=True)
class PraiseIssued(DiplomaticEvent):
    """The source praised, endorsed or thanked the target."""

    cameo = "051"  # Praise or endorse
    plover = "SUPPORT"
    goldstein = 3.4


# ---------------------------------------------------------------- verbal


@dataclass(frozen=True, kw_only=True, slots=True)
class StatementIssued(DiplomaticEvent):
    """The source made a statement about the target or a diplomatic matter."""

    cameo = "010"  # Make statement, not specified
    plover = "CONSULT"  # PLOVER has no neutral statement category; closest is talk
    goldstein = 0.0
    allows_no_target = True


@dataclass(frozen=True, kw_only=True, slots=True)
class DenialIssued(DiplomaticEvent):
    """The source denied an accusation or a reported act."""

    cameo = "016"  # Deny responsibility
    plover = "REJECT"
    goldstein = -2.0
    allows_no_target = True  # "Moscow denied the reports": the accuser may go unnamed


@dataclass(frozen=True, kw_only=True, slots=True)
class AccusationMade(DiplomaticEvent):
    """The source accused the target of an act."""

    cameo = "112"  # Accuse, not specified
    plover = "ACCUSE"
    goldstein = -2.0


@dataclass(frozen=True, kw_only=True, slots=True)
class CondemnationIssued(DiplomaticEvent):
    """The source condemned or denounced the target."""

    cameo = "111"  # Criticize or denounce
    plover = "DISAPPROVE"
    goldstein = -2.0


@dataclass(frozen=True, kw_only=True, slots=True)
class DemandMade(DiplomaticEvent):
    """The source demanded or urged that the target act or stop acting."""

    cameo = "100"  # Demand, not specified
    plover = "DEMAND"
    goldstein = -5.0


@dataclass(frozen=True, kw_only=True, slots=True)
class WarningIssued(DiplomaticEvent):
    """The source warned the target of consequences."""

    cameo = "130"  # Threaten, not specified
    plover = "THREATEN"
    goldstein = -4.4
    allows_no_target = True  # "Seoul warned of a strong response": the warned may go unnamed


@dataclass(frozen=True, kw_only=True, slots=True)
class ThreatIssued(DiplomaticEvent):
    """The source threatened the target with force."""

    cameo = "138"  # Threaten to use military force
    plover = "THREATEN"
    goldstein = -7.0


@dataclass(frozen=True, kw_only=True, slots=True)
class RelationsReduced(DiplomaticEvent):
    """The source cut, downgraded or suspended ties with the target: expelled or recalled
    diplomats, suspended talks or aid, broke off relations, banned dealings."""

    cameo = "160"  # Reduce relations, not specified
    plover = "SANCTION"
    goldstein = -4.0


@dataclass(frozen=True, kw_only=True, slots=True)
class SanctionsImposed(DiplomaticEvent):
    """The source imposed sanctions, an embargo or a boycott on the target."""

    cameo = "163"  # Impose embargo, boycott, or sanctions
    plover = "SANCTION"
    goldstein = -8.0


# ---------------------------------------------------------------- force posture


@dataclass(frozen=True, kw_only=True, slots=True)
class DrillAnnounced(DiplomaticEvent):
    """The participants hold or announce military drills (joint drills list all in source)."""

    cameo = "150"  # Demonstrate military or police power
    plover = "MOBILIZE"
    goldstein = -7.2
    between_participants = 7.4  # a joint drill is military cooperation (062) among its members
    allows_no_target = True


@dataclass(frozen=True, kw_only=True, slots=True)
class MissileLaunched(DiplomaticEvent):
    """The source launched or tested a missile."""

    cameo = "150"  # Demonstrate military or police power
    plover = "MOBILIZE"
    goldstein = -7.2
    allows_no_target = True


@dataclass(frozen=True, kw_only=True, slots=True)
class TroopsDeployed(DiplomaticEvent):
    """The source deployed or mobilised armed forces (towards the target, if any)."""

    cameo = "154"  # Mobilize or increase armed forces
    plover = "MOBILIZE"
    goldstein = -7.2
    allows_no_target = True


@dataclass(frozen=True, kw_only=True, slots=True)
class MilitaryAttack(DiplomaticEvent):
    """The source used military force against the target."""

    cameo = "190"  # Use conventional military force
    plover = "ASSAULT"
    goldstein = -10.0


EVENT_TYPES: dict[str, type[DiplomaticEvent]] = {
    cls.__name__: cls
    for cls in (
        MeetingHeld,
        VisitMade,
        AgreementReached,
        CooperationPledged,
        MilitaryCooperation,
        AidProvided,
        PraiseIssued,
        StatementIssued,
        DenialIssued,
        AccusationMade,
        CondemnationIssued,
        DemandMade,
        WarningIssued,
        ThreatIssued,
        RelationsReduced,
        SanctionsImposed,
        DrillAnnounced,
        MissileLaunched,
        TroopsDeployed,
        MilitaryAttack,
    )
}


def event_type(name: str) -> type[DiplomaticEvent]:
    """The event class of that name; KeyError names the known types."""
    try:
        return EVENT_TYPES[name]
    except KeyError:
        raise KeyError(f"unknown event type {name!r}; known: {', '.join(EVENT_TYPES)}") from None


