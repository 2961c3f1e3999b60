"""A share can carry the practice policies: a supervisor sees each policy's newest
version and where each client stands with it, by code, and never the name a client
typed to agree or the question they asked."""

from __future__ import annotations

import pypdfium2 as pdfium
from django.urls import reverse

from fulcrum.core.snapshot import thaw, within_scope
from fulcrum.policies import services
from fulcrum.policies.links import Answer, answer_consent_link, create_consent_link
from fulcrum.supervision.pdf import render_pdf
from fulcrum.supervision.report import ReportChoice, build_report
from fulcrum.supervision.tests.helpers import SINCE, UNTIL, linked, make_supervisor, share_for
from fulcrum.testing import NOW, BaseTestCase, make_client

TYPED = "Ottoline Brackwater"
QUESTION = "Can my sister Wenna come along?"


class SharePoliciesTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.supervisor = make_supervisor()
        draft = services.start_draft(self.alice, "cancellation", now=NOW)
        services.edit_draft(draft, title="If you need to cancel", text="A day ahead.", now=NOW)
        self.cancel = services.publish(
            draft, change="", summary="", effective_on=NOW.date(), now=NOW
        )
        draft = services.start_draft(self.alice, "payment", now=NOW)
        self.fees = services.publish(draft, change="", summary="", effective_on=NOW.date(), now=NOW)
        self.case = make_client(self.alice, "A-500", alias="Otto")
        _, token = create_consent_link(self.case, [self.cancel, self.fees], now=NOW)
        answer_consent_link(
            token,
            {self.cancel.pk: Answer("accepted"), self.fees.pk: Answer("question", QUESTION)},
            typed_name=TYPED,
            now=NOW,
        )

    def test_the_supervisor_sees_policies_and_standing_by_code_only(self) -> None:
        share = share_for(self.alice, linked(self.alice, self.supervisor), self.case, policies=True)
        snapshot = thaw(share.snapshot)
        standing = {
            p.title: [(s.code, s.state) for s in p.clients] for p in snapshot.report.policies
        }
        assert standing == {
            "If you need to cancel": [("A-500", "agreed to the current words")],
            self.fees.title: [("A-500", "has a question")],
        }
        assert [p.sha256 for p in snapshot.report.policies] == [
            self.cancel.sha256,
            self.fees.sha256,
        ]
        self.login(self.supervisor)
        page = self.client.get(reverse("supervisor_share", args=[share.pk])).content.decode()
        assert "Practice policies and consent" in page
        assert self.cancel.sha256 in page
        for text in (str(share.snapshot), page):
            assert TYPED not in text
            assert "Ottoline" not in text
            assert "Wenna" not in text

    def test_policies_stay_out_unless_chosen_and_unless_the_scope_allows(self) -> None:
        link = linked(self.alice, self.supervisor)
        assert thaw(share_for(self.alice, link, self.case).snapshot).report.policies == ()
        narrow = linked(self.alice, make_supervisor("erin"), scope=("checkins",))
        report = build_report(
            self.alice,
            ReportChoice(clients=(self.case,), since=SINCE, until=UNTIL, policies=True),
            now=NOW,
        )
        assert len(report.policies) == 2
        assert within_scope(report, narrow.scope).policies == ()

    def test_the_pdf_draws_the_policies_section(self) -> None:
        report = build_report(
            self.alice,
            ReportChoice(clients=(self.case,), since=SINCE, until=UNTIL, policies=True),
            now=NOW,
        )
        document = pdfium.PdfDocument(render_pdf(report))
        try:
            text = " ".join(
                " ".join(page.get_textpage().get_text_range() for page in document).split()
            )
        finally:
            document.close()
        assert "Practice policies and consent" in text
        assert "A-500: has a question" in text
        assert self.cancel.sha256 in text
        assert TYPED not in text

    def test_the_builder_offers_the_policies_and_the_report_shows_them(self) -> None:
        self.login(self.alice)
        builder = self.client.get(reverse("supervision_builder"))
        self.assertContains(builder, 'name="policies"')
        r = self.client.get(
            reverse("supervision_report"),
            {
                "clients": [str(self.case.pk)],
                "since": "2026-01-01",
                "until": "2026-12-31",
                "policies": "on",
            },
        )
        self.assertContains(r, "Practice policies and consent")
        self.assertContains(r, "has a question")
        self.assertNotContains(r, TYPED)
