"""The turn speed-ups (bot/components/turn_speedups.py) change nothing Rasa decides: each is
compared with Rasa's own code on the same input, and the trained bot's RulePolicy predicts the
same for conversations made up of its own intents, forms and actions."""
from __future__ import annotations

import asyncio
import copy
import os
import random
from contextlib import contextmanager
from pathlib import Path

import dask
import pytest
import rasa.shared.core.trackers as rasa_trackers
from components import rasa_patches, turn_speedups
from rasa.core.policies.rule_policy import RulePolicy
from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import GraphSchema, SchemaNode
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.shared.core.events import (
    ActionExecuted,
    ActiveLoop,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.slots import AnySlot, BooleanSlot, CategoricalSlot, FloatSlot, ListSlot, TextSlot
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses

RASAS_PROCESS_TRAINING_DATA = CountVectorsFeaturizer.__dict__["process_training_data"]
REPO = Path(__file__).resolve().parents[2]
MODEL = Path(os.environ.get("OPAS_MODEL_DIR", REPO / "var" / "models")) / "opas.tar.gz"


@contextmanager
def rasas_own_code():
    """Rasa's functions in place of the speed-ups, for the length of the block."""
    patched = {(Event, "resolve_by_type"): Event.__dict__["resolve_by_type"],
               (GraphSchema, "minimal_graph_schema"): GraphSchema.minimal_graph_schema,
               (DaskGraphRunner, "run"): DaskGraphRunner.run,
               (RulePolicy, "_get_possible_keys"): RulePolicy._get_possible_keys,
               (RulePolicy, "_prediction_states"): RulePolicy._prediction_states,
               (DialogueStateTracker, "past_states"): DialogueStateTracker.past_states,
               (DialogueStateTracker, "applied_events"): DialogueStateTracker.applied_events,
               (rasa_trackers, "copy"): rasa_trackers.copy,
               (CountVectorsFeaturizer, "process"): CountVectorsFeaturizer.process,
               (CountVectorsFeaturizer, "process_training_data"): CountVectorsFeaturizer.process_training_data}
    Event.resolve_by_type = staticmethod(turn_speedups._rasa_resolve_by_type)
    GraphSchema.minimal_graph_schema = turn_speedups._rasa_minimal_graph_schema
    DaskGraphRunner.run = turn_speedups._rasa_run
    RulePolicy._get_possible_keys = turn_speedups._rasa_get_possible_keys
    RulePolicy._prediction_states = turn_speedups._rasa_prediction_states
    DialogueStateTracker.past_states = turn_speedups._rasa_past_states
    DialogueStateTracker.applied_events = turn_speedups._rasa_applied_events
    rasa_trackers.copy = copy
    CountVectorsFeaturizer.process = turn_speedups._rasa_count_vectors_process
    CountVectorsFeaturizer.process_training_data = RASAS_PROCESS_TRAINING_DATA
    try:
        yield
    finally:
        for (owner, name), value in patched.items():
            setattr(owner, name, value)


def setup_module():
    rasa_patches.apply()


def test_the_speedups_are_applied():
    assert DaskGraphRunner.run is turn_speedups.run_graph
    assert RulePolicy._get_possible_keys is turn_speedups.get_possible_keys
    assert rasa_trackers.copy is turn_speedups._trackers_copy
    assert DialogueStateTracker.applied_events is turn_speedups.applied_events


def random_events(chooser: random.Random, length: int) -> list:
    """Events of every kind `applied_events` treats apart: restarts, undone actions and messages,
    forms activated, run, interrupted and left, in any order."""
    from rasa.shared.core.events import (
        ActionExecutionRejected,
        ActionReverted,
        LoopInterrupted,
        Restarted,
        UserUtteranceReverted,
    )

    makers = [
        lambda: UserUttered("hei", {"name": "greet", "confidence": 1.0}),
        lambda: ActionExecuted("action_listen"), lambda: ActionExecuted("utter_greet"),
        lambda: ActionExecuted("booking_form"), lambda: ActionExecuted("contact_form"),
        lambda: ActiveLoop("booking_form"), lambda: ActiveLoop("contact_form"), lambda: ActiveLoop(None),
        lambda: SlotSet("language", chooser.choice(["fi", "sv", None])), lambda: BotUttered("moi"),
        lambda: ActionExecutionRejected("booking_form"), lambda: LoopInterrupted(chooser.random() < 0.5),
        ActionReverted, UserUtteranceReverted, Restarted, SessionStarted,
    ]
    weights = [6, 6, 3, 4, 2, 2, 1, 2, 2, 2, 1, 1, 1, 1, 0.3, 0.3]
    return [chooser.choices(makers, weights)[0]() for _ in range(length)]


def test_the_events_that_apply_are_the_ones_rasa_finds():
    chooser = random.Random(7)
    compared = undone = 0
    for number in range(400):
        events = random_events(chooser, chooser.randint(0, 60))
        tracker = DialogueStateTracker(f"a{number}", [])
        tracker.events.extend(events)  # as stored: replaying would already apply them
        ours = tracker.applied_events()
        with rasas_own_code():
            rasas = tracker.applied_events()
        assert [id(event) for event in ours] == [id(event) for event in rasas], [e.as_dict() for e in events]
        compared += 1
        undone += len(rasas) < len(events)
    assert compared == 400 and undone > 300


def test_the_loaded_model_is_kept_out_of_the_collectors_way(monkeypatch):
    import asyncio
    import gc
    import weakref

    import rasa.core.agent as rasa_agent

    class Node:
        pass

    async def rasas_load_agent(*args, **kwargs):
        return "agent", args, kwargs

    monkeypatch.setattr(turn_speedups, "_rasa_load_agent", rasas_load_agent)
    assert rasa_agent.load_agent is turn_speedups.load_agent  # what the server calls, at start and on a new model
    garbage = Node()
    garbage.itself = garbage  # a cycle: only a collection frees it
    gone = weakref.ref(garbage)
    del garbage
    try:
        assert asyncio.run(rasa_agent.load_agent("model.tar.gz", endpoints=None)) == \
            ("agent", ("model.tar.gz",), {"endpoints": None})
        assert gone() is None  # collected first, not frozen
        assert gc.get_freeze_count() > 10_000  # what was loaded stays out of later collections
    finally:
        gc.unfreeze()


def test_every_event_type_resolves_to_the_class_rasa_finds():
    names = {cls.type_name for cls in all_subclasses(Event)}
    assert len(names) > 20
    for name in sorted(names):
        assert turn_speedups.resolve_by_type(name) is turn_speedups._rasa_resolve_by_type(name)
    assert turn_speedups.resolve_by_type("no such event", SlotSet) is SlotSet
    assert turn_speedups.resolve_by_type("topic") is None
    with pytest.raises(ValueError):
        turn_speedups.resolve_by_type("no such event")


@pytest.mark.parametrize("slot", [
    TextSlot("t", mappings=[{"type": "custom"}], initial_value="a"),
    ListSlot("l", mappings=[{"type": "custom"}], initial_value=[1, 2]),
    BooleanSlot("b", mappings=[{"type": "custom"}], initial_value=True),
    CategoricalSlot("c", mappings=[{"type": "custom"}], values=["x", "y"], initial_value="x"),
    FloatSlot("f", mappings=[{"type": "custom"}], initial_value=0.5),
    AnySlot("a", mappings=[{"type": "custom"}], initial_value={"k": 1}),
])
def test_a_slot_is_copied_as_copy_copies_it(slot):
    slot.value = slot.initial_value
    ours, rasas = turn_speedups.shallow_copy(slot), copy.copy(slot)
    assert type(ours) is type(rasas) and ours is not slot
    assert ours.__dict__ == rasas.__dict__
    assert ours.value is slot.value  # shallow, as copy.copy
    ours.value = None
    assert slot.value == slot.initial_value


def test_objects_that_copy_themselves_are_copied_by_copy_copy():
    class Counted:
        copies = 0

        def __copy__(self):
            Counted.copies += 1
            return Counted()

    turn_speedups.shallow_copy(Counted())
    assert Counted.copies == 1
    assert turn_speedups.shallow_copy([1, 2]) == [1, 2]


def test_a_graph_runs_in_order_as_dask_runs_it():
    calls = []

    def node(name):
        def run(*inputs):
            calls.append(name)
            return name, (name, sorted(dict(inputs).items()) if inputs else None)
        return run

    graph = {"a": (node("a"), "input"), "b": (node("b"), "a"), "c": (node("c"), "a", "b"),
             "d": (node("d"), "c"), "unused": (node("unused"), "a"), "input": ("input", {"x": 1})}
    expected = dask.get(graph, ["d", "b"])
    calls.clear()
    assert turn_speedups.run_in_order(graph, ["d", "b"]) == expected
    assert calls == ["a", "b", "c", "d"]  # each needed node once, "unused" not at all


def test_the_minimal_schema_is_the_one_rasa_computes():
    schema = GraphSchema({
        "a": SchemaNode(needs={}, uses=RulePolicy, constructor_name="load", fn="predict", config={}),
        "b": SchemaNode(needs={"x": "a"}, uses=RulePolicy, constructor_name="load", fn="predict", config={}),
        "c": SchemaNode(needs={}, uses=RulePolicy, constructor_name="load", fn="predict", config={},
                        is_target=True),
    })
    for targets in (["b"], ["c"], ["a", "c"], None):
        ours = turn_speedups.minimal_graph_schema(schema, targets)
        assert ours.as_dict() == turn_speedups._rasa_minimal_graph_schema(schema, targets).as_dict()
        assert turn_speedups.minimal_graph_schema(schema, targets) is ours  # once per target set


def test_states_are_computed_once_while_the_tracker_does_not_change():
    tracker = DialogueStateTracker.from_events("s", [ActionExecuted("action_listen")], [])
    domain = small_domain()
    first = tracker.past_states(domain)
    first[0].clear()  # a caller edits what it gets: the next caller does not see it
    assert tracker.past_states(domain) == turn_speedups._rasa_past_states(tracker, domain)
    tracker.update(UserUttered("hi", {"name": "greet", "confidence": 1.0}))
    assert tracker.past_states(domain) == turn_speedups._rasa_past_states(tracker, domain)


def small_domain():
    from rasa.shared.core.domain import Domain
    return Domain.from_dict({"intents": ["greet"], "responses": {"utter_greet": [{"text": "hi"}]}})


# --- the trained bot's RulePolicy, with and without the speed-ups --------------------------------
@pytest.fixture(scope="module")
def agent():
    if not MODEL.exists():
        pytest.fail(f"no trained model at {MODEL}: `make test` trains it first (make bot-train)")
    from rasa.core.agent import Agent

    return Agent.load(str(MODEL))


@pytest.fixture(scope="module")
def trained(agent):
    policies = [node._component for node in agent.processor.graph_runner._instantiated_nodes.values()
                if isinstance(getattr(node, "_component", None), RulePolicy)]
    assert len(policies) == 1
    return agent.domain, policies[0]


def made_up_conversations(domain, policy, count: int, seed: int):
    """Conversations of the bot's own intents, where the bot does what its rules predict (and a
    form is sometimes active or left), as trackers at every point where the bot predicts."""
    chooser = random.Random(seed)
    intents = sorted(domain.intents)
    forms = sorted(domain.form_names)
    offer_values = [None, "offered", "needs_place"]
    for number in range(count):
        tracker = DialogueStateTracker.from_events(f"c{number}", [
            ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")],
            domain.slots)
        for _turn in range(chooser.randint(3, 25)):
            intent = chooser.choice(intents)
            tracker.update(UserUttered(f"/{intent}", {"name": intent, "confidence": 1.0}))
            if chooser.random() < 0.15 and "handoff_offer" in tracker.slots:
                tracker.update(SlotSet("handoff_offer", chooser.choice(offer_values)))
            if forms and chooser.random() < 0.1:
                tracker.update(ActiveLoop(chooser.choice([*forms, None])))
            for _step in range(4):
                yield tracker
                with rasas_own_code():
                    prediction = policy.predict_action_probabilities(tracker, domain)
                action = domain.action_names_or_texts[prediction.probabilities.index(max(prediction.probabilities))]
                tracker.update_with_events(prediction.events, domain)
                tracker.update(ActionExecuted(action))
                if action == "action_listen":
                    break
                tracker.update(BotUttered(f"reply to {intent}"))
            else:
                tracker.update(ActionExecuted("action_listen"))


def test_rulepolicy_predicts_what_it_predicted_without_the_speedups(trained):
    domain, policy = trained
    rules = set(policy.lookup["rules"])
    compared, by_rules = 0, 0
    for tracker in made_up_conversations(domain, policy, count=40, seed=12):
        ours, our_rule = policy._predict(tracker, domain)
        with rasas_own_code():
            rasas, rasas_rule = policy._predict(tracker, domain)
        assert ours.probabilities == rasas.probabilities, [e.as_dict() for e in tracker.events][-6:]
        assert (ours.events, ours.hide_rule_turn, ours.is_end_to_end_prediction, ours.is_no_user_prediction) == \
               (rasas.events, rasas.hide_rule_turn, rasas.is_end_to_end_prediction, rasas.is_no_user_prediction)
        # The same rule decided (where none did, the key of the states is no rule's in either).
        assert (our_rule if our_rule in rules else None) == (rasas_rule if rasas_rule in rules else None)
        # Underneath: the last states RulePolicy is given are the last of all the states, as many
        # as one more than its longest rule, and they leave the same rules possible.
        window = turn_speedups.rule_window(policy)
        our_states = policy._prediction_states(tracker, domain)
        with rasas_own_code():
            all_states = policy._prediction_states(tracker, domain)
            rasas_keys = policy._get_possible_keys(policy.lookup["rules"], all_states)
        assert our_states == all_states[-window:]
        assert policy._get_possible_keys(policy.lookup["rules"], our_states) == rasas_keys
        compared += 1
        by_rules += rasas_rule in rules
    assert compared > 300 and by_rules > 200


def test_the_same_rules_stay_possible_for_states_made_of_the_rules_own(trained):
    """Every rule's states as a conversation's, and with their first state swapped for another
    rule's: where the longest rules differ only far back, stopping early must still tell them apart."""
    _domain, policy = trained
    for lookup_name in ("rules", "rules_for_loop_unhappy_path"):
        lookup = policy.lookup[lookup_name]
        rule_states = [policy._rule_key_to_state(key) for key in sorted(lookup)]
        chooser = random.Random(3)
        checked = 0
        for states in rule_states:
            for other in [states, *chooser.sample(rule_states, 8)]:
                conversation = [dict(other[0]), *[dict(state) for state in states[1:]]] if len(states) > 1 else states
                expected = turn_speedups._rasa_get_possible_keys(policy, lookup, conversation)
                assert turn_speedups.get_possible_keys(policy, lookup, conversation) == expected
                checked += 1
        assert checked > 9 * len(lookup) - 1


MESSAGES = ["what is multilingual civic orientation?", "kuinka kauan se kestää", "I live in Loviisa",
            "ما هي خطة الاندماج؟", "Porvoo", "hej, kan jag studera svenska?", "040 1234567", "?", "ok",
            "Я переехал в Ловийсу, что делать?", "/inform{\"municipality\": \"porvoo\"}", "a " * 300]


def test_a_user_message_is_understood_as_before(agent):
    """The whole NLU pipeline, sentence features only: the same intents, scores and entities."""
    for text in MESSAGES:
        ours = asyncio.run(agent.parse_message(text))
        with rasas_own_code():
            rasas = asyncio.run(agent.parse_message(text))
        assert rounded(ours) == rounded(rasas), text


def rounded(value):
    """Floats to 9 digits: lingua's confidence differs in its last digit from call to call."""
    if isinstance(value, float):
        return round(value, 9)
    if isinstance(value, dict):
        return {key: rounded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [rounded(item) for item in value]
    return value


def test_the_sentence_features_are_the_ones_rasa_makes(agent):
    from rasa.shared.nlu.constants import TEXT
    from rasa.shared.nlu.training_data.message import Message

    featurizers = [node._component for node in agent.processor.graph_runner._instantiated_nodes.values()
                   if isinstance(getattr(node, "_component", None), CountVectorsFeaturizer)]
    tokenizer = next(node._component for node in agent.processor.graph_runner._instantiated_nodes.values()
                     if type(getattr(node, "_component", None)).__name__ == "WhitespaceTokenizer")
    assert len(featurizers) == 2
    for text in MESSAGES[:6]:
        ours, rasas = Message(data={TEXT: text}), Message(data={TEXT: text})
        tokenizer.process([ours, rasas])
        for featurizer in featurizers:
            turn_speedups.sentence_features_only(featurizer, [ours])
            turn_speedups._rasa_count_vectors_process(featurizer, [rasas])
        ours_sentence = [f.features.toarray().tolist() for f in ours.features if f.type == "sentence"]
        rasas_sentence = [f.features.toarray().tolist() for f in rasas.features if f.type == "sentence"]
        assert ours_sentence == rasas_sentence and len(ours_sentence) == 2
        assert [f for f in ours.features if f.type == "sequence"] == []


def test_a_user_message_takes_the_short_way(agent, monkeypatch):
    """Rasa's own featurizing only for what is not a plain user message (none here)."""
    calls = []
    monkeypatch.setattr(turn_speedups, "_rasa_count_vectors_process", lambda self, messages: calls.append(messages))
    asyncio.run(agent.parse_message("how long does the integration plan take?"))
    assert calls == []


def test_a_node_that_fails_fails_the_run_as_under_dask():
    def broken(*_inputs):
        raise RuntimeError("a node failed")

    schema = GraphSchema({"a": SchemaNode(needs={}, uses=RulePolicy, constructor_name="load", fn="predict",
                                          config={}, is_target=True)})
    runner = DaskGraphRunner.__new__(DaskGraphRunner)
    runner._graph_schema = schema
    runner._instantiated_nodes = {"a": broken}
    runner._execution_context = None
    for run in (turn_speedups.run_graph, turn_speedups._rasa_run):
        with pytest.raises(GraphRunError):
            run(runner, targets=["a"])
