"""Rasa's LogisticRegressionClassifier, with each message's features joined for it in one step.

Why: to classify a message, Rasa's classifier asks it for all of its sparse features, which deep-copies and stacks
each featurizer's per-token matrices too (the classifier uses only the sentence row), and then stacks that row
again with an empty dense matrix: three scipy ``hstack`` calls and a deep copy per message. In a profile of Rasa at
8 conversations a second (py-spy) that took 12 % of Rasa's CPU, against 4.6 % for the prediction itself.

Here the sentence features of a message (each featurizer's 1 x n row, in the order Rasa joins them: the order of
``message.features``) are joined into the same matrix directly. The model, its training and its predictions are
Rasa's: the matrix is the one Rasa builds (tests/e2e/test_rasa_intent_classifier.py compares them on every NLU
example). A message with dense text features (no such featurizer in config.yml today) takes Rasa's own path. Runs in
Rasa's interpreter (.venv-rasa, Python 3.10).

A long story whose last sentence is a question (probe 117: eight sentences of AAP stopped, a partner gone, children,
a late power bill, then "hvilke papirer må jeg legge ved når jeg søker om sosialhjelp?") is read by that question
when the model is sure of it (LAST_QUESTION_SURE): the message's features are the sum of its words' (the count
vectors) and the story's words outweighed the question's (it was eligibility at 1.00). The question's row is built
from the featurizers' own per-token rows, the way each builds its sentence row (counts summed, regex matches as 0/1).
"""

from __future__ import annotations

import re

import numpy as np
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, FEATURE_TYPE_SEQUENCE, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.utils.tensorflow.constants import RANKING_LENGTH
from scipy.sparse import csr_matrix, hstack

# A story: at least this many tokens and three sentences, the last one a question.
LONG_STORY_TOKENS = 40
SENTENCE_END = re.compile(r"[.!?]+\s+")
# The question alone decides when the model gives it at least this probability; an acute need read in the whole
# story stays (its answer gives the numbers and a person; the question after it is answered in that thread).
LAST_QUESTION_SURE = 0.8
KEPT_FROM_THE_STORY = frozenset({"sosialhjelp_emergency"})


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LogisticRegressionIntentClassifier(LogisticRegressionClassifier):
    def _create_X(self, messages: list[Message]) -> csr_matrix:
        found = [_sentence_row(message) for message in messages]
        rows = [row for row in found if row is not None]
        if len(rows) != len(found) or len({width for _, _, width in rows}) != 1:
            return super()._create_X(messages)
        indptr = np.cumsum([0] + [len(columns) for columns, _, _ in rows])
        columns = np.concatenate([columns for columns, _, _ in rows])
        values = np.concatenate([values for _, values, _ in rows]).astype(np.float64)
        matrix = csr_matrix((values, columns, indptr), shape=(len(rows), rows[0][2]))
        matrix.sum_duplicates()
        return matrix

    def process(self, messages: list[Message]) -> list[Message]:
        messages = super().process(messages)
        for message in messages:
            row = None if (message.get("intent") or {}).get("name") in KEPT_FROM_THE_STORY \
                else _last_question_row(message)
            if row is None:
                continue
            probabilities = self.clf.predict_proba(row)[0]
            if probabilities.max() < LAST_QUESTION_SURE:
                continue
            ranking = sorted(({"name": name, "confidence": confidence}
                              for name, confidence in zip(self.clf.classes_, probabilities, strict=True)),
                             key=lambda e: -e["confidence"])
            message.set("intent", ranking[0], add_to_output=True)
            length = self.config[RANKING_LENGTH]
            message.set("intent_ranking", ranking[:length] if length > 0 else ranking, add_to_output=True)
        return messages


def _last_question_row(message: Message) -> csr_matrix | None:
    """The sentence row of a long story's last sentence when that is a question (from each featurizer's per-token
    rows: summed counts, or 0/1 for regex matches); None for any other message."""
    text = str(message.get(TEXT) or "").rstrip()
    tokens = message.get(TOKENS_NAMES[TEXT]) or []
    if len(tokens) < LONG_STORY_TOKENS or not text.endswith("?"):
        return None
    ends = [match.end() for match in SENTENCE_END.finditer(text[:-1])]
    if len(ends) < 2:
        return None
    chosen = [i for i, token in enumerate(tokens) if token.start >= ends[-1]]
    if not chosen:
        return None
    parts = []
    for sentence in message.features:
        if sentence.attribute != TEXT or sentence.type != FEATURE_TYPE_SENTENCE:
            continue
        if sentence.is_dense():
            return None
        sequence = next((f for f in message.features if f.attribute == TEXT and f.type == FEATURE_TYPE_SEQUENCE
                         and f.origin == sentence.origin and not f.is_dense()), None)
        if sequence is None or sequence.features.shape[0] != len(tokens):
            return None
        rows = sequence.features.tocsr()[chosen]
        summed = np.asarray(rows.sum(axis=0))
        if "Regex" in str(sentence.origin):
            summed = (summed > 0).astype(np.float64)
        parts.append(csr_matrix(summed))
    return hstack(parts, format="csr") if parts else None


def _sentence_row(message: Message) -> tuple[np.ndarray, np.ndarray, int] | None:
    """The message's sparse sentence features as one row (columns, values, width), or None where Rasa's own path
    is needed: no sparse sentence features, or dense text features to join as well."""
    columns, values, width = [], [], 0
    for features in message.features:
        if features.attribute != TEXT:
            continue
        if features.is_dense():
            return None
        if features.type != FEATURE_TYPE_SENTENCE:
            continue
        row = features.features.tocoo()
        if row.shape[0] != 1:
            return None
        columns.append(row.col.astype(np.int64) + width)
        values.append(row.data)
        width += row.shape[1]
    if not columns:
        return None
    return np.concatenate(columns), np.concatenate(values), width
