"""Build tiny but real Argos Translate packages (pl<->en, en<->nb) offline, for tests and benchmarks.

Each ``.argosmodel`` is what argostranslate 1.11 installs from its index, only small:

- ``model/``: a CTranslate2 Transformer (pre-norm, 2+2 layers, d=128) trained here with torch to memorise
  the parallel chat corpus below, its weights written through ``ctranslate2.specs.TransformerSpec``;
- ``sentencepiece.model``: a unigram SentencePiece model trained here on the same corpus (all languages);
- ``minisbd/sbd.onnx``: a rule-based sentence splitter in MiniSBD's ONNX format (``.``/``!``/``?``
  followed by a space ends a sentence). Argos 1.11 splits sentences with MiniSBD and would otherwise
  download a model; a packaged ``minisbd/*.onnx`` is what it loads instead (argostranslate/sbd.py).

The corpus is written in the form the translator adapter sends: protected terms and numbers are already
placeholders (``[0]``, ``[1]`` ...), numbered by order of appearance (router/adapters/translator.py).

Deterministic (seeded), cached per pair under ``<cache-dir>/<hash of this file>/``; each pair trains for
15-40 s on one idle CPU core (longer when the machine is busy).
Usage: ``python scripts/build_tiny_argos_model.py --out DIR [--pairs pl-en,en-nb]`` prints the package paths.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import math
import os
import shutil
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Outside the checkout (like the Rasa model cache), so a fresh clone on the same machine does not rebuild.
DEFAULT_CACHE_DIR = Path(os.environ.get("NAVCHAT_ARGOS_BUILD_CACHE", Path.home() / ".cache" / "navchat" / "argos-build"))
SEED = 20261122
LANGUAGE_NAMES = {"en": "English", "pl": "Polish", "nb": "Norwegian Bokmål"}
# pl->nb has no direct package on purpose: the adapter must pivot through English.
PAIRS: tuple[tuple[str, str], ...] = (("pl", "en"), ("en", "nb"), ("en", "pl"), ("nb", "en"))

# (en, pl, nb): short chat messages a bruker might write, and replies. No side may repeat a sentence.
CORPUS: tuple[tuple[str, str, str], ...] = (
    ("Hello.", "Dzień dobry.", "Hei."),
    ("Thank you.", "Dziękuję.", "Takk."),
    ("Thank you for your help.", "Dziękuję za pomoc.", "Takk for hjelpen."),
    ("Thank you very much.", "Bardzo dziękuję.", "Tusen takk."),
    ("Goodbye.", "Do widzenia.", "Ha det."),
    ("Have a nice day.", "Miłego dnia.", "Ha en fin dag."),
    ("Yes, please.", "Tak, proszę.", "Ja takk."),
    ("No, thank you.", "Nie, dziękuję.", "Nei takk."),
    ("I need help.", "Potrzebuję pomocy.", "Jeg trenger hjelp."),
    (
        "I need help with my application.",
        "Potrzebuję pomocy z moim wnioskiem.",
        "Jeg trenger hjelp med søknaden min.",
    ),
    ("I want to talk to a person.", "Chcę porozmawiać z człowiekiem.", "Jeg vil snakke med et menneske."),
    ("I have no money for food.", "Nie mam pieniędzy na jedzenie.", "Jeg har ikke penger til mat."),
    ("I lost my job.", "Straciłem pracę.", "Jeg har mistet jobben min."),
    ("When will I get an answer?", "Kiedy dostanę odpowiedź?", "Når får jeg svar?"),
    ("How long is the waiting time?", "Jak długi jest czas oczekiwania?", "Hvor lang er ventetiden?"),
    ("Where is my local office?", "Gdzie jest moje lokalne biuro?", "Hvor er det lokale kontoret mitt?"),
    ("I do not understand the letter.", "Nie rozumiem listu.", "Jeg forstår ikke brevet."),
    ("Can you help me?", "Czy możesz mi pomóc?", "Kan du hjelpe meg?"),
    ("I have sent the documents.", "Wysłałem dokumenty.", "Jeg har sendt dokumentene."),
    ("Which documents do I need?", "Jakich dokumentów potrzebuję?", "Hvilke dokumenter trenger jeg?"),
    ("I need an interpreter.", "Potrzebuję tłumacza.", "Jeg trenger tolk."),
    ("I live alone.", "Mieszkam sam.", "Jeg bor alene."),
    ("I have two children.", "Mam dwoje dzieci.", "Jeg har to barn."),
    ("My rent is too high.", "Mój czynsz jest za wysoki.", "Husleien min er for høy."),
    (
        "I cannot pay the electricity bill.",
        "Nie mogę zapłacić rachunku za prąd.",
        "Jeg kan ikke betale strømregningen.",
    ),
    ("Is the office open today?", "Czy biuro jest dziś otwarte?", "Er kontoret åpent i dag?"),
    ("I am waiting for a reply.", "Czekam na odpowiedź.", "Jeg venter på svar."),
    ("I am sick.", "Jestem chory.", "Jeg er syk."),
    ("I have no place to live.", "Nie mam gdzie mieszkać.", "Jeg har ikke noe sted å bo."),
    ("I need money today.", "Potrzebuję pieniędzy dzisiaj.", "Jeg trenger penger i dag."),
    ("My case is urgent.", "Moja sprawa jest pilna.", "Saken min haster."),
    ("I have a question.", "Mam pytanie.", "Jeg har et spørsmål."),
    ("Please call me.", "Proszę do mnie zadzwonić.", "Vær så snill å ringe meg."),
    ("I will send the document later.", "Wyślę dokument później.", "Jeg sender dokumentet senere."),
    ("The application is finished.", "Wniosek jest gotowy.", "Søknaden er ferdig."),
    ("I forgot my password.", "Zapomniałem hasła.", "Jeg har glemt passordet mitt."),
    ("I cannot log in.", "Nie mogę się zalogować.", "Jeg får ikke logget inn."),
    ("I work part time.", "Pracuję na pół etatu.", "Jeg jobber deltid."),
    ("I am a student.", "Jestem studentem.", "Jeg er student."),
    ("I have debt.", "Mam długi.", "Jeg har gjeld."),
    ("My husband has no income.", "Mój mąż nie ma dochodu.", "Mannen min har ingen inntekt."),
    ("What happens now?", "Co się teraz stanie?", "Hva skjer nå?"),
    ("How do I apply?", "Jak złożyć wniosek?", "Hvordan søker jeg?"),
    ("I want to complain.", "Chcę złożyć skargę.", "Jeg vil klage."),
    ("The letter is in Norwegian.", "List jest po norwesku.", "Brevet er på norsk."),
    ("I speak a little Norwegian.", "Mówię trochę po norwesku.", "Jeg snakker litt norsk."),
    ("Can I write in Polish?", "Czy mogę pisać po polsku?", "Kan jeg skrive på polsk?"),
    ("I am hungry.", "Jestem głodny.", "Jeg er sulten."),
    # Placeholder forms: what the adapter sends once NAV terms, numbers, dates, amounts, URLs,
    # e-mail addresses and masked personal numbers are protected.
    ("I need help from [0].", "Potrzebuję pomocy od [0].", "Jeg trenger hjelp fra [0]."),
    ("I have a question about [0].", "Mam pytanie o [0].", "Jeg har et spørsmål om [0]."),
    (
        "I have a question about [0] and [1].",
        "Mam pytanie o [0] i [1].",
        "Jeg har et spørsmål om [0] og [1].",
    ),
    ("I received [0] from [1].", "Otrzymałem [0] od [1].", "Jeg fikk [0] fra [1]."),
    ("My number is [0].", "Mój numer to [0].", "Nummeret mitt er [0]."),
    ("My account number is [0].", "Mój numer konta to [0].", "Kontonummeret mitt er [0]."),
    ("I applied on [0].", "Złożyłem wniosek [0].", "Jeg søkte [0]."),
    ("I have [0] left.", "Zostało mi [0].", "Jeg har [0] igjen."),
    ("I pay [0] in rent.", "Płacę [0] czynszu.", "Jeg betaler [0] i husleie."),
    ("I log in with [0].", "Loguję się przez [0].", "Jeg logger inn med [0]."),
    ("I sent it to [0].", "Wysłałem to na [0].", "Jeg sendte det til [0]."),
    ("Please read [0].", "Proszę przeczytać [0].", "Vennligst les [0]."),
    ("I have applied for [0].", "Złożyłem wniosek o [0].", "Jeg har søkt om [0]."),
    ("When do I get [0]?", "Kiedy dostanę [0]?", "Når får jeg [0]?"),
    ("I need [0] by [1].", "Potrzebuję [0] do [1].", "Jeg trenger [0] innen [1]."),
    ("[0] has not answered.", "[0] nie odpowiedział.", "[0] har ikke svart."),
    ("Call me at [0].", "Zadzwoń do mnie pod [0].", "Ring meg på [0]."),
    ("I have [0] children.", "Mam [0] dzieci.", "Jeg har [0] barn."),
    (
        "I need help with [0], [1] and [2].",
        "Potrzebuję pomocy z [0], [1] i [2].",
        "Jeg trenger hjelp med [0], [1] og [2].",
    ),
    ("My birth number is [0].", "Mój numer PESEL to [0].", "Fødselsnummeret mitt er [0]."),
)
PLACEHOLDER_SYMBOLS = [f"[{i}]" for i in range(10)]


@dataclass(frozen=True)
class ModelShape:
    d_model: int = 64
    num_heads: int = 4
    ffn_dim: int = 128
    num_layers: int = 2
    max_positions: int = 512


def script_hash() -> str:
    """Cache key: the build is a pure function of this file (corpus, shape, seed, code)."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def sentences_of(lang: str) -> list[str]:
    column = {"en": 0, "pl": 1, "nb": 2}[lang]
    return [row[column] for row in CORPUS]


# --- SentencePiece -------------------------------------------------------------------------------------


def train_sentencepiece() -> bytes:
    import sentencepiece as spm

    text = [s for lang in ("en", "pl", "nb") for s in sentences_of(lang)]
    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(text),
        model_writer=model,
        model_type="unigram",
        vocab_size=400,
        hard_vocab_limit=False,
        character_coverage=1.0,
        # Placeholders must stay one piece each, so the model copies them as a unit.
        user_defined_symbols=PLACEHOLDER_SYMBOLS,
        pad_id=3,
        num_threads=1,
        minloglevel=2,
    )
    return model.getvalue()


# --- Sentence boundary detection (MiniSBD ONNX format) --------------------------------------------------


def build_sbd_model() -> bytes:
    """A lookup-table ONNX graph with MiniSBD's interface: inputs ``units`` [B,N] and ``features``, output
    per-character logits over MiniSBD's 5 classes; every character ends a token (class 1), and a
    ``.``/``!``/``?``/``…`` followed by a space or the end of the text ends a sentence (class 2)."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    chars = sorted({c for row in CORPUS for s in row for c in s} | set(" .,!?…:;-()'\"0123456789"))
    id2unit = ["<PAD>", "<UNK>"] + [c for c in chars if c != " "] + [" "]
    unit2id = {u: i for i, u in enumerate(id2unit)}
    is_sentence_punct = np.zeros(len(id2unit), dtype=np.float32)
    for c in ".!?…":
        is_sentence_punct[unit2id[c]] = 1.0
    is_boundary = np.zeros(len(id2unit), dtype=np.float32)
    is_boundary[unit2id["<PAD>"]] = 1.0
    is_boundary[unit2id[" "]] = 1.0
    class_logits = np.full((3, 5), -10.0, dtype=np.float32)
    for cls in range(3):
        class_logits[cls, cls] = 10.0

    initializers = [
        numpy_helper.from_array(is_sentence_punct, "is_sentence_punct"),
        numpy_helper.from_array(is_boundary, "is_boundary"),
        numpy_helper.from_array(class_logits, "class_logits"),
        numpy_helper.from_array(np.array([0, 0, 0, 1], dtype=np.int64), "pad_right"),
        numpy_helper.from_array(np.array([1], dtype=np.int64), "one_i"),
        numpy_helper.from_array(np.array([2**62], dtype=np.int64), "end_i"),
        numpy_helper.from_array(np.array(1.0, dtype=np.float32), "one_f"),
    ]
    nodes = [
        helper.make_node("Gather", ["is_sentence_punct", "units"], ["punct"]),
        helper.make_node("Pad", ["units", "pad_right"], ["padded"], mode="constant"),
        helper.make_node("Slice", ["padded", "one_i", "end_i", "one_i"], ["next_units"]),
        helper.make_node("Gather", ["is_boundary", "next_units"], ["next_is_boundary"]),
        helper.make_node("Mul", ["punct", "next_is_boundary"], ["sentence_end"]),
        helper.make_node("Add", ["sentence_end", "one_f"], ["class_f"]),
        helper.make_node("Cast", ["class_f"], ["class_id"], to=TensorProto.INT64),
        helper.make_node("Gather", ["class_logits", "class_id"], ["logits"]),
    ]
    graph = helper.make_graph(
        nodes,
        "tiny_sbd",
        inputs=[
            helper.make_tensor_value_info("units", TensorProto.INT64, ["batch", "length"]),
            helper.make_tensor_value_info("features", TensorProto.FLOAT, ["batch", "length", "features"]),
        ],
        outputs=[helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", "length", 5])],
        initializer=initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="navchat")
    model.ir_version = 8
    config = {"feat_funcs": ["space_before", "capitalized"], "max_seqlen": 1000, "batch_size": 8}
    vocab = {"lang": "xx", "idx": 0, "cutoff": 0, "lower": False, "_unit2id": unit2id, "_id2unit": id2unit}
    helper.set_model_props(
        model,
        {"lang_code": "xx", "config": json.dumps(config), "vocab": json.dumps(vocab), "lexicon": "null"},
    )
    onnx.checker.check_model(model)
    return model.SerializeToString()


# --- Transformer ----------------------------------------------------------------------------------------


def build_torch_model(vocab_size: int, shape: ModelShape):
    """A pre-norm Transformer laid out exactly as CTranslate2's TransformerSpec computes it."""
    import torch
    from torch import nn

    class Attention(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            d = shape.d_model
            self.query, self.key, self.value, self.out = (nn.Linear(d, d) for _ in range(4))
            self.norm = nn.LayerNorm(d, eps=1e-6)

        def forward(self, x, memory, mask):
            h = shape.num_heads
            b, tq, d = x.shape
            q_in = self.norm(x)
            kv_in = q_in if memory is None else memory

            def split(t):
                return t.view(b, -1, h, d // h).transpose(1, 2)

            q, k, v = split(self.query(q_in)), split(self.key(kv_in)), split(self.value(kv_in))
            scores = (q / math.sqrt(d // h)) @ k.transpose(-1, -2)
            scores = scores.masked_fill(~mask, float("-inf"))
            context = (scores.softmax(-1) @ v).transpose(1, 2).reshape(b, tq, d)
            return x + self.out(context)

    class FeedForward(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.norm = nn.LayerNorm(shape.d_model, eps=1e-6)
            self.inner = nn.Linear(shape.d_model, shape.ffn_dim)
            self.outer = nn.Linear(shape.ffn_dim, shape.d_model)

        def forward(self, x):
            return x + self.outer(torch.relu(self.inner(self.norm(x))))

    class Layer(nn.Module):
        def __init__(self, cross: bool) -> None:
            super().__init__()
            self.self_attention = Attention()
            self.cross_attention = Attention() if cross else None
            self.ffn = FeedForward()

    class TinyTransformer(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            d = shape.d_model
            self.src_embeddings = nn.Embedding(vocab_size, d)
            self.tgt_embeddings = nn.Embedding(vocab_size, d)
            self.encoder_layers = nn.ModuleList(Layer(cross=False) for _ in range(shape.num_layers))
            self.decoder_layers = nn.ModuleList(Layer(cross=True) for _ in range(shape.num_layers))
            self.encoder_norm = nn.LayerNorm(d, eps=1e-6)
            self.decoder_norm = nn.LayerNorm(d, eps=1e-6)
            self.projection = nn.Linear(d, vocab_size)
            position = torch.arange(shape.max_positions, dtype=torch.float32).unsqueeze(1)
            rate = torch.exp(torch.arange(0, d, 2, dtype=torch.float32) * (-math.log(10000.0) / d))
            encodings = torch.zeros(shape.max_positions, d)
            encodings[:, 0::2] = torch.sin(position * rate)
            encodings[:, 1::2] = torch.cos(position * rate)
            self.register_buffer("position_encodings", encodings)

        def embed(self, table, ids):
            return table(ids) * math.sqrt(shape.d_model) + self.position_encodings[: ids.shape[1]]

        def encode(self, src, src_mask):
            x = self.embed(self.src_embeddings, src)
            attention_mask = src_mask[:, None, None, :]
            for layer in self.encoder_layers:
                x = layer.ffn(layer.self_attention(x, None, attention_mask))
            return self.encoder_norm(x)

        def decode(self, memory, src_mask, tgt_in):
            length = tgt_in.shape[1]
            causal = torch.ones(length, length, dtype=torch.bool).tril()[None, None]
            x = self.embed(self.tgt_embeddings, tgt_in)
            for layer in self.decoder_layers:
                x = layer.self_attention(x, None, causal)
                x = layer.cross_attention(x, memory, src_mask[:, None, None, :])
                x = layer.ffn(x)
            return self.projection(self.decoder_norm(x))

    return TinyTransformer()


def is_memorised(logits, target, pad: int, min_probability: float) -> bool:
    """True when teacher-forced decoding picks every target token with a clear margin, so greedy decoding
    (what the adapter asks CTranslate2 for) reproduces every training sentence exactly."""
    import torch

    probabilities = logits.softmax(-1)
    target_probability = probabilities.gather(-1, target.clamp(min=0).unsqueeze(-1)).squeeze(-1)
    real = target != pad
    is_argmax = probabilities.argmax(-1) == target
    return bool(torch.all(is_argmax | ~real)) and float(target_probability[real].min()) > min_probability


def train_transformer(
    src_ids: list[list[int]], tgt_ids: list[list[int]], vocab_size: int, seed: int, min_probability: float
):
    import torch

    torch.manual_seed(seed)
    shape = ModelShape()
    model = build_torch_model(vocab_size, shape)
    pad, bos, eos = 3, 1, 2

    def batch(rows: list[list[int]]) -> torch.Tensor:
        width = max(len(r) for r in rows)
        return torch.tensor([r + [pad] * (width - len(r)) for r in rows])

    src = batch(src_ids)
    src_mask = src != pad
    tgt_in = batch([[bos] + t for t in tgt_ids])
    tgt_out = batch([t + [eos] for t in tgt_ids])
    optimiser = torch.optim.Adam(model.parameters(), lr=3e-3, betas=(0.9, 0.98))
    # Short warm-up, then decay: a constant rate makes the last rare tokens oscillate instead of settling.
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min(1.0, (step + 1) / 20) * 0.993**step
    )
    loss_fn = torch.nn.CrossEntropyLoss(ignore_index=pad)
    model.train()
    loss_value = float("inf")
    for step in range(1, 1501):
        logits = model.decode(model.encode(src, src_mask), src_mask, tgt_in)
        loss = loss_fn(logits.reshape(-1, vocab_size), tgt_out.reshape(-1))
        optimiser.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimiser.step()
        schedule.step()
        loss_value = loss.item()
        if step % 10 == 0 and is_memorised(logits.detach(), tgt_out, pad, min_probability):
            break
    model.eval()
    return model, step, loss_value


def export_ctranslate2(model, vocabulary: list[str], out_dir: Path) -> None:
    import ctranslate2
    from ctranslate2.specs import transformer_spec

    shape = ModelShape()
    spec = transformer_spec.TransformerSpec.from_config(shape.num_layers, shape.num_heads, pre_norm=True)
    spec.config.layer_norm_epsilon = 1e-6

    def numpy(t):
        return t.detach().numpy().copy()

    def set_linear(target, source) -> None:
        target.weight = numpy(source.weight)
        target.bias = numpy(source.bias)

    def set_norm(target, source) -> None:
        target.gamma = numpy(source.weight)
        target.beta = numpy(source.bias)

    def set_attention(target, source, *, cross: bool) -> None:
        set_norm(target.layer_norm, source.norm)
        if cross:
            set_linear(target.linear[0], source.query)
            key_value = [ctranslate2.specs.common_spec.LinearSpec() for _ in range(2)]
            set_linear(key_value[0], source.key)
            set_linear(key_value[1], source.value)
            ctranslate2.converters.utils.fuse_linear(target.linear[1], key_value)
        else:
            qkv = [ctranslate2.specs.common_spec.LinearSpec() for _ in range(3)]
            for part, linear in zip(qkv, (source.query, source.key, source.value), strict=True):
                set_linear(part, linear)
            ctranslate2.converters.utils.fuse_linear(target.linear[0], qkv)
        set_linear(target.linear[-1], source.out)

    def set_ffn(target, source) -> None:
        set_norm(target.layer_norm, source.norm)
        set_linear(target.linear_0, source.inner)
        set_linear(target.linear_1, source.outer)

    for stack, embeddings, norm, layers in (
        (spec.encoder, model.src_embeddings, model.encoder_norm, model.encoder_layers),
        (spec.decoder, model.tgt_embeddings, model.decoder_norm, model.decoder_layers),
    ):
        # The encoder may take several source embeddings (features); ours has one.
        target_embeddings = stack.embeddings[0] if isinstance(stack.embeddings, list) else stack.embeddings
        target_embeddings.weight = numpy(embeddings.weight)
        stack.position_encodings.encodings = numpy(model.position_encodings)
        set_norm(stack.layer_norm, norm)
        for target, source in zip(stack.layer, layers, strict=True):
            set_attention(target.self_attention, source.self_attention, cross=False)
            if source.cross_attention is not None:
                set_attention(target.attention, source.cross_attention, cross=True)
            set_ffn(target.ffn, source.ffn)
    set_linear(spec.decoder.projection, model.projection)
    spec.register_source_vocabulary(vocabulary)
    spec.register_target_vocabulary(vocabulary)
    spec.validate()
    spec.optimize(quantization=None)
    out_dir.mkdir(parents=True, exist_ok=True)
    spec.save(str(out_dir))


def verify_ctranslate2(model_dir: Path, sp_model: Path, pairs: list[tuple[str, str]]) -> list[str]:
    """Translate every training sentence the way argostranslate does; return the ones that differ."""
    import ctranslate2
    import sentencepiece as spm

    processor = spm.SentencePieceProcessor(model_file=str(sp_model))
    translator = ctranslate2.Translator(str(model_dir), device="cpu", intra_threads=1)
    sources = [processor.encode(src, out_type=str) for src, _ in pairs]
    # Greedy, as the adapter runs it (ARGOS_BEAM_SIZE=1). With beam search CTranslate2 returns the first
    # finished hypothesis, and in a model that memorised many sentences a side beam often jumps to a shorter
    # sentence sharing the prefix ("I am ..."), so this tiny model is only exact with greedy decoding.
    results = translator.translate_batch(sources, beam_size=1, replace_unknowns=True)
    failures = []
    for (src, expected), result in zip(pairs, results, strict=True):
        got = processor.decode_pieces(result.hypotheses[0])
        if got != expected:
            failures.append(f"{src!r} -> {got!r} (expected {expected!r})")
    return failures


# --- Packaging ------------------------------------------------------------------------------------------


def build_package(from_code: str, to_code: str, sp_bytes: bytes, sbd_bytes: bytes, work: Path) -> Path:
    import sentencepiece as spm

    name = f"translate-{from_code}_{to_code}-tiny"
    root = work / name
    root.mkdir(parents=True)
    (root / "sentencepiece.model").write_bytes(sp_bytes)
    (root / "minisbd").mkdir()
    (root / "minisbd" / "sbd.onnx").write_bytes(sbd_bytes)
    processor = spm.SentencePieceProcessor(model_file=str(root / "sentencepiece.model"))
    vocabulary = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    pairs = list(zip(sentences_of(from_code), sentences_of(to_code), strict=True))
    src_ids = [processor.encode(s) for s, _ in pairs]
    tgt_ids = [processor.encode(t) for _, t in pairs]
    seed = SEED + sum(map(ord, from_code + to_code))
    # CTranslate2's float arithmetic differs from torch's in the last bits: a token barely above the others
    # may flip. If the exported model misses a sentence, retrain (deterministically) with a wider margin.
    for min_probability in (0.6, 0.8, 0.9):
        started = time.monotonic()
        model, steps, loss = train_transformer(src_ids, tgt_ids, len(vocabulary), seed, min_probability)
        shutil.rmtree(root / "model", ignore_errors=True)
        export_ctranslate2(model, vocabulary, root / "model")
        failures = verify_ctranslate2(root / "model", root / "sentencepiece.model", pairs)
        print(
            f"{from_code}->{to_code}: {steps} steps, loss {loss:.4f}, {len(pairs) - len(failures)}/{len(pairs)} "
            f"exact, {time.monotonic() - started:.0f}s",
            file=sys.stderr,
        )
        if not failures:
            break
    else:
        raise RuntimeError(f"{name} does not reproduce its corpus:\n" + "\n".join(failures))
    metadata = {
        "package_version": "0.1",
        "argos_version": "1.11",
        "type": "translate",
        "from_code": from_code,
        "from_name": LANGUAGE_NAMES[from_code],
        "to_code": to_code,
        "to_name": LANGUAGE_NAMES[to_code],
        "code": name,
        "description": "Tiny test model: translates only its built-in chat corpus (navchat tests).",
        "links": [],
    }
    (root / "metadata.json").write_text(json.dumps(metadata, indent=2, ensure_ascii=False))
    (root / "README.md").write_text(
        f"# {name}\n\nBuilt by scripts/build_tiny_argos_model.py for tests and benchmarks. "
        "It translates only the sentences of its corpus; never install it in production.\n"
    )
    archive = work / f"{name}.argosmodel"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(root.rglob("*")):
            info = zipfile.ZipInfo(str(path.relative_to(work)), date_time=(2026, 1, 1, 0, 0, 0))
            if path.is_dir():
                info.filename += "/"
                zf.writestr(info, b"")
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, path.read_bytes())
    shutil.rmtree(root)
    return archive


def build_all(cache_dir: Path, pairs: tuple[tuple[str, str], ...] = PAIRS) -> list[Path]:
    """Return the packages for ``pairs``, building each missing one into ``<cache_dir>/<script hash>/``."""
    target = cache_dir / script_hash()
    wanted = {pair: target / f"translate-{pair[0]}_{pair[1]}-tiny.argosmodel" for pair in pairs}
    missing = [pair for pair, path in wanted.items() if not path.exists()]
    if missing:
        import torch

        # One thread: deterministic, and the machine's other core stays free for everything else.
        torch.set_num_threads(1)
        target.mkdir(parents=True, exist_ok=True)
        sp_bytes = train_sentencepiece()
        sbd_bytes = build_sbd_model()
        for from_code, to_code in missing:
            work = Path(tempfile.mkdtemp(prefix=".build-", dir=target))
            try:
                archive = build_package(from_code, to_code, sp_bytes, sbd_bytes, work)
                # Atomic: a concurrent build of the same pair writes identical bytes.
                os.replace(archive, wanted[(from_code, to_code)])
            finally:
                shutil.rmtree(work, ignore_errors=True)
    return [wanted[pair] for pair in pairs]


def parse_pairs(value: str) -> tuple[tuple[str, str], ...]:
    pairs = tuple(tuple(item.split("-", 1)) for item in value.split(",") if item)
    for pair in pairs:
        if len(pair) != 2 or pair not in PAIRS:
            raise argparse.ArgumentTypeError(
                f"unknown pair {'-'.join(pair)}; choose from {format_pairs(PAIRS)}"
            )
    return pairs  # type: ignore[return-value]


def format_pairs(pairs: tuple[tuple[str, str], ...]) -> str:
    return ",".join(f"{a}-{b}" for a, b in pairs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, help="copy the .argosmodel files here (default: print cache paths)"
    )
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE_DIR, help="build cache (%(default)s)")
    parser.add_argument(
        "--pairs", type=parse_pairs, default=PAIRS, help=f"comma-separated (default {format_pairs(PAIRS)})"
    )
    args = parser.parse_args(argv)
    packages = build_all(args.cache_dir, args.pairs)
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        copies = []
        for package in packages:
            copy = args.out / package.name
            shutil.copyfile(package, copy)
            copies.append(copy)
        packages = copies
    for package in packages:
        print(package)
    return 0


if __name__ == "__main__":
    sys.exit(main())
