"""Argos: installed pairs, pivot via English, protected terms; -> TranslationUnavailable.

The contract (the Translator port): ``await translate(text, source, target)`` returns a ``Translation``
or raises ``TranslationUnavailable`` (``NoModelForPair`` when no installed model, direct or through English,
covers the pair). nb, nn, da and sv all go down the Norwegian path: between them, and from any language to
itself, the text comes back unchanged and is not labelled machine-translated (DESIGN.md, "Language").

Before text reaches a model, NAV terms, numbers, dates, amounts, URLs, e-mail addresses and the masked
tokens ``[fødselsnummer]`` / ``[kontonummer]`` are replaced by placeholders ``[0]``, ``[1]`` ... (numbered
in order of appearance) and put back afterwards; a term the model dropped is appended, never lost.
Placeholders cannot collide with user text because every digit in it is itself protected.

``ArgosTranslator`` runs argostranslate's own package code (its sentence splitter, SentencePiece and
CTranslate2) on one worker thread, off the event loop, with a timeout. It loads packages from one
directory (``Settings.argos_packages_dir``) and keeps its own per-instance state instead of
argostranslate's process-wide language graph, so it can say which pivot it used.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import logging
import os
import re
import shutil
import sys
import tempfile
import time
import types
import zipfile
from collections.abc import Callable, Collection, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from router.domain import language_policy
from router.domain.masking import MASK_TOKEN_PATTERN

log = logging.getLogger(__name__)

PIVOT_LANGUAGE = "en"
# The domain's Norwegian path (no MT between them), plus "no", the code some models and locales use for bokmål.
NORWEGIAN_PATH = language_policy.NORWEGIAN_PATH | {"no"}
NORWEGIAN_MODEL_LANGUAGE = "nb"

LanguagePair = tuple[str, str]


class TranslationUnavailable(Exception):
    """Raised when machine translation cannot be done now (no engine, engine failed or too slow)."""


class NoModelForPair(TranslationUnavailable):
    """Raised when no installed model, direct or through English, translates between the two languages."""


@dataclass(frozen=True)
class Translation:
    text: str
    source: str
    target: str
    # Languages the text went through on the way, e.g. ("en",) for pl -> en -> nb.
    via: tuple[str, ...] = ()
    machine_translated: bool = True


class Translator(Protocol):
    """Port: translate chat text between languages, offline."""

    async def translate(self, text: str, source: str, target: str) -> Translation: ...

    def available_pairs(self) -> frozenset[LanguagePair]: ...

    def can_translate(self, source: str, target: str) -> bool: ...


# --- Languages and routes (pure) -----------------------------------------------------------------------


def model_language(code: str) -> str:
    """The language code models know this language by: ``nb-NO`` -> ``nb``, ``sv`` -> ``nb``."""
    base = code.strip().lower().replace("_", "-").split("-")[0]
    return NORWEGIAN_MODEL_LANGUAGE if base in NORWEGIAN_PATH else base


def needs_translation(source: str, target: str) -> bool:
    return model_language(source) != model_language(target)


def plan_route(source: str, target: str, pairs: Collection[LanguagePair]) -> tuple[str, ...] | None:
    """Languages from source to target over installed model pairs: direct first, else through English."""
    src, tgt = model_language(source), model_language(target)
    if src == tgt:
        return (src,)
    if (src, tgt) in pairs:
        return (src, tgt)
    if (src, PIVOT_LANGUAGE) in pairs and (PIVOT_LANGUAGE, tgt) in pairs:
        return (src, PIVOT_LANGUAGE, tgt)
    return None


def reachable_pairs(pairs: Collection[LanguagePair]) -> frozenset[LanguagePair]:
    """Every (source, target) the installed pairs cover, directly or through English."""
    languages = {code for pair in pairs for code in pair}
    return frozenset(
        (src, tgt) for src in languages for tgt in languages if src != tgt and plan_route(src, tgt, pairs)
    )


# --- Protected terms (pure) ----------------------------------------------------------------------------

NAV_TERMS = (
    "arbeidsavklaringspenger",
    "foreldrepenger",
    "sykepenger",
    "dagpenger",
    "barnetrygd",
    "sosialhjelp",
    "meldekort",
    "Lånekassen",
    "ID-porten",
    "Digisos",
    "BankID",
    "MinID",
    "NAV",
)


def _term_pattern(term: str) -> str:
    # Definite plural of the -penger benefits drops the r: dagpenger -> dagpengene.
    if term.endswith("penger"):
        return re.escape(term[:-2]) + "(?:er|ene)"
    return re.escape(term)


_NUMBER = r"\+?\d+(?:[ \u00a0.,:/-]\d+)*"
_CURRENCY_AFTER = r"(?:kr\b|kroner\b|NOK\b|,-|zł|złotych\b|EUR\b|€|USD\b|\$)"
_CURRENCY_BEFORE = r"(?:kr\.?|NOK|EUR|€|\$)"
_PROTECTED = re.compile(
    "|".join(
        (
            rf"(?:{MASK_TOKEN_PATTERN})",  # masked by router/domain/masking.py (CONTRACTS.md)
            r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",  # e-mail address
            r"(?:https?://|www\.)[^\s<>\"]*[^\s<>\".,;:!?)\]]",  # URL
            r"\b(?:[\w-]+\.)+(?:no|com|org|net|eu|se|dk|pl)\b(?:/[^\s<>\"]*[^\s<>\".,;:!?)\]])?",  # nav.no
            rf"(?<![\w.]){_CURRENCY_BEFORE}\s?{_NUMBER}(?:,-)?",  # amount: kr 1 500
            rf"{_NUMBER}\s?{_CURRENCY_AFTER}",  # amount: 1 500 kr, 1500,-
            _NUMBER,  # numbers, dates (12.03.2024), phone numbers, times
            # NAV terms with Norwegian endings and compounds: NAVs, NAV-kontoret, sosialhjelpen, meldekortene
            # (but not "navn").
            rf"\b(?:{'|'.join(_term_pattern(t) for t in NAV_TERMS)}|(?-i:AAP))(?:ene|ens|ets|en|et|s|a)?(?:-\w+)*\b",
        )
    ),
    re.IGNORECASE,
)
_PLACEHOLDER = re.compile(r"\[\s*(\d+)\s*\]")


def placeholder(index: int) -> str:
    return f"[{index}]"


def protect(text: str) -> tuple[str, dict[str, str]]:
    """Replace protected spans by numbered placeholders; return the new text and placeholder -> original."""
    mapping: dict[str, str] = {}

    def replace(match: re.Match[str]) -> str:
        key = placeholder(len(mapping))
        mapping[key] = match.group(0)
        return key

    return _PROTECTED.sub(replace, text), mapping


def missing_placeholders(text: str, mapping: dict[str, str]) -> list[str]:
    """Placeholders of ``mapping`` that ``text`` no longer contains, in their original order."""
    present = {placeholder(int(m.group(1))) for m in _PLACEHOLDER.finditer(text)}
    return [key for key in mapping if key not in present]


def restore(text: str, mapping: dict[str, str]) -> str:
    """Put the originals back. A placeholder the model invented is dropped; an original the model dropped is
    appended in parentheses, so a number or a NAV term is never lost in translation."""

    def replace(match: re.Match[str]) -> str:
        return mapping.get(placeholder(int(match.group(1))), "")

    missing = [mapping[key] for key in missing_placeholders(text, mapping)]
    restored = _PLACEHOLDER.sub(replace, text)
    if missing:
        restored = f"{restored.rstrip()} ({', '.join(missing)})".lstrip()
    return restored


def has_words(text: str) -> bool:
    """True if anything is left to translate once protected spans are placeholders."""
    return any(ch.isalpha() for ch in _PLACEHOLDER.sub("", text))


# --- Installed packages (no argostranslate import) -----------------------------------------------------


@dataclass(frozen=True)
class InstalledModel:
    from_code: str
    to_code: str
    package_version: str
    path: Path

    @property
    def pair(self) -> LanguagePair:
        return (self.from_code, self.to_code)


def find_installed_models(packages_dir: Path) -> list[InstalledModel]:
    """Translation packages in ``packages_dir`` (one sub-directory each, with ``metadata.json``)."""
    models = []
    if not packages_dir.is_dir():
        return models
    for metadata_path in sorted(packages_dir.glob("*/metadata.json")):
        try:
            metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            log.warning("translation.package_unreadable", extra={"path": str(metadata_path.parent)})
            continue
        if metadata.get("type", "translate") != "translate" or not (metadata_path.parent / "model").is_dir():
            continue
        models.append(
            InstalledModel(
                from_code=str(metadata["from_code"]),
                to_code=str(metadata["to_code"]),
                package_version=str(metadata.get("package_version", "")),
                path=metadata_path.parent,
            )
        )
    return models


class BadPackage(Exception):
    """Raised when a file is not an installable Argos translation package."""


def install_package(
    archive: Path, packages_dir: Path, progress: Callable[[int, int], None] | None = None
) -> InstalledModel:
    """Unpack an ``.argosmodel`` archive into ``packages_dir`` (replacing an older copy of the same package).

    Checked first: a zip with one top-level directory holding ``metadata.json`` (from_code, to_code) and
    ``model/``, and no member path escaping that directory. ``progress(done_bytes, total_bytes)`` is called
    while unpacking.
    """
    if not zipfile.is_zipfile(archive):
        raise BadPackage(f"{archive} is not an Argos package (not a zip archive)")
    with zipfile.ZipFile(archive) as zf:
        members = [m for m in zf.infolist() if m.filename.strip("/")]
        tops = {PurePosixPath(m.filename).parts[0] for m in members}
        if len(tops) != 1:
            raise BadPackage(f"{archive}: expected one top-level directory, found {sorted(tops)[:5]}")
        top = tops.pop()
        for member in members:
            path = PurePosixPath(member.filename)
            if path.is_absolute() or ".." in path.parts or "\\" in member.filename:
                raise BadPackage(f"{archive}: unsafe path {member.filename!r}")
        try:
            metadata = json.loads(zf.read(f"{top}/metadata.json"))
            from_code, to_code = str(metadata["from_code"]), str(metadata["to_code"])
        except (KeyError, ValueError) as exc:
            raise BadPackage(f"{archive}: missing or invalid metadata.json ({exc})") from exc
        if not any(m.filename.startswith(f"{top}/model/") for m in members):
            raise BadPackage(f"{archive}: no CTranslate2 model/ directory")
        packages_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".install-", dir=packages_dir))
        try:
            total = sum(m.file_size for m in members)
            done = 0
            for member in members:
                zf.extract(member, staging)
                done += member.file_size
                if progress is not None:
                    progress(done, total)
            final = packages_dir / top
            if final.exists():
                shutil.rmtree(final)
            (staging / top).rename(final)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return InstalledModel(from_code, to_code, str(metadata.get("package_version", "")), final)


# --- Translators ---------------------------------------------------------------------------------------


def _unchanged(text: str, source: str, target: str) -> Translation:
    return Translation(text=text, source=source, target=target, via=(), machine_translated=False)


class NullTranslator:
    """Used when no model is installed: only the Norwegian path and same-language requests succeed."""

    async def translate(self, text: str, source: str, target: str) -> Translation:
        if not needs_translation(source, target):
            return _unchanged(text, source, target)
        raise NoModelForPair(f"no translation model installed for {source}->{target}")

    def available_pairs(self) -> frozenset[LanguagePair]:
        return frozenset()

    def can_translate(self, source: str, target: str) -> bool:
        return not needs_translation(source, target)


@dataclass
class _ArgosRuntime:
    """argostranslate's PackageTranslation per installed pair, created and used on the worker thread."""

    translations: dict[LanguagePair, Any] = field(default_factory=dict)


class ArgosTranslator:
    """Translator over installed Argos Translate packages.

    packages_dir: where the ``.argosmodel`` packages are installed (``Settings.argos_packages_dir``).
    timeout_s: per request, including time waiting for the single worker (``Settings.translation_timeout_s``).
    intra_threads: CPU threads CTranslate2 may use for one translation.
    beam_size: 1 (greedy) by default, for latency on a shared CPU; Argos' own default is 4.
    """

    def __init__(
        self,
        packages_dir: Path,
        *,
        timeout_s: float = 8.0,
        intra_threads: int = 1,
        beam_size: int = 1,
    ) -> None:
        self._packages_dir = Path(packages_dir)
        self._timeout_s = timeout_s
        self._intra_threads = intra_threads
        self._beam_size = beam_size
        self._models = {model.pair: model for model in find_installed_models(self._packages_dir)}
        self._runtime = _ArgosRuntime()
        # One worker: CTranslate2 is not shared between threads here, and the router keeps a core for I/O.
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="argos")

    def available_pairs(self) -> frozenset[LanguagePair]:
        """Pairs with an installed model, plus the pairs reachable through English."""
        return reachable_pairs(self._models.keys())

    def installed_pairs(self) -> frozenset[LanguagePair]:
        return frozenset(self._models)

    def can_translate(self, source: str, target: str) -> bool:
        return plan_route(source, target, self._models.keys()) is not None

    async def translate(self, text: str, source: str, target: str) -> Translation:
        route = plan_route(source, target, self._models.keys())
        if route is None:
            raise NoModelForPair(f"no installed model translates {source}->{target}, directly or via English")
        if len(route) == 1:
            return _unchanged(text, source, target)
        protected, mapping = protect(text)
        if not has_words(protected):
            return _unchanged(text, source, target)
        started = time.monotonic()
        translated = await self._run(lambda: self._translate_sync(protected, route))
        missing = missing_placeholders(translated, mapping)
        if missing:
            log.warning(
                "translation.placeholder_lost", extra={"missing": len(missing), "route": "->".join(route)}
            )
        log.info(
            "translation.done",
            extra={
                "route": "->".join(route),
                "chars": len(text),
                "ms": round((time.monotonic() - started) * 1000),
            },
        )
        return Translation(
            text=restore(translated, mapping),
            source=source,
            target=target,
            via=route[1:-1],
            machine_translated=True,
        )

    async def warm_up(self) -> None:
        """Load every installed model now (at startup) instead of on the first message."""
        # Loading takes seconds per model on a busy machine: a longer budget than one message gets.
        await self._run(
            lambda: [self._translation_for(pair) for pair in self._models], max(60.0, self._timeout_s)
        )

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)

    async def _run(self, work: Callable[[], Any], timeout_s: float | None = None) -> Any:
        timeout_s = self._timeout_s if timeout_s is None else timeout_s
        loop = asyncio.get_running_loop()
        try:
            return await asyncio.wait_for(loop.run_in_executor(self._executor, work), timeout_s)
        except TimeoutError as exc:
            # The worker finishes its current job in the background; queued requests keep their own timeout.
            log.warning("translation.timeout", extra={"timeout_s": timeout_s})
            raise TranslationUnavailable(f"translation took longer than {timeout_s} s") from exc
        except TranslationUnavailable:
            raise
        except Exception as exc:  # argostranslate/CTranslate2/onnxruntime errors all mean "not now"
            # No traceback: library messages can quote the text being translated (never log user text).
            log.warning("translation.failed", extra={"error": type(exc).__name__})
            raise TranslationUnavailable(f"translation engine failed: {type(exc).__name__}") from exc

    # Everything below runs on the worker thread.

    def _translate_sync(self, text: str, route: tuple[str, ...]) -> str:
        for pair in zip(route, route[1:], strict=False):
            text = _map_lines(text, self._translation_for(pair).translate)
        return text

    def _translation_for(self, pair: LanguagePair) -> Any:
        translation = self._runtime.translations.get(pair)
        if translation is None:
            translation = self._load(self._models[pair])
            self._runtime.translations[pair] = translation
        return translation

    def _load(self, model: InstalledModel) -> Any:
        argos = _import_argostranslate(self._packages_dir)
        argos.settings.beam_size = self._beam_size
        package = argos.package.Package(model.path)
        translation = argos.translate.PackageTranslation(
            argos.translate.Language(model.from_code, model.from_code),
            argos.translate.Language(model.to_code, model.to_code),
            package,
        )
        # Set the CTranslate2 translator ourselves (argostranslate creates it lazily from its global
        # settings) so the thread budget is the router's, not "all cores".
        import ctranslate2

        translation.translator = ctranslate2.Translator(
            str(model.path / "model"), device="cpu", inter_threads=1, intra_threads=self._intra_threads
        )
        offline = offline_sentencizer(model.path, model.from_code)
        if offline is not None:
            translation.sentencizer = offline
        return translation


_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")


def split_sentences_simply(text: str) -> list[str]:
    """Split after ``.``, ``!``, ``?`` or ``…`` followed by whitespace. Numbers and abbreviations with dots
    rarely matter here: numbers, dates and URLs are placeholders by the time text is split."""
    return [part for part in _SENTENCE_END.split(text.strip()) if part]


class _OfflineSentencizer:
    """Sentence splitting that never downloads.

    argostranslate 1.11 splits with MiniSBD and, unless the package holds ``minisbd/*.onnx``, downloads a
    model on first use; packages with a ``stanza/`` directory get a Stanza pipeline that checks for updates
    online. Here Stanza runs with ``download_method=None`` (local files only), and anything that fails falls
    back to ``split_sentences_simply`` for good.
    """

    def __init__(self, stanza_dir: Path | None, language: str) -> None:
        self._stanza_dir = stanza_dir
        self._language = language
        self._pipeline: Any = None

    def split_sentences(self, text: str) -> list[str]:
        if self._stanza_dir is not None:
            try:
                if self._pipeline is None:
                    import stanza

                    self._pipeline = stanza.Pipeline(
                        lang=self._language,
                        dir=str(self._stanza_dir),
                        processors="tokenize",
                        use_gpu=False,
                        logging_level="WARNING",
                        download_method=None,
                    )
                return [sentence.text for sentence in self._pipeline(text).sentences]
            except Exception as exc:  # missing or incompatible Stanza files: split simply from now on
                log.warning("translation.sbd_fallback", extra={"error": type(exc).__name__})
                self._stanza_dir = None
        return split_sentences_simply(text)


def offline_sentencizer(package_path: Path, language: str) -> _OfflineSentencizer | None:
    """None when argostranslate's own splitter works offline for this package (a packaged MiniSBD model)."""
    if any((package_path / "minisbd").glob("*.onnx")):
        return None
    stanza_dir = package_path / "stanza"
    return _OfflineSentencizer(stanza_dir if stanza_dir.is_dir() else None, language)


def _map_lines(text: str, translate_line: Callable[[str], str]) -> str:
    """Translate line by line, keeping blank lines and surrounding whitespace as they were."""
    out = []
    for line in text.split("\n"):
        stripped = line.strip()
        if not stripped:
            out.append(line)
            continue
        lead = line[: len(line) - len(line.lstrip())]
        trail = line[len(line.rstrip()) :]
        out.append(f"{lead}{translate_line(stripped)}{trail}")
    return "\n".join(out)


class _Argos:
    """The argostranslate modules, imported once with the package directory configured."""

    def __init__(self) -> None:
        # argostranslate imports spaCy only for its optional spaCy splitter, which this adapter never uses;
        # skipping it saves many seconds of startup on a busy 2-core machine. Other importers are unaffected.
        skip_spacy = "spacy" not in sys.modules
        if skip_spacy:
            sys.modules["spacy"] = None  # type: ignore[assignment]
        # argostranslate.sbd imports Stanza, and Stanza torch (about 250 MB resident, seconds of import), at
        # module level; Stanza is used only for a package with a stanza/ directory. Loaded on first use instead.
        _lazy_import("stanza")
        try:
            import argostranslate.package
            import argostranslate.settings
            import argostranslate.translate
        finally:
            if skip_spacy and sys.modules.get("spacy", ...) is None:
                del sys.modules["spacy"]

        # argostranslate logs every paragraph, sentence and token it translates at INFO level: user text
        # must never reach the logs (STYLE.md), so only its warnings get through.
        logging.getLogger("argostranslate").setLevel(logging.WARNING)
        logging.getLogger("argostranslate.utils").setLevel(logging.WARNING)
        self.settings = argostranslate.settings
        self.package = argostranslate.package
        self.translate = argostranslate.translate


class _DeferredModule(types.ModuleType):
    """Stands in for a module in ``sys.modules`` until an attribute is asked for; then imports the real one."""

    def __getattr__(self, attr: str) -> Any:
        real = self.__dict__.get("_real")
        if real is None:
            del sys.modules[self.__name__]
            try:
                real = importlib.import_module(self.__name__)
            except BaseException:
                sys.modules[self.__name__] = self
                raise
            self.__dict__["_real"] = real
        return getattr(real, attr)


def _lazy_import(name: str) -> None:
    """Make ``import name`` free: the module really loads on first attribute access (not at all if unused)."""
    if name not in sys.modules and importlib.util.find_spec(name) is not None:
        sys.modules[name] = _DeferredModule(name)


_argos: _Argos | None = None


def _import_argostranslate(packages_dir: Path) -> _Argos:
    """Import argostranslate with ``packages_dir`` as its package directory.

    argostranslate reads ``ARGOS_PACKAGES_DIR`` when it is first imported, so the variable is set before
    that; if another part of the process imported it earlier, the settings are pointed there as well.
    """
    global _argos
    if _argos is None:
        os.environ["ARGOS_PACKAGES_DIR"] = str(packages_dir)
        _argos = _Argos()
    _argos.settings.package_data_dir = Path(packages_dir)
    _argos.settings.package_dirs = [Path(packages_dir)]
    return _argos


def create_translator(packages_dir: Path, *, timeout_s: float = 8.0, intra_threads: int = 1) -> Translator:
    """An ArgosTranslator when any translation package is installed, else a NullTranslator."""
    if not find_installed_models(Path(packages_dir)):
        log.warning("translation.no_models", extra={"packages_dir": str(packages_dir)})
        return NullTranslator()
    return ArgosTranslator(Path(packages_dir), timeout_s=timeout_s, intra_threads=intra_threads)


def format_pairs(pairs: Iterable[LanguagePair]) -> list[str]:
    """``["en->nb", "pl->en"]``: pairs as operators read them, sorted."""
    return sorted(f"{src}->{tgt}" for src, tgt in pairs)
