"""The hub's record of messages a socket sent and has in its own answer (router/web/ws.py, OwnCopies)."""

from __future__ import annotations

from typing import Any

from router.web.ws import OwnCopies


def _frame(client_msg_id: str | None, sender: str = "user") -> dict[str, Any]:
    return {"type": "message", "message": {"seq": 1, "sender": sender, "client_msg_id": client_msg_id}}


def test_the_sending_socket_is_skipped_once_and_the_others_are_not() -> None:
    copies, sender, other_tab = OwnCopies(), object(), object()
    copies.expect(sender, "m1")  # type: ignore[arg-type]
    assert copies.without_senders([sender, other_tab], _frame("m1"), "user") == [other_tab]
    # The mark is used: a second copy (a retry's, through another router) reaches the sender again.
    assert copies.without_senders([sender, other_tab], _frame("m1"), "user") == [sender, other_tab]


def test_only_the_sender_kind_of_message_is_skipped() -> None:
    copies, staff_screen = OwnCopies(), object()
    copies.expect(staff_screen, "r1")  # type: ignore[arg-type]
    # A bruker's message that happens to carry the same id is not the veileder's reply.
    assert copies.without_senders([staff_screen], _frame("r1", sender="user"), "veileder") == [staff_screen]
    assert copies.without_senders([staff_screen], _frame("r1", sender="veileder"), "veileder") == []
    assert copies.without_senders([staff_screen], {"type": "state", "conversation": {}}, "veileder") == [staff_screen]


def test_marks_whose_copy_never_comes_are_bounded_and_go_with_the_socket() -> None:
    copies, ws = OwnCopies(), object()
    copies.expect(ws, ["not", "an", "id"])  # type: ignore[arg-type]  # refused before it is stored: no mark
    copies.expect(ws, "x" * 10_000)  # type: ignore[arg-type]  # too long for the message rule: no mark either
    assert copies.without_senders([ws], _frame("x" * 10_000), "user") == [ws]
    for n in range(OwnCopies.MAX_MARKS + 1):
        copies.expect(ws, f"m{n}")  # type: ignore[arg-type]
    assert copies.without_senders([ws], _frame("m0"), "user") == [ws]  # the oldest went
    assert copies.without_senders([ws], _frame("m1"), "user") == []
    copies.forget(ws)  # type: ignore[arg-type]
    assert copies.without_senders([ws], _frame("m2"), "user") == [ws]
