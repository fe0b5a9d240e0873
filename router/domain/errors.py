"""The domain's error hierarchy, with a one-line "when" docstring on each class."""


class DomainError(Exception):
    """Base class: a request breaks a rule of the domain."""


class InvalidTransition(DomainError):
    """A state change that the conversation state machine does not allow (e.g. closing a closed chat)."""


class NotAllowed(DomainError):
    """The actor may not do this to this conversation (wrong veileder, wrong enhet, missing permission)."""


class AlreadyAssigned(DomainError):
    """Someone else claimed the conversation first."""


class StrengtFortroligMoved(NotAllowed):
    """A path tried to place a strengt fortrolig (kode 6) conversation outside NAV Vikafossen (2103)."""
