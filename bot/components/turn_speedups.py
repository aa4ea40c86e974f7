"""Measured speed-ups of a Rasa 3.6 turn that leave its behaviour exactly as it was.

Profiled under load (py-spy on `make run`'s Rasa with the Redis stores, 20 conversations of 20
turns; cProfile in process), a turn spent its CPU on work whose result never changes
(docs/performance.md, "2026-12-03 evening"):

- **An event's class was looked up by scanning every class.** Reading a conversation from the
  store turns each stored event into its class with `Event.resolve_by_type`, which walks all
  subclasses of `Event` (and asks `inspect.isabstract` of each) for every event: 14% of the
  server's CPU. The class of each type name is now remembered after the first scan.
- **The graph's minimal schema was rebuilt for every run.** Rasa runs three graphs a turn (NLU,
  and the policies once per predicted action) and first finds, recursively, every node the
  targets need. The schema does not change after loading: it is computed once per target set.
- **The graph ran on dask's scheduler.** `dask.get` sets up queues, callbacks and a state
  machine for every run of ten or so nodes that only ever run one after the other in this
  process. They now run in dependency order directly, each node once, with the same inputs and
  the same results; a node's `RuntimeError` still becomes Rasa's `GraphRunError`, as it did
  under dask.
- **RulePolicy compared every rule against every past state.** A rule of `n` states can only
  fail on the last `n` states of the conversation (`_is_rule_applicable` answers True for any
  earlier one), yet every state of the conversation was checked against every remaining rule.
  The check now stops after the longest rule's length (3 states here), and on the last state
  it skips the rules whose last state names another previous action (they cannot match: a
  named value must be equal): the same set of matching rules.
- **RulePolicy turned the whole conversation into states for every prediction**, though only
  the longest rule's length of them is compared. It now gets the last states, one more than the
  longest rule, so that the key it makes of them when no rule matches cannot equal a rule's key
  unless the whole conversation's would (`hide_rule_turn`): the conversation is still replayed
  from its start (the slots), but a state is made only for the last turns.
- **Every new tracker copied each of the domain's 36 slots with `copy.copy`** (seven trackers a
  turn: replays, copies, past states), which goes through `__reduce_ex__` for these plain
  objects. A plain object is now copied as `copy.copy` copies it, its `__dict__` into a new
  instance of its class, directly; any other object still by `copy.copy`.
- **The n-gram featurizers made token-level features that nothing reads.** For each user
  message both CountVectors featurizers also vectorised every token on its own (a sparse row per
  token) for the sequence features; the classifier reads only the sentence features, and no
  other component reads either. A user message now gets its sentence features only, the same
  matrix as before; training data, and any message with more than a text, as before.
- **Which events apply was decided by `isinstance` against abstract classes.** `applied_events`
  (five times a turn, over the whole conversation) asks each event whether it is one of five
  event classes; `Event` is an ABC, so every question goes through `ABCMeta.__instancecheck__`:
  about 2,500 of them a turn. The answer depends only on the event's class, so it is looked up
  once per class; the undoing of reverted turns and form turns is Rasa's own.
- **The garbage collector walked the whole model on every full collection.** A Rasa process
  holds about 560,000 objects once its model is loaded (the model, lingua's language models, the
  gazetteer), none of which ever becomes garbage, and a full collection visits them all: 180 ms,
  twice in 80 turns, 4.8 ms a turn (scripts/turn_cpu.py --breakdown). What the process holds
  once the model has loaded is now moved out of the collector's sight (`gc.freeze`, as long-lived
  servers do), so that a collection visits what the turns make. Nothing is kept that would
  otherwise be freed: the collector runs first.
- **RulePolicy computed the conversation's states twice per prediction** (once for the text of
  the last message, once for its intent), each time replaying the whole conversation. The states
  of one unchanged tracker are now computed once and copied for the second use.
"""
from __future__ import annotations

import copy
import copyreg
import gc
import types
from typing import Any, Dict, List, Optional, Text, Tuple, Type

import rasa.core.agent as rasa_agent
import rasa.shared.core.trackers as rasa_trackers
from rasa.core.policies.rule_policy import RULES, RULES_FOR_LOOP_UNHAPPY_PATH, RulePolicy
from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import GraphSchema
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.nlu.featurizers.sparse_featurizer.count_vectors_featurizer import CountVectorsFeaturizer
from rasa.shared.core.constants import PREVIOUS_ACTION, SHOULD_NOT_BE_SET
from rasa.shared.core.events import (
    ActionExecuted,
    ActionReverted,
    ActiveLoop,
    Event,
    Restarted,
    SessionStarted,
    UserUtteranceReverted,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import ACTION_NAME, TEXT, TEXT_TOKENS
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

_rasa_resolve_by_type = Event.resolve_by_type
_rasa_minimal_graph_schema = GraphSchema.minimal_graph_schema
_rasa_run = DaskGraphRunner.run
_rasa_count_vectors_process = CountVectorsFeaturizer.process
_rasa_get_possible_keys = RulePolicy._get_possible_keys
_rasa_past_states = DialogueStateTracker.past_states
_rasa_prediction_states = RulePolicy._prediction_states
_rasa_applied_events = DialogueStateTracker.applied_events
_rasa_load_agent = rasa_agent.load_agent

# --- event classes ------------------------------------------------------------------------------
_event_classes: Dict[Text, Type[Event]] = {}


def resolve_by_type(type_name: Text, default: Optional[Type[Event]] = None) -> Optional[Type[Event]]:
    """`Event.resolve_by_type`, remembering each class found (a miss scans again, as before)."""
    known = _event_classes.get(type_name)
    if known is not None:
        return known
    found = _rasa_resolve_by_type(type_name, default)
    if found is not None and found is not default and getattr(found, "type_name", None) == type_name:
        _event_classes[type_name] = found
    return found


# --- the loaded model, out of the garbage collector's way ----------------------------------------
def freeze_what_is_loaded() -> None:
    """Collects what is garbage now, then keeps every object left out of later collections."""
    gc.collect()
    gc.freeze()


async def load_agent(*args: Any, **kwargs: Any) -> Any:
    """`rasa.core.agent.load_agent` (the server's model, at start and on a new model), then
    `freeze_what_is_loaded`."""
    agent = await _rasa_load_agent(*args, **kwargs)
    freeze_what_is_loaded()
    return agent


# --- which events apply ------------------------------------------------------------------------
#: What `applied_events` asks of an event, in its order: a restart, an undone action, an undone
#: user message, an action, or anything else; and, apart, whether it activates a form.
RESTART, ACTION_UNDONE, USER_UNDONE, ACTION, OTHER = range(5)
_kinds: Dict[type, Tuple[int, bool]] = {}


def kind_of(cls: type) -> Tuple[int, bool]:
    """The answers `applied_events` gets from `isinstance` for an event of class `cls`."""
    known = _kinds.get(cls)
    if known is None:
        kind = (RESTART if issubclass(cls, (Restarted, SessionStarted)) else
                ACTION_UNDONE if issubclass(cls, ActionReverted) else
                USER_UNDONE if issubclass(cls, UserUtteranceReverted) else
                ACTION if issubclass(cls, ActionExecuted) else OTHER)
        known = _kinds[cls] = (kind, issubclass(cls, ActiveLoop))
    return known


def applied_events(self: DialogueStateTracker) -> List[Event]:
    """`DialogueStateTracker.applied_events`, each event's class asked about once per class."""
    events = list(self.events)
    kinds = [kind_of(type(event)) for event in events]
    loop_names = [event.name for event, (_, is_loop) in zip(events, kinds, strict=True) if is_loop and event.name]
    applied: List[Event] = []
    for event, (kind, _) in zip(events, kinds, strict=True):
        if kind == RESTART:
            applied = []
        elif kind == ACTION_UNDONE:
            self._undo_till_previous(ActionExecuted, applied)
        elif kind == USER_UNDONE:
            self._undo_till_previous(UserUttered, applied)
            self._undo_till_previous(ActionExecuted, applied)
        elif (kind == ACTION and event.action_name in loop_names
              and not self._first_loop_execution_or_unhappy_path(event.action_name, applied)):
            self._undo_till_previous_loop_execution(event.action_name, applied)
        else:
            applied.append(event)
    return applied


# --- slots copied into every new tracker ------------------------------------------------------
_plain_classes: Dict[type, bool] = {}


def _is_plain(cls: type) -> bool:
    """Whether `copy.copy` copies instances of `cls` as `__newobj__` + `__dict__.update`."""
    if cls not in _plain_classes:
        _plain_classes[cls] = (
            "__copy__" not in dir(cls) and not copyreg._slotnames(cls)  # ABC's empty __slots__ is none
            and cls.__reduce_ex__ is object.__reduce_ex__ and cls.__reduce__ is object.__reduce__
            and getattr(cls, "__getstate__", None) is getattr(object, "__getstate__", None)
            and not hasattr(cls, "__setstate__") and cls.__new__ is object.__new__
        )
    return _plain_classes[cls]


def shallow_copy(value: Any) -> Any:
    """`copy.copy(value)`, directly for a plain object."""
    cls = type(value)
    if _is_plain(cls) and hasattr(value, "__dict__"):
        duplicate = object.__new__(cls)
        duplicate.__dict__.update(value.__dict__)
        return duplicate
    return copy.copy(value)


#: What `rasa.shared.core.trackers` sees as its `copy` module (it only calls `copy.copy`).
_trackers_copy = types.SimpleNamespace(copy=shallow_copy, deepcopy=copy.deepcopy)


# --- n-gram features of a user message -----------------------------------------------------------
#: What a user message holds when the featurizers see it (text, tokens, the earlier annotations).
USER_MESSAGE_KEYS = {TEXT, TEXT_TOKENS, "message_id", "metadata", "language_detection", "entities"}


# `self` has no annotation in these two: Rasa validates a component's methods by their signatures
# and would take an annotated `self` for an input the graph must give.
def sentence_features_only(self, messages: List[Message]) -> List[Message]:
    """`CountVectorsFeaturizer.process` for the user's messages, without sequence features."""
    for message in messages:
        tokens = self._get_processed_message_tokens_by_attribute(message, TEXT)
        vectorizer = (self.vectorizers or {}).get(TEXT)
        if not vectorizer or not tokens or set(message.data) - USER_MESSAGE_KEYS:
            _rasa_count_vectors_process(self, [message])
            continue
        sentence = vectorizer.transform([" ".join(tokens)])  # as `_create_features` makes it
        sentence.sort_indices()
        self.add_features_to_message(None, sentence.tocoo(), TEXT, message)
    return messages


def count_vectors_training_data(self, training_data: TrainingData) -> TrainingData:
    """`CountVectorsFeaturizer.process_training_data`: every feature, as Rasa makes them."""
    _rasa_count_vectors_process(self, training_data.training_examples)
    return training_data


# --- graphs -------------------------------------------------------------------------------------
def minimal_graph_schema(self: GraphSchema, targets: Optional[List[Text]] = None) -> GraphSchema:
    """The schema's minimal schema for `targets`, computed once per target set."""
    cache = self.__dict__.setdefault("_opas_minimal_schemas", {})
    key = tuple(targets) if targets else None
    if key not in cache:
        cache[key] = _rasa_minimal_graph_schema(self, targets)
    return cache[key]


def run_in_order(graph: Dict[Text, Any], targets: List[Text]) -> Tuple[Any, ...]:
    """What `dask.get(graph, targets)` returns for Rasa's graphs, without dask's scheduler.

    Each task is `(node, *names of the nodes it needs)`, or an input `(name, value)` (Rasa's
    `_add_inputs_to_graph`): dask treats a tuple as a task only when its first item is callable,
    and passes any other as it is. A node returns `(its name, its output)`, as an input is.
    """
    results: Dict[Text, Any] = {}

    def value_of(name: Text) -> Any:
        if name in results:
            return results[name]
        task = graph[name]
        if isinstance(task, tuple) and task and callable(task[0]):
            function, *needs = task
            value = function(*[value_of(need) if isinstance(need, str) and need in graph else need
                                for need in needs])
        else:  # a literal: an input is `(name, value)`, as every node's own result is
            value = task
        results[name] = value
        return value

    return tuple(value_of(target) for target in targets)


def run_graph(self: DaskGraphRunner, inputs: Optional[Dict[Text, Any]] = None,
              targets: Optional[List[Text]] = None) -> Dict[Text, Any]:
    """`DaskGraphRunner.run` (the same schema, graph and inputs), run by `run_in_order`."""
    run_targets = targets if targets else self._graph_schema.target_names
    run_graph_ = self._build_dask_graph(self._graph_schema.minimal_graph_schema(run_targets))
    if inputs:
        self._add_inputs_to_graph(inputs, run_graph_)
    try:
        return dict(run_in_order(run_graph_, run_targets))
    except RuntimeError as error:  # as Rasa wraps what `dask.get` raises
        raise GraphRunError("Error running runner.") from error


# --- RulePolicy ---------------------------------------------------------------------------------
def _rules_of(policy: RulePolicy, lookup: Dict[Text, Text]) -> Tuple[int, Dict[Optional[Text], set], set]:
    """The longest rule of `lookup`, its rules by the previous action their last state names,
    and the rules whose last state names none (computed once per lookup)."""
    known = policy.__dict__.setdefault("_opas_rules", {})
    if id(lookup) not in known or known[id(lookup)][0] is not lookup:
        by_action: Dict[Optional[Text], set] = {}
        unnamed: set = set()
        longest = 0
        for key in lookup:
            states = policy._rule_key_to_state(key)
            longest = max(longest, len(states))
            action = (states[-1].get(PREVIOUS_ACTION) or {}).get(ACTION_NAME) if states else None
            if isinstance(action, str) and action and action != SHOULD_NOT_BE_SET:
                by_action.setdefault(action, set()).add(key)
            else:
                unnamed.add(key)
        known[id(lookup)] = (lookup, (longest, by_action, unnamed))
    return known[id(lookup)][1]


def rule_window(policy: RulePolicy) -> int:
    """How many of the last states RulePolicy needs: one more than its longest rule."""
    lookups = [policy.lookup.get(name) or {} for name in (RULES, RULES_FOR_LOOP_UNHAPPY_PATH)]
    return 1 + max(_rules_of(policy, lookup)[0] for lookup in lookups)


def get_possible_keys(self: RulePolicy, lookup: Dict[Text, Text], states: List[Dict]) -> set:
    """`RulePolicy._get_possible_keys`, looking back no further than the longest rule."""
    if not states:
        return set(lookup)
    longest, by_action, unnamed = _rules_of(self, lookup)
    # On the last state, a rule naming another previous action cannot match (a named value must be equal).
    action = (states[-1].get(PREVIOUS_ACTION) or {}).get(ACTION_NAME)
    possible_keys = unnamed | by_action.get(action, set()) if action else set(unnamed)
    for index, state in enumerate(reversed(states[-longest:] if longest else [])):
        possible_keys = {key for key in possible_keys if self._is_rule_applicable(key, index, state)}
        if not possible_keys:
            break
    return possible_keys  # every rule is applicable further back (`_is_rule_applicable`)


#: While RulePolicy makes its states: how many of the last ones it needs (see the module).
_states_window: List[Optional[int]] = [None]


def rule_prediction_states(self: RulePolicy, tracker: DialogueStateTracker, domain: Any,
                           use_text_for_last_user_input: bool = False,
                           rule_only_data: Optional[Dict[Text, Any]] = None) -> List[Dict]:
    """`RulePolicy._prediction_states` with the states of the last turns only (in a conversation:
    training checks its rules against whole rule trackers, as before)."""
    _states_window[0] = None if getattr(tracker, "is_rule_tracker", False) else rule_window(self)
    try:
        return _rasa_prediction_states(self, tracker, domain, use_text_for_last_user_input=use_text_for_last_user_input,
                                       rule_only_data=rule_only_data)
    finally:
        _states_window[0] = None


def last_states(tracker: DialogueStateTracker, domain: Any, window: int,
                omit_unset_slots: bool) -> List[Dict[Text, Dict[Text, Any]]]:
    """The last `window` of `domain.states_for_tracker_history(tracker, omit_unset_slots)`
    (without ignoring rule-only turns, as RulePolicy asks)."""
    applied = tracker.applied_events()  # what `generate_all_prior_trackers` replays, read once
    is_action = [kind_of(type(event))[0] == ACTION for event in applied]
    skip = 1 + sum(is_action) - window
    states, prior, index = [], tracker.init_copy(), 0
    for event, an_action in zip(applied, is_action, strict=True):
        if an_action:  # the tracker before each action
            if index >= skip:
                states.append(domain._clean_state(domain.get_active_state(prior, omit_unset_slots=omit_unset_slots)))
            index += 1
        prior.update(event)
    states.append(domain._clean_state(domain.get_active_state(prior, omit_unset_slots=omit_unset_slots)))
    return states


#: The last tracker asked, (its last event, the domain, its length, the flags and the window),
#: the rule-only data asked with, and its states.
_last_states: List[Any] = [None, None, None, None]


def _copy_states(states: List[Dict[Text, Dict[Text, Any]]]) -> List[Dict[Text, Dict[Text, Any]]]:
    """Two levels deep, as far as the featurizers change states (they delete sub-state keys)."""
    return [{kind: dict(sub_state) for kind, sub_state in state.items()} for state in states]


def past_states(self: DialogueStateTracker, domain: Any, omit_unset_slots: bool = False,
                ignore_rule_only_turns: bool = False, rule_only_data: Optional[Dict[Text, Any]] = None
                ) -> List[Dict[Text, Dict[Text, Any]]]:
    """`DialogueStateTracker.past_states`, computed once while the tracker does not change
    (and only the last ones while RulePolicy asks).

    A tracker changes only by new events (`update`), so the number of its events and its last
    event (the same object) tell whether it changed; the states are handed out as copies, since
    callers edit them.
    """
    window = _states_window[0] if not ignore_rule_only_turns else None
    last_event = self.events[-1] if self.events else None
    key = (len(self.events), omit_unset_slots, ignore_rule_only_turns, window)
    tracker, known, known_rule_only_data, states = _last_states
    if (tracker is not self or known is None or known[0] is not last_event or known[1] is not domain
            or known[2] != key or known_rule_only_data != rule_only_data):
        if window is None:
            states = _rasa_past_states(self, domain, omit_unset_slots=omit_unset_slots,
                                       ignore_rule_only_turns=ignore_rule_only_turns,
                                       rule_only_data=rule_only_data)
        else:
            states = last_states(self, domain, window, omit_unset_slots)
        _last_states[:] = [self, (last_event, domain, key), rule_only_data, _copy_states(states)]
        return states
    return _copy_states(states)


def apply() -> None:
    Event.resolve_by_type = staticmethod(resolve_by_type)
    GraphSchema.minimal_graph_schema = minimal_graph_schema
    DaskGraphRunner.run = run_graph
    RulePolicy._get_possible_keys = get_possible_keys
    RulePolicy._prediction_states = rule_prediction_states
    DialogueStateTracker.past_states = past_states
    DialogueStateTracker.applied_events = applied_events
    rasa_agent.load_agent = load_agent
    rasa_trackers.copy = _trackers_copy
    CountVectorsFeaturizer.process = sentence_features_only
    CountVectorsFeaturizer.process_training_data = count_vectors_training_data
