"""Whether a router that held turns on this host is dead: by its process id, only on its own host."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

from router.adapters.local_processes import gone_from_this_host
from router.domain.bot_turn import worker_host_and_pid, worker_id


def test_a_worker_id_names_its_host_and_process() -> None:
    assert worker_host_and_pid(worker_id("nav-host-1", 4242, "ab12cd34")) == ("nav-host-1", 4242)
    assert worker_host_and_pid("dead-router") is None
    assert worker_host_and_pid("host:pid:nonce") is None


def test_a_finished_process_on_this_host_is_gone_a_live_one_is_not() -> None:
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                              text=True, check=True)
    dead_pid = int(finished.stdout)
    host = socket.gethostname()
    assert gone_from_this_host(worker_id(host, dead_pid, "x"))
    assert not gone_from_this_host(worker_id(host, os.getpid(), "x")), "this process is alive"
    assert not gone_from_this_host(worker_id(f"{host}-other", dead_pid, "x")), "another host's: not known here"
    assert not gone_from_this_host("dead-router"), "not a worker id: left to the lease"
