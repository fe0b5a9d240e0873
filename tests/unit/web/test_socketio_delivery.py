"""The socket.io delivery ledger: a message counts as received only when a pong or a clean close proves it."""

from __future__ import annotations

from router.web.socketio_delivery import DeliveryLedger, report_pongs


def test_a_conversation_this_router_never_delivered_to_is_not_replayed() -> None:
    assert DeliveryLedger().replay_after("c1") is None


def test_a_pong_to_a_ping_sent_after_a_message_proves_it_and_only_it() -> None:
    ledger = DeliveryLedger()
    ledger.delivered("c1", 4)
    ledger.sent("s1", "c1", 5, at=10.0)
    ledger.sent("s1", "c1", 7, at=20.0)
    assert ledger.replay_after("c1") == 4, "nothing proven yet: both"
    ledger.answered("s1", ping_sent_at=9.0)
    assert ledger.replay_after("c1") == 4, "a ping sent before the messages proves nothing"
    ledger.answered("s1", ping_sent_at=15.0)
    assert ledger.replay_after("c1") == 5
    ledger.answered("s1", ping_sent_at=25.0)
    assert ledger.replay_after("c1") == 7


def test_what_was_said_while_nobody_was_connected_is_after_the_last_proven() -> None:
    ledger = DeliveryLedger()
    ledger.sent("s1", "c1", 1, at=1.0)  # the greeting
    assert ledger.replay_after("c1") == 0, "everything from the start, the greeting too"


def test_a_clean_close_proves_what_was_written_a_dead_connection_does_not() -> None:
    ledger = DeliveryLedger()
    ledger.sent("reloaded", "c1", 5, at=1.0)
    ledger.closed("reloaded", "transport close")
    assert ledger.replay_after("c1") == 5
    ledger.sent("phone", "c1", 8, at=2.0)
    ledger.sent("phone", "c1", 9, at=3.0)
    ledger.answered("phone", ping_sent_at=2.5)
    ledger.closed("phone", "ping timeout")
    assert ledger.replay_after("c1") == 8, "from the first message the dead connection never proved"


def test_a_replay_supersedes_what_older_connections_left_unproven() -> None:
    ledger = DeliveryLedger()
    ledger.sent("old", "c1", 5, at=1.0)
    ledger.sent("old", "c2", 6, at=1.0)
    ledger.sent("dead", "c1", 3, at=0.5)
    ledger.closed("dead", "transport error")
    assert ledger.replay_after("c1") == 0
    ledger.replayed("c1")
    ledger.sent("new", "c1", 3, at=2.0)
    ledger.sent("new", "c1", 5, at=2.0)
    ledger.answered("new", ping_sent_at=3.0)
    assert ledger.replay_after("c1") == 5, "proven by the new connection; the old one's leftovers are gone"
    assert ledger.replay_after("c2") == 0, "another conversation's unproven message stays unproven"


def test_a_closed_conversation_is_forgotten() -> None:
    ledger = DeliveryLedger()
    ledger.sent("s1", "c1", 5, at=1.0)
    ledger.forget("c1")
    assert ledger.replay_after("c1") is None
    ledger.answered("s1", ping_sent_at=2.0)
    assert ledger.replay_after("c1") is None


def test_pongs_are_reported_with_the_time_the_answered_ping_went_out() -> None:
    class EngineIOSocket:  # python-engineio's AsyncSocket, as far as a PONG goes
        last_ping: float | None = 42.0
        scheduled = 0

        def schedule_ping(self) -> None:
            self.last_ping = None
            self.scheduled += 1

    socket = EngineIOSocket()
    heard: list[float] = []
    report_pongs(socket, heard.append)
    socket.schedule_ping()
    socket.schedule_ping()  # no ping outstanding: nothing to report
    assert heard == [42.0] and socket.scheduled == 2
