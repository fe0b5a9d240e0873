"""ArgosTranslator against real argostranslate, with the tiny models built by scripts/build_tiny_argos_model.py.

The models (pl->en, en->nb) are built once and cached under ~/.cache/navchat/argos-build/; installed here with the
operator command into a temporary packages directory. HOME and the XDG directories point into a temporary
directory while argostranslate is imported, and any non-local network connection fails the test.
"""

from __future__ import annotations

import logging
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from router.adapters.translator import ArgosTranslator, NoModelForPair, TranslationUnavailable
from router.cli import main as cli

PROJECT_ROOT = Path(__file__).resolve().parents[2]
BUILD_SCRIPT = PROJECT_ROOT / "scripts" / "build_tiny_argos_model.py"


@pytest.fixture(scope="module")
def no_network() -> Iterator[None]:
    real_connect = socket.socket.connect

    def guarded_connect(sock: socket.socket, address: object) -> None:
        is_local = sock.family == socket.AF_UNIX or (
            isinstance(address, tuple) and str(address[0]) in {"127.0.0.1", "::1", "localhost"}
        )
        if not is_local:
            raise AssertionError(f"test tried to reach the network: {address!r}")
        real_connect(sock, address)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(socket.socket, "connect", guarded_connect)
        yield


@pytest.fixture(scope="module")
def packages_dir(tmp_path_factory: pytest.TempPathFactory, no_network: None) -> Iterator[Path]:
    """Tiny pl->en and en->nb packages, installed with `translation-models install`."""
    out = tmp_path_factory.mktemp("argos-built")
    started = time.monotonic()
    built = subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), "--pairs", "pl-en,en-nb", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    print(f"tiny Argos models ready in {time.monotonic() - started:.0f}s", file=sys.stderr)
    archives = [Path(line) for line in built.stdout.split()]
    assert len(archives) == 2

    home = tmp_path_factory.mktemp("argos-home")
    installed = home / "packages"
    with pytest.MonkeyPatch.context() as mp:
        for name, value in {
            "HOME": home,
            "XDG_DATA_HOME": home / "data",
            "XDG_CONFIG_HOME": home / "config",
            "XDG_CACHE_HOME": home / "cache",
        }.items():
            mp.setenv(name, str(value))
        assert cli(["translation-models", "install", *map(str, archives), "--dir", str(installed)]) == 0
        yield installed


@pytest.fixture(scope="module")
def translator(packages_dir: Path) -> Iterator[ArgosTranslator]:
    translator = ArgosTranslator(packages_dir, timeout_s=60.0)
    yield translator
    translator.close()


def test_list_shows_installed_and_pivoted_pairs(
    packages_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli(["translation-models", "list", "--dir", str(packages_dir)]) == 0

    out = capsys.readouterr().out
    assert "pl->en" in out
    assert "en->nb" in out
    assert "Through en: pl->nb" in out


async def test_direct_pair_translates_a_sentence(translator: ArgosTranslator) -> None:
    translation = await translator.translate("Potrzebuję pomocy z moim wnioskiem.", "pl", "en")

    assert translation.text == "I need help with my application."
    assert translation.via == ()
    assert translation.machine_translated is True


async def test_pl_to_nb_pivots_through_english(translator: ArgosTranslator) -> None:
    assert translator.can_translate("pl", "nb")

    translation = await translator.translate("Dzień dobry. Potrzebuję pomocy.", "pl", "nb")

    assert translation.text == "Hei. Jeg trenger hjelp."
    assert translation.via == ("en",)
    assert (translation.source, translation.target) == ("pl", "nb")


async def test_protected_term_and_amount_survive(translator: ArgosTranslator) -> None:
    translation = await translator.translate("Mam pytanie o NAV i 1 500 kr.", "pl", "nb")

    assert translation.text == "Jeg har et spørsmål om NAV og 1 500 kr."


async def test_masked_personal_number_survives(translator: ArgosTranslator) -> None:
    translation = await translator.translate("Mój numer PESEL to [fødselsnummer].", "pl", "nb")

    assert translation.text == "Fødselsnummeret mitt er [fødselsnummer]."


@pytest.mark.parametrize(
    "text",
    [
        "Zapłaciłem 4200 kr przez BankID.",
        "Pytanie: dagpenger od 01.02.2026, zobacz nav.no",
        "NAV NAV 7 razy.",
    ],
)
async def test_protected_terms_are_never_lost_even_on_unknown_sentences(
    translator: ArgosTranslator, text: str
) -> None:
    translation = await translator.translate(text, "pl", "nb")

    for term in ("4200 kr", "BankID", "dagpenger", "01.02.2026", "nav.no", "NAV", "7"):
        if term in text:
            assert term in translation.text


async def test_missing_pair_raises_no_model_for_pair(translator: ArgosTranslator) -> None:
    assert not translator.can_translate("nb", "pl")

    with pytest.raises(NoModelForPair):
        await translator.translate("Jeg trenger hjelp.", "nb", "pl")


async def test_norwegian_path_and_numbers_only_skip_the_model(translator: ArgosTranslator) -> None:
    unchanged = await translator.translate("Eg treng hjelp.", "nn", "nb")
    numbers_only = await translator.translate("55 55 33 33", "pl", "nb")

    assert (unchanged.text, unchanged.machine_translated) == ("Eg treng hjelp.", False)
    assert (numbers_only.text, numbers_only.machine_translated) == ("55 55 33 33", False)


async def test_slow_translation_gives_translation_unavailable(packages_dir: Path) -> None:
    slow = ArgosTranslator(packages_dir, timeout_s=0.001)
    try:
        with pytest.raises(TranslationUnavailable) as raised:
            await slow.translate("Dzień dobry. Potrzebuję pomocy. Mam pytanie. " * 5, "pl", "nb")
        assert not isinstance(raised.value, NoModelForPair)
    finally:
        slow.close()


async def test_package_without_packaged_splitter_still_translates_offline(
    packages_dir: Path, tmp_path: Path
) -> None:
    bare = tmp_path / "packages"
    shutil.copytree(packages_dir / "translate-pl_en-tiny", bare / "translate-pl_en-tiny")
    shutil.rmtree(bare / "translate-pl_en-tiny" / "minisbd")
    translator = ArgosTranslator(bare)
    try:
        translation = await translator.translate("Dzień dobry. Potrzebuję pomocy.", "pl", "en")
    finally:
        translator.close()

    assert translation.text == "Hello. I need help."


async def test_user_text_never_reaches_the_logs(
    translator: ArgosTranslator, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)

    await translator.translate("Potrzebuję pomocy. Mam pytanie o NAV i 300 kr.", "pl", "nb")

    logged = "\n".join(record.getMessage() for record in caplog.records)
    for fragment in ("Potrzebuję", "pytanie", "trenger", "spørsmål", "300"):
        assert fragment not in logged
