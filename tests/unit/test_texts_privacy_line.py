"""The widget's privacy line states the retention period (probe 108 #4): it must say the period the router keeps."""

from __future__ import annotations

from router.config import Settings
from router.texts import fixed_text, widget_texts


def test_the_privacy_line_states_the_period_kept_and_is_a_widget_text() -> None:
    days = f"{Settings().retention_days:g}"
    for language in ("nb", "nn", "en", "pl", "de"):
        assert f"{days} " in fixed_text("widget_privacy", language), language
    texts = widget_texts("nn")["texts"]
    assert isinstance(texts, dict) and texts["widget_privacy_link"] == "Slik behandlar vi opplysningane dine"
