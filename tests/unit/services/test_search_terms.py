"""Which tema codes a search word names (router/services/inbox.py tema_codes_named): what a staff card shows."""

from __future__ import annotations

import pytest

from router.services.inbox import tema_codes_named


@pytest.mark.parametrize(("words", "codes"), [
    ("KOM", {"KOM"}),
    ("kom", {"KOM"}),
    ("OKSOS", {"KOM", "OKSOS"}),  # the queue a KOM chat waits in, printed on its card
    ("sosialhjelp", {"KOM", "OKSOS"}),
    ("Økonomisk sosialhjelp", {"KOM", "OKSOS"}),
    ("økonomisk SOSIALHJELP (oksos)", {"KOM", "OKSOS"}),
    ("Dagpenger", {"DAG"}),
    ("Familie", {"BAR", "KON", "FOR", "OMS", "ENF", "BID", "FMLI"}),
    ("Syntetisk", set()),
    ("husleie", set()),
    ("0315", set()),
    ("   ", set()),
])
def test_a_word_names_the_temaer_whose_card_shows_it(words: str, codes: set[str]) -> None:
    assert tema_codes_named(words) == codes
