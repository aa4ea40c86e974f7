"""axe-core (from the npm registry, tests/e2e/widget/) finds no WCAG 2.1 A/AA violation in the widget.

The widget is checked closed, with its privacy notice, and mid-conversation (answer, sources, quick
replies), in Finnish on a desktop and in Arabic on a phone.
"""

from __future__ import annotations

import pytest

from tests.e2e.widget_browser import (
    DESKTOP,
    PHONE,
    axe_source,
    open_demo,
)

expect = pytest.importorskip("playwright.sync_api", reason="playwright is not installed").expect

WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """async tags => {
  const result = await axe.run({include: [["#opas-chat"]]}, {runOnly: {type: "tag", values: tags}});
  return result.violations.map(v => ({
    rule: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => `${JSON.stringify(n.target)}: ${n.failureSummary}`),
  }));
}"""

CASES = {
    "fi-desktop": ("fi-FI", DESKTOP, "Kysy Oppaalta", "Selvä, aloita keskustelu",
                   "kuka järjestää kotoutumispalveluni?", "Vastausehdotukset"),
    "ar-phone": ("ar", PHONE, "اسأل Opas", "حسنًا، ابدأ المحادثة",
                 "من ينظم خدمات الاندماج لي؟", "ردود مقترحة"),
}


def violations(page) -> list[dict]:
    return page.evaluate(RUN_AXE, WCAG_21_AA)


@pytest.mark.parametrize("case", CASES)
def test_axe_reports_no_wcag_21_aa_violations(stack, new_page, case):
    locale, viewport, launcher, accept, question, replies_label = CASES[case]
    source = axe_source()
    # axe is injected as an inline script, which the demo page's policy rightly forbids.
    page = new_page(locale=locale, viewport=viewport, bypass_csp=True)
    widget = open_demo(page, stack.api_url)
    page.add_script_tag(content=source)

    assert violations(page) == [], "closed"
    widget.open(launcher)
    expect(page.get_by_role("button", name=accept)).to_be_visible()
    assert violations(page) == [], "privacy notice"

    page.get_by_role("button", name=accept).click()
    widget.ask(question)
    replies = page.get_by_role("group", name=replies_label)
    expect(replies).to_be_visible()
    assert violations(page) == [], "quick replies"
    count = widget.bot_messages.count()
    replies.get_by_role("button").first.click()
    widget.wait_for_reply(count)
    expect(page.locator(".opas-sources").last).to_be_visible()
    assert violations(page) == [], "answer with sources"
