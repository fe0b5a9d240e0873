"""python-socketio, imported without the clients the router never uses through it.

Importing python-socketio imports the client of every message queue it can fan out over (redis: 16 MB resident,
close to half a bare aiohttp process), whether or not one of its managers is used, and the blocking HTTP and
WebSocket clients of its synchronous ``socketio.Client`` (requests and what it needs: 3.5 MB). The router fans
events out with its own bus (router.adapters.pubsub) and only serves Socket.IO, so those clients are hidden while
socketio is imported (a ``None`` entry in ``sys.modules`` makes an import fail as if the package were not
installed); socketio then sees them as absent. A client already imported (the scaled profile's redis bus) stays as
it is, and later imports work as usual.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

_UNUSED_CLIENTS = ("redis", "valkey", "requests", "websocket")


def _import_without_unused_clients() -> ModuleType:
    hidden = [name for name in _UNUSED_CLIENTS if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        return importlib.import_module("socketio")
    finally:
        for name in hidden:
            if sys.modules.get(name, ...) is None:
                del sys.modules[name]


socketio = _import_without_unused_clients()
packet = importlib.import_module("socketio.packet")
