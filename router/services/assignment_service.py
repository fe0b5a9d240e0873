"""Automatic assignment inside an enhet: load the queue and the veiledere, let the domain pick, claim."""

from __future__ import annotations

from router.services.deps import Deps


async def assign_waiting(deps: Deps, enhetsnummer: str) -> None:
    """Pull-only until the assignment domain is wired in: veiledere take from the queue."""
    return None
