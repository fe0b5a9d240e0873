"""Errors of the use cases, each mapped to one HTTP status at the web edge."""


class ServiceError(Exception):
    """Base class; ``status`` is the HTTP status the web layer answers with.

    The reason is English (API clients, logs); ``nb`` is the same in plain bokmål for the staff pages, which show
    it as it is (a veileder read "Det gikk ikke nå: this conversation is not waiting ..."). Brukere never see
    these: their texts are the router's fixed texts in their language."""

    status = 400

    def __init__(self, reason: str, *, nb: str | None = None) -> None:
        super().__init__(reason)
        self.nb = nb
        # Set on a refusal the audit log must name (staff_api.refusals_audited), with why it was refused.
        self.why: dict[str, object] | None = None


class InvalidInput(ServiceError):
    """The request is well-formed JSON but its content breaks a rule (unknown language, too long text ...)."""

    status = 400


class NotAuthenticated(ServiceError):
    """No token, or a token that does not open this conversation."""

    status = 401


class Forbidden(ServiceError):
    """The staff member may not see or change this conversation."""

    status = 403


class NotFound(ServiceError):
    """No such conversation (or other object)."""

    status = 404


class Conflict(ServiceError):
    """The conversation's state does not allow this now (closed, already taken ...)."""

    status = 409
