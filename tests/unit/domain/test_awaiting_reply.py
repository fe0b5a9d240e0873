"""Since when the bruker has waited for the word of the veileder who has her chat, for the order of a veileder's own
chats (probe 157) and whose turn the list says it is (probe 158: a transfer read "Du har svart")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from router.domain.messages import Message, awaiting_reply_since

T0 = datetime(2026, 12, 8, 9, 20, tzinfo=UTC)
KARI, LARS = 1, 2


def at(seq: int, sender: str, author: int | None = None) -> Message:
    return Message("c", sender, f"{sender}{seq}", "nb", T0 + timedelta(minutes=seq), id=seq, author_id=author)


def test_from_her_first_message_after_the_veileders_last() -> None:
    bruker = [at(9, "user"), at(7, "user"), at(3, "user")]  # the latest first, as the store gives them
    since = awaiting_reply_since(bruker, [at(5, "veileder", KARI)], KARI, asked_at=T0, assigned_at=T0)
    assert since == T0 + timedelta(minutes=7)


def test_none_when_the_veileder_wrote_last() -> None:
    assert awaiting_reply_since([at(3, "user")], [at(5, "veileder", KARI)], KARI, asked_at=T0, assigned_at=T0) is None
    assert awaiting_reply_since([], [at(5, "veileder", KARI)], KARI, asked_at=T0, assigned_at=T0) is None


def test_before_any_word_from_a_veileder_from_when_she_asked_for_a_person() -> None:
    asked = T0 - timedelta(minutes=12)
    assert awaiting_reply_since([at(3, "user")], [], KARI, asked_at=asked, assigned_at=T0) == asked
    assert awaiting_reply_since([], [], None, asked_at=None, assigned_at=None) is None


def test_after_a_transfer_she_waits_for_the_new_veileders_first_word() -> None:
    """Kari answered, then passed the chat to Lars: Lars has not written, so she waits for him, from when he got it
    or from her first message after Kari's last, whichever came first."""
    kari_last = [at(5, "veileder", KARI)]
    got_it = T0 + timedelta(minutes=6)
    assert awaiting_reply_since([at(3, "user")], kari_last, LARS, asked_at=T0, assigned_at=got_it) == got_it
    bruker = [at(8, "user")]
    assert awaiting_reply_since(bruker, kari_last, LARS, asked_at=T0, assigned_at=got_it) == got_it
    wrote_before = [at(9, "user"), at(6, "user")]
    later = T0 + timedelta(minutes=7)
    assert awaiting_reply_since(wrote_before, kari_last, LARS, asked_at=T0, assigned_at=later) == T0 + timedelta(minutes=6)
    # Once Lars writes, his word counts, not Kari's.
    assert awaiting_reply_since([at(9, "user")], [at(10, "veileder", LARS), *kari_last], LARS, asked_at=T0,
                                assigned_at=later) is None
