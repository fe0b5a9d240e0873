"""bench/bench_bot_turn.py's own-time figure: each timed turn paired with its own Rasa call in the router's log."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.bench_bot_turn import router_own_ms


def test_each_turn_is_paired_with_the_rasa_call_of_the_same_conversation_and_number(tmp_path: Path) -> None:
    log = tmp_path / "router.log"
    log.write_text(
        "INFO bot.turn conversation=a rasa_ms=30.0 replies=1\n"
        "INFO bot.turn conversation=warmup rasa_ms=99.0 replies=1\n"
        "INFO bot.turn conversation=b rasa_ms=20.5 replies=2\n"
        "INFO bot.turn conversation=a rasa_ms=40.0 replies=1\n")
    timed = [("a", 0, 36.0), ("b", 0, 27.0), ("a", 1, 45.0), ("a", 2, 50.0)]  # a's third turn: no line, left out
    assert router_own_ms(timed, log) == pytest.approx([6.0, 6.5, 5.0])
