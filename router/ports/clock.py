"""The clock port: "now" comes from here, so the domain and the use cases stay testable at any moment."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """An aware UTC datetime."""
        ...
