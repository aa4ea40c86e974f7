"""Analytics for coordinators (issue 15): what was asked, what Opas could not answer, feedback.

Pseudonymous by construction: counts per week, and the masked text of questions Opas could not
answer, grouped by identical text; no conversation id, no time finer than a week, no row id
that tells the order in which questions came. See docs/analytics.md.
"""
