"""Texts around a grounded answer: what the documents do not say, out-of-scope subjects, buttons.

The kinds of question and the out-of-scope subjects are content (``data/question_kinds.yml``,
``data/out_of_scope.yml``); their sentences here are bot texts, translated in the catalogs.
A kind or subject without a sentence here gets the general one.
"""

from __future__ import annotations

from .response_types import N_, Button

# Translators: Button under an answer: shows the rest of what the
# documents say on the topic. {topic} is the topic's title (e.g.
# "Multilingual civic orientation").
MORE_ABOUT = N_("More about: {topic}")

# Translators: Button. Opens the booking of an appointment with a
# human integration advisor.
BOOK_ADVISOR = Button(N_("Book an appointment with an advisor"), "/book_appointment")

#: The first sentence of an answer to a question the statements do not answer, by kind of
#: question (data/question_kinds.yml, the kinds with `states_absence`). What is known follows.
NOT_STATED: dict[str, str] = {
    "cost": N_("The programme documents do not say whether it costs anything."),
    "certificate": N_("The programme documents do not say whether you get a certificate."),
    "childcare": N_("The programme documents do not say anything about childcare."),
    "work": N_("The programme documents do not say whether you can work at the same time."),
    "waiting": N_("The programme documents do not say how long you have to wait."),
    "extension": N_("The programme documents do not say whether it can be extended."),
    "leave": N_("The programme documents do not say whether you can take a break."),
    "schedule": N_("The programme documents do not give dates or times."),
    "duration": N_("The programme documents do not say how long it takes."),
    "language": N_("The programme documents do not say in which language it is."),
    "place": N_("The programme documents do not say where it takes place."),
    "contact": N_("The programme documents do not give contact details for this."),
    "test": N_("The programme documents do not mention a test for this."),
}
# Translators: As the sentences above, for a kind of question that has no sentence of its own.
NOT_STATED_GENERAL = N_("The programme documents do not say that.")
# Translators: Said instead of an answer whose information is no longer valid (e.g. the programme
# period ended) while the municipality's coordinators update it.
BEING_UPDATED = N_("This information is being updated. Please check again later.")

#: Subjects beyond the integration programme (data/out_of_scope.yml), as the subject of the
#: sentence OUT_OF_SCOPE_SUBJECT.
SUBJECTS: dict[str, str] = {
    # Translators: The subjects below fill {subject} in "{subject} is not part
    # of the integration programme ...": write them as the subject of that
    # sentence in your language.
    "housing": N_("Housing"),
    "health": N_("Health care"),
    "benefits": N_("Kela benefits and allowances"),
    "residence_permit": N_("Residence permits and family reunification"),
    "school_daycare": N_("School and early childhood education"),
    "tax": N_("Taxation"),
    "banking": N_("Banking"),
    "phone": N_("Phone subscriptions"),
    "transport": N_("Transport and driving licences"),
    "passport_id": N_("Passports and identity cards"),
    "address_registration": N_("Registering an address"),
}
# Translators: {subject} is one of the subjects above ("Housing").
OUT_OF_SCOPE_SUBJECT = N_(
    "{subject} is not part of the integration programme, so Opas cannot answer this. An advisor "
    "or the authority in question can help you."
)
OUT_OF_SCOPE_GENERAL = N_(
    "Opas answers questions about the integration programme, and the documents it has do not "
    "cover this. An advisor or the authority in question can help you."
)
