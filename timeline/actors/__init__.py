"""The actor registry: states, organisations, groups and people, with their names.

    >>> from timeline.actors import ActorRegistry
    >>> ActorRegistry.default().resolve("DPRK").code
    'PRK'
"""

from timeline.actors.gazetteer import Mention
from timeline.actors.registry import (
    Actor,
    ActorRegistry,
    Person,
    Role,
    UnknownActorError,
)

__all__ = ["Actor", "ActorRegistry", "Mention", "Person", "Role", "UnknownActorError"]
