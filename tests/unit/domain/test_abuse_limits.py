"""The rules of the limits against abuse (router/domain/abuse_limits.py), without a store."""

from __future__ import annotations

from router.domain.abuse_limits import Bucket, Lockout, locked_for, take_token

TWENTY_A_MINUTE = Bucket(20, 60.0)


def test_a_bucket_gives_its_burst_then_one_token_per_refill() -> None:
    tokens, answers = None, []
    for _ in range(21):
        tokens, wait = take_token(tokens, 0.0, 0.0, TWENTY_A_MINUTE)
        answers.append(wait)
    assert answers == [0.0] * 20 + [3.0]  # one back every 3 s
    tokens, wait = take_token(tokens, 0.0, 1.5, TWENTY_A_MINUTE)
    assert wait == 1.5  # half way to the next token; nothing taken
    tokens, wait = take_token(tokens, 1.5, 3.0, TWENTY_A_MINUTE)
    assert (wait, tokens) == (0.0, 0.0)
    assert take_token(tokens, 3.0, 1000.0, TWENTY_A_MINUTE) == (19.0, 0.0)  # full again, never more
    assert take_token(0.0, 5.0, 4.0, TWENTY_A_MINUTE)[1] == 3.0  # a clock that went back gives nothing


def test_a_bucket_is_off_without_a_limit_or_a_window() -> None:
    assert not Bucket(0, 60.0).on and not Bucket(20, 0.0).on
    assert (TWENTY_A_MINUTE.rate, TWENTY_A_MINUTE.full_after_s) == (20 / 60, 60.0)


def test_the_lockout_starts_at_the_threshold_and_doubles_up_to_the_longest() -> None:
    rule = Lockout(threshold=5, window_s=900.0, lockout_s=60.0, max_lockout_s=900.0)
    assert locked_for(4, 100.0, 100.0, rule) == 0.0
    assert locked_for(5, 100.0, 100.0, rule) == 60.0
    assert locked_for(5, 100.0, 130.0, rule) == 30.0  # counted from the latest failure
    assert [locked_for(n, 0.0, 0.0, rule) for n in (6, 7, 8, 9, 10)] == [120.0, 240.0, 480.0, 900.0, 900.0]
    assert rule.keep == 5 + 4 + 1 and rule.horizon_s == 900.0  # enough failures to reach 900 s
    assert locked_for(50, 0.0, 0.0, Lockout(0, 900.0, 60.0, 900.0)) == 0.0  # off
