"""Choosing what answers a message: the place, the topic and the statements (docs/answer-selection.md).

Pure functions over a ContentIndex and one AnswerRequest. The order of the decisions:
1. the place: a covered place named in the message (the last one), else an uncovered one named,
   else the conversation's place;
2. "more about this topic" (a button or "tell me more");
3. out of scope: a subject the programme does not cover (housing, health care, ...) named in a
   message that does not name the programme;
4. first steps ("I just moved to X, what now?");
5. the topic: the classifier's prior, the retrieval score of the topic's best statement, and the
   conversation's topic, which a short follow-up ("how long does it take?") keeps;
6. the statements of that topic that apply to the user, ranked by how well they answer the
   question (retrieval, the kind of question, how specific they are to the user), one or two
   within about 600 characters; a kind of question no statement answers is said to be unanswered.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

from placenames.normalize import normalize

from .index import FLOW_TOPICS, ContentIndex, PlaceEntry, StatementEntry, TopicEntry, content_languages
from .schemas import AnswerRequest

TOPIC_INTENT_PREFIX = "ask_"
FIRST_STEPS = "first_steps"
FOLLOWUP_INTENT = "ask_followup"
MORE_INTENT = "ask_more"
INFORM_INTENT = "inform"
OUT_OF_SCOPE_INTENT = "out_of_scope"

#: A reply leads with the statements that answer, within about this many characters.
MAX_CHARS = 600
#: A best BM25 match scoring this much or more counts as sure (a weak best match stays weak).
RETRIEVAL_SCALE = 10.0
# Weights of the topic decision: classifier prior + retrieval + the conversation's topic + the
# kinds of question only some topics answer ("who is it for?", "where can I read it?").
W_PRIOR, W_RETRIEVAL, W_CONTEXT, W_FOLLOWUP, W_TOPIC_KIND = 1.0, 1.2, 0.25, 0.9, 0.4
#: The retrieval score at which the classifier's prior for a topic counts in full.
PRIOR_SUPPORT = 0.5
#: Below this, no topic is sure enough to answer: offer the likeliest ones instead.
MIN_TOPIC_SCORE = 0.35
MIN_SUGGESTION_RETRIEVAL = 0.25
# Weights of the statement ranking within the topic.
W_STATEMENT_RETRIEVAL, W_KIND, W_FIRST, W_SHOWN = 1.0, 0.9, 0.15, 0.6
#: A second statement joins the first when it scores at least this share of the first's.
SECOND_SHARE = 0.75
#: The classifier's prior for first steps and out of scope, when no cue decides it.
MIN_FIRST_STEPS = 0.35
MIN_OUT_OF_SCOPE = 0.5
SURE_OUT_OF_SCOPE = 0.8
#: Topics a first-steps answer is made of; another topic this likely is a question of its own.
FIRST_STEPS_TOPICS = frozenset({"service_provider", "needs_assessment", "integration_programme"})
MIN_OWN_TOPIC, MIN_OWN_TOPIC_RETRIEVAL = 0.15, 0.75
#: A message of at most this many words, with a conversation topic, may be a follow-up.
SHORT_MESSAGE_WORDS = 5


@dataclass
class Selection:
    status: str
    topic: str | None = None
    statements: list[StatementEntry] = field(default_factory=list)
    not_stated: str | None = None
    more: bool = False
    place: PlaceEntry | None = None
    subject: str | None = None
    suggestions: list[str] = field(default_factory=list)
    pending: str | None = None
    first_steps: bool = False


@dataclass
class Question:
    """What the message says, read once."""

    request: AnswerRequest
    normalised: str
    words: int
    priors: dict[str, float]
    kinds: list[str]
    retrieval: dict[Hashable, float]

    @property
    def top_intent(self) -> tuple[str | None, float]:
        if not self.priors:
            return None, 0.0
        name = max(self.priors, key=self.priors.__getitem__)
        return name, self.priors[name]

    def prior(self, intent: str) -> float:
        return self.priors.get(intent, 0.0)


def read_question(index: ContentIndex, request: AnswerRequest) -> Question:
    normalised = normalize(request.question)
    priors: dict[str, float] = {}
    for item in request.intents:
        priors[item.name] = max(priors.get(item.name, 0.0), item.confidence)
    kinds = [kind.id for kind in index.kinds if kind.asked(normalised, request.language)]
    retrieval = index.retriever(request.language).scores(request.question) if normalised else {}
    return Question(request, normalised, len(normalised.split()), priors, kinds, scale_retrieval(retrieval))


def scale_retrieval(scores: dict[Hashable, float]) -> dict[Hashable, float]:
    """BM25 scores as 0..1: relative to the best match (so a long message, which matches
    everything somewhat, still tells its topics apart), times how good that best match is."""
    best = max(scores.values(), default=0.0)
    if best <= 0.0:
        return {}
    sureness = min(1.0, best / RETRIEVAL_SCALE)
    return {key: sureness * score / best for key, score in scores.items()}


def select(index: ContentIndex, request: AnswerRequest) -> Selection:
    """The answer to one message (see the module's docstring for the order of decisions)."""
    question = read_question(index, request)
    place = resolve_place(index, request)
    if request.more or (question.top_intent[0] == MORE_INTENT and request.context.topic):
        return _more(index, request, place, request.more or request.context.topic)
    subject = out_of_scope_subject(index, question)
    if subject is not None:
        return Selection("out_of_scope", subject=subject or None, place=place)
    if _asks_first_steps(index, question):
        return _first_steps(index, request, place)
    topic, score = choose_topic(index, question)
    if topic is None or score < MIN_TOPIC_SCORE:
        suggestions = suggest_topics(index, question)
        return Selection("unclear" if suggestions else "no_answer", suggestions=suggestions, place=place)
    return answer_topic(index, question, topic, place)


# --- place ---------------------------------------------------------------------------------------


def resolve_place(index: ContentIndex, request: AnswerRequest) -> PlaceEntry | None:
    """The place the user lives in, as far as this message tells.

    Opas covers few places, and newcomers name the others as where they came from: "we lived in
    Tampere, now in Askola" is about Askola. A covered place that provides another's services is
    where one goes, not where one lives: "I live in Askola, do I go to Porvoo?" is about Askola,
    and so is "do I have to travel to Kirkkonummi?" from someone in Siuntio. Else the first
    covered place named counts ("our home is in Loviisa, or must we go to Porvoo?").
    """
    named = [index.places[p] for p in request.places if p in index.places]
    known = index.places.get(request.municipality) if request.municipality else None
    if request.place_only and named:
        return named[-1]  # the answer to "where do you live?", or a correction: "I meant Mörskom"
    covered = [p for p in named if p.covered]
    homes = [p for p in (*covered, *([known] if known is not None and known.covered else []))]
    served_from = {p.integration_provider for p in homes if p.integration_provider != p.id}
    lived_in = [p for p in covered if p.id not in served_from]
    if lived_in:
        return lived_in[0]
    if covered:
        return known if known is not None and known.covered else covered[0]
    if named:
        return named[-1]
    return known


# --- the kinds of answer that are not a topic's statements ----------------------------------------


def out_of_scope_subject(index: ContentIndex, question: Question) -> str | None:
    """The subject of a question beyond the programme ("" when the classifier alone says so),
    or None for a programme question."""
    if not question.normalised or index.programme_terms.search(question.normalised):
        return None
    language = question.request.language
    for subject in index.subjects:
        if subject.named(question.normalised, language):
            return subject.id
    intent, confidence = question.top_intent
    best_retrieval = max(question.retrieval.values(), default=0.0)
    if intent == OUT_OF_SCOPE_INTENT and (confidence >= SURE_OUT_OF_SCOPE or (
            confidence >= MIN_OUT_OF_SCOPE and best_retrieval < 0.5)):
        return ""
    return None


def _asks_first_steps(index: ContentIndex, question: Question) -> bool:
    """"I just moved to X, what now?": the classifier says so (or the message asks for the first
    step), and the message does not also ask a topic of its own ("we moved to Siuntio: who gives
    guidance and counselling?" is a guidance question)."""
    request = question.request
    if request.context.pending == FIRST_STEPS and (request.place_only or request.places):
        return True
    prior = question.prior("ask_" + FIRST_STEPS)
    if "first_step" in question.kinds and prior >= MIN_FIRST_STEPS / 2:
        return True
    if prior < MIN_FIRST_STEPS:
        return False
    retrieval = topic_retrieval(index, question)
    return not any(
        question.prior(TOPIC_INTENT_PREFIX + topic) >= MIN_OWN_TOPIC
        and retrieval.get(topic, 0.0) >= MIN_OWN_TOPIC_RETRIEVAL
        for topic in index.topics
        if topic not in FIRST_STEPS_TOPICS
    )


def _first_steps(index: ContentIndex, request: AnswerRequest, place: PlaceEntry | None) -> Selection:
    """Who serves the user where they live, how the services begin, and whom to contact."""
    if place is None:
        return Selection("needs_municipality", topic="service_provider", pending=FIRST_STEPS)
    if not place.covered:
        return Selection("out_of_coverage", topic="service_provider", place=place)
    chosen: list[StatementEntry] = []
    for topic, kinds in (("service_provider", ()), ("needs_assessment", ("first_step",)),
                         ("contact", ("contact",))):
        candidates = [s for s in index.by_topic(topic) if s.matches(place.id, request.jobseeker)]
        if kinds:
            candidates = [s for s in candidates if s.answers & set(kinds)]
        if candidates:
            chosen.append(max(candidates, key=lambda s: (s.specificity(place.id, request.jobseeker), -s.position)))
    chosen = _within_limit(chosen, request.language, MAX_CHARS)
    return Selection("answer", topic="service_provider", statements=chosen, place=place, first_steps=True,
                     more=True)


def _more(index: ContentIndex, request: AnswerRequest, place: PlaceEntry | None, topic: str) -> Selection:
    """Every statement of the topic that applies to the user and was not shown last."""
    if topic not in index.topics:
        return Selection("no_answer", place=place)
    if place is not None and not place.covered:
        return Selection("out_of_coverage", topic=topic, place=place)
    municipality = place.id if place is not None else None
    statements = index.by_topic(topic)
    candidates = [s for s in statements if s.matches(municipality, request.jobseeker)]
    if municipality is None and _needs_place(index.topics[topic], statements, candidates):
        return Selection("needs_municipality", topic=topic, pending=topic, place=place)
    rest = [s for s in candidates if s.id not in request.context.shown] or candidates
    if not rest:
        return Selection("no_answer", topic=topic, place=place)
    return Selection("answer", topic=topic, statements=rest, place=place)


# --- the topic -----------------------------------------------------------------------------------


def _topic_intent(intent: str) -> str | None:
    return intent[len(TOPIC_INTENT_PREFIX):] if intent.startswith(TOPIC_INTENT_PREFIX) else None


def topic_retrieval(index: ContentIndex, question: Question) -> dict[str, float]:
    """Each topic's best retrieval score (its statements' and its keywords')."""
    best: dict[str, float] = {}
    for key, score in question.retrieval.items():
        if isinstance(key, tuple):
            topic = key[1]
        else:
            statement = index.statements.get(key)
            if statement is None:
                continue
            topic = statement.topic
        best[topic] = max(best.get(topic, 0.0), score)
    return best


def topic_kind_bonus(index: ContentIndex, question: Question) -> dict[str, float]:
    """Topics that answer the kinds of question asked, weighed by how few topics do ("who is it
    for?" points at one topic; "who organises it?" at most of them)."""
    content_topics = [t for t in index.topics if t not in FLOW_TOPICS]
    bonus: dict[str, float] = {}
    for kind in question.kinds:
        answering = index.topics_answering(kind)
        rarity = 1.0 - len(answering) / max(1, len(content_topics))
        for topic in answering:
            bonus[topic] = bonus.get(topic, 0.0) + W_TOPIC_KIND * rarity
    return bonus


def followup_strength(question: Question) -> float:
    """How much the message reads as a follow-up of the conversation's topic (0 to 1)."""
    request = question.request
    strength = question.prior(FOLLOWUP_INTENT) + question.prior(MORE_INTENT)
    if request.place_only or (request.jobseeker_named and question.words <= SHORT_MESSAGE_WORDS + 2):
        strength += 0.6 + question.prior(INFORM_INTENT)
    if question.words <= SHORT_MESSAGE_WORDS:
        strength += 0.3
    return min(1.0, strength)


def choose_topic(index: ContentIndex, question: Question) -> tuple[str | None, float]:
    """The topic the message asks about, and how sure that is."""
    request = question.request
    retrieval = topic_retrieval(index, question)
    context = request.context.pending if request.context.pending not in (None, FIRST_STEPS) else None
    context = context or request.context.topic
    followup = followup_strength(question) if context else 0.0
    kind_bonus = topic_kind_bonus(index, question)
    scores: dict[str, float] = {}
    for topic in index.topics:
        if topic in FLOW_TOPICS:
            continue
        found = retrieval.get(topic, 0.0)
        # The classifier's word counts half unless the topic's content also matches the message:
        # it is sure of itself even on phrasings it never saw.
        support = 0.5 + 0.5 * min(1.0, found / PRIOR_SUPPORT)
        score = W_PRIOR * support * question.prior(TOPIC_INTENT_PREFIX + topic) + W_RETRIEVAL * found
        score += kind_bonus.get(topic, 0.0)
        if topic == context:
            score += W_CONTEXT + W_FOLLOWUP * followup
        scores[topic] = score
    if not context and (request.places or request.jobseeker_named) and question.words <= SHORT_MESSAGE_WORDS + 2:
        # "I live in Loviisa" / "I'm a jobseeker" with nothing asked yet: who serves me there?
        default = "service_provider" if request.places else "responsibility_split"
        scores[default] += question.prior(INFORM_INTENT) + (0.5 if request.place_only else 0.0)
    if not scores:
        return None, 0.0
    topic = max(scores, key=lambda t: (scores[t], -index.topics[t].position))
    return topic, scores[topic]


def suggest_topics(index: ContentIndex, question: Question, limit: int = 3) -> list[str]:
    retrieval = topic_retrieval(index, question)
    ranked = sorted(
        (t for t, score in retrieval.items() if score >= MIN_SUGGESTION_RETRIEVAL and t not in FLOW_TOPICS),
        key=lambda t: (-retrieval[t], index.topics[t].position if t in index.topics else 99),
    )
    return ranked[:limit]


# --- the statements ------------------------------------------------------------------------------


def answer_topic(index: ContentIndex, question: Question, topic: str, place: PlaceEntry | None) -> Selection:
    request = question.request
    entry = index.topics[topic]
    named_uncovered = place is not None and not place.covered and place.id in request.places
    if named_uncovered or (place is not None and not place.covered and entry.needs_municipality):
        return Selection("out_of_coverage", topic=topic, place=place)
    municipality = place.id if place is not None else None
    statements = index.by_topic(topic)
    candidates = [s for s in statements if s.matches(municipality, request.jobseeker)]
    if municipality is None and _needs_place(entry, statements, candidates):
        return Selection("needs_municipality", topic=topic, pending=topic)
    if not candidates:
        return Selection("no_answer", topic=topic, place=place)
    scored = rank_statements(question, candidates, municipality)
    (first_score, first), ranked = scored[0], [statement for _, statement in scored]
    absent = [
        kind.id for kind in index.kinds
        if kind.states_absence and kind.id in question.kinds and not any(kind.id in s.answers for s in candidates)
    ]
    not_stated = absent[0] if absent and not (set(question.kinds) & first.answers) else None
    shown = [first]
    if not_stated is None and len(scored) > 1 and scored[1][0] >= SECOND_SHARE * first_score:
        shown = _within_limit(ranked[:2], request.language, MAX_CHARS)
    return Selection("answer", topic=topic, statements=shown, not_stated=not_stated,
                     more=len(candidates) > len(shown), place=place)


def _needs_place(topic: TopicEntry, statements: list[StatementEntry], candidates: list[StatementEntry]) -> bool:
    """Whether, with no place known, the answer must wait for it: the topic says so, or only
    statements for known places would answer."""
    return topic.needs_municipality or (
        not candidates and any(s.municipalities or s.municipality_known for s in statements)
    )


def _score(question: Question, statement: StatementEntry, municipality: str | None,
           opening: StatementEntry) -> float:
    request = question.request
    score = W_STATEMENT_RETRIEVAL * question.retrieval.get(statement.id, 0.0)
    score += W_KIND * len(statement.answers & set(question.kinds))
    score += statement.specificity(municipality, request.jobseeker)
    if statement is opening:
        score += W_FIRST  # the topic's opening statement, for "what is ...?"
    if statement.id in request.context.shown:
        score -= W_SHOWN  # a follow-up wants something new
    return score


def rank_statements(question: Question, candidates: list[StatementEntry],
                    municipality: str | None) -> list[tuple[float, StatementEntry]]:
    """(score, statement), best first; ties go to the topic's order."""
    opening = min(candidates, key=lambda s: s.position)
    scored = [(_score(question, s, municipality, opening), s) for s in candidates]
    return sorted(scored, key=lambda item: (-item[0], item[1].position))


def _within_limit(statements: list[StatementEntry], language: str, limit: int) -> list[StatementEntry]:
    """The first statement always; each next one while the reply stays within ``limit``."""
    kept: list[StatementEntry] = []
    total = 0
    for statement in statements:
        found = statement.text_in(content_languages(language))
        length = len(found[1].text) if found else 0
        if kept and total + length > limit:
            continue
        kept.append(statement)
        total += length
    return kept
