"""The compiled validation of action replies accepts and rejects exactly what Rasa's does."""
from __future__ import annotations

import jsonschema
import pytest
from components import rasa_patches
from rasa.core.actions.action import RemoteAction

rasa_patches.apply()  # as the launcher does before Rasa starts

GOOD = {"events": [{"event": "slot", "name": "language", "value": "fi"}], "responses": [{"text": "hei"}]}
GOOD_EVENTS = [{"event": "slot", "name": "x", "value": None}, {"event": "action", "name": "action_listen"},
               {"event": "active_loop", "name": None}, {"event": "followup", "name": "action_x"},
               {"event": "entities", "entities": [{"entity": "municipality", "value": "loviisa"}]},
               {"event": "bot", "text": "hei", "timestamp": 1.5, "metadata": {}}, {"event": "reset_slots"}]
BAD = [{"events": "not a list"}, {"responses": [1]}, {"events": [{"no": "event key"}]},
       {"events": [{"event": "slot"}]}, {"events": [{"event": "slot", "name": 3, "value": 1}]},
       {"events": [{"event": "no_such_event"}]}, {"events": [{"event": 7}]}, {"events": ["slot"]},
       {"events": [{"event": "entities"}]}, {"events": [{"event": "entities", "entities": [{"value": 1}]}]},
       {"events": [{"event": "bot", "timestamp": "yesterday"}]}, {"events": [{"event": "action", "name": 1}]}]


def test_the_speedup_is_applied():
    assert RemoteAction._validate_action_result.__module__ == "components.rasa_speedups"


def test_a_valid_reply_passes():
    assert RemoteAction("action_x", None)._validate_action_result(GOOD) is True


@pytest.mark.parametrize("event", GOOD_EVENTS)
def test_valid_events_pass_as_with_rasas_own_check(event):
    reply = {"events": [event], "responses": []}
    jsonschema.validate(reply, RemoteAction.action_response_format_spec())  # Rasa's original
    assert RemoteAction("action_x", None)._validate_action_result(reply) is True


@pytest.mark.parametrize("reply", BAD)
def test_invalid_replies_fail_as_with_rasas_own_check(reply):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(reply, RemoteAction.action_response_format_spec())  # Rasa's original
    with pytest.raises(jsonschema.ValidationError):
        RemoteAction("action_x", None)._validate_action_result(reply)


def test_the_classifier_scores_the_same_with_its_coefficients_column_major(monkeypatch):
    import numpy as np
    import scipy.sparse
    from components import rasa_speedups
    from rasa.nlu.classifiers.logistic_regression_classifier import LogisticRegressionClassifier
    from sklearn.linear_model import LogisticRegression

    rng = np.random.default_rng(7)
    features = scipy.sparse.random(60, 500, density=0.05, format="csr", random_state=7)
    model = LogisticRegression(max_iter=200).fit(features, rng.integers(0, 4, 60))
    expected = model.predict_proba(features[:5])

    class Loaded:
        clf = model

    monkeypatch.setattr(rasa_speedups, "_load_classifier", lambda cls, *a, **k: Loaded())
    component = LogisticRegressionClassifier.load({}, None, None, None)
    assert component.clf.coef_.T.flags["C_CONTIGUOUS"]  # no copy in the sparse product
    assert np.allclose(component.clf.predict_proba(features[:5]), expected)


def message_with_features(seed: int, dense: bool = False, canonical: bool = False):
    import numpy as np
    import scipy.sparse
    from rasa.shared.nlu.training_data.features import Features
    from rasa.shared.nlu.training_data.message import Message

    message = Message(data={"text": "hei"})
    for origin, width in (("words", 40), ("chars", 90)):
        message.add_features(Features(scipy.sparse.random(3, width, density=0.3, format="coo", random_state=seed),
                                      "sequence", "text", origin))
        sentence = scipy.sparse.random(1, width, density=0.3, format="coo", random_state=seed + 1)
        if canonical:  # as the featurizers make it: columns in order, integer counts
            sentence = (sentence * 10).astype(np.int64).tocsr().tocoo()
        message.add_features(Features(sentence, "sentence", "text", origin))
    message.add_features(Features(scipy.sparse.random(1, 7, density=0.5, format="coo", random_state=seed),
                                  "sentence", "intent", "words"))  # another attribute: not part of the row
    if dense:
        message.add_features(Features(np.arange(5, dtype=float).reshape(1, 5), "sentence", "text", "dense"))
    return message


@pytest.mark.parametrize("canonical", [False, True])
@pytest.mark.parametrize("dense", [False, True])
@pytest.mark.parametrize("seeds", [(1, 5, 9), (3,)])
def test_the_classifier_input_row_is_the_one_rasa_builds(dense, canonical, seeds):
    from components import rasa_speedups

    messages = [message_with_features(seed, dense, canonical) for seed in seeds]
    expected = rasa_speedups._rasa_create_x(None, messages)
    built = rasa_speedups._create_x(None, messages)
    assert built.shape == expected.shape == (len(seeds), 130 + (5 if dense else 0))
    assert built.format == expected.format == "csr" and built.dtype == expected.dtype
    assert (built != expected).nnz == 0
    assert built.has_sorted_indices and built.nnz == expected.nnz
