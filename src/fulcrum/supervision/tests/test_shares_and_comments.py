"""Shares: a frozen, hashed snapshot the supervisee controls; every view logged; a calm
page once it is gone, 404 for anyone else; comments sealed in the ledger and amended,
never overwritten."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.text import slugify

from fulcrum.core.errors import InvalidInput
from fulcrum.core.snapshot import agenda, agenda_items, digest, thaw_agenda
from fulcrum.ledger.models import Entry
from fulcrum.supervision import services
from fulcrum.supervision.models import Comment, Share, ShareView
from fulcrum.supervision.tests.helpers import (
    ALIAS,
    CODE,
    linked,
    make_supervisor,
    reportable_client,
    share_for,
)
from fulcrum.testing import NOW, BaseTestCase


class SharesTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.dana = make_supervisor()
        self.case, self.entry, _ = reportable_client(self.alice)
        self.link = linked(self.alice, self.dana)
        self.share: Share = share_for(
            self.alice,
            self.link,
            self.case,
            entry_ids=frozenset({self.entry.pk}),
            notes=frozenset({"checkin", "map", "client_comment"}),
        )

    def test_it_keeps_the_snapshot_frozen_with_its_sha256(self) -> None:
        assert self.share.sha256 == digest(self.share.snapshot)
        assert self.share.expires_at == NOW + timedelta(days=30)
        snapshot = services.read_snapshot(self.share)
        assert snapshot.report.clients[0].code == CODE
        # A later check-in changes nothing of what was shared.
        before = self.share.snapshot
        self.share.refresh_from_db()
        assert self.share.snapshot == before

    def test_it_names_no_alias_in_the_snapshot_or_its_page(self) -> None:
        text = str(self.share.snapshot)
        assert ALIAS not in text
        self.login(self.dana)
        page = self.client.get(reverse("supervisor_share", args=[self.share.pk])).content
        assert ALIAS.encode() not in page
        assert CODE.encode() in page

    def test_it_logs_every_view_for_the_supervisee(self) -> None:
        self.login(self.dana)
        url = reverse("supervisor_share", args=[self.share.pk])
        assert self.client.get(url).status_code == 200
        assert self.client.get(url).status_code == 200
        assert ShareView.objects.filter(share=self.share, viewer=self.dana).count() == 2
        self.login(self.alice)
        page = self.client.get(reverse("supervision_share", args=[self.share.pk]))
        # Both openings are kept; read a moment apart, they are one sitting on the page.
        assert page.content.count(b"dana \xc2\xb7") == 1
        assert b"2 openings in one sitting" in page.content

    def test_openings_far_apart_are_separate_sittings(self) -> None:
        for minutes in (0, 10, 35, 200):
            services.record_view(self.share, self.dana, now=NOW + timedelta(minutes=minutes))
        services.record_view(self.share, self.alice, now=NOW + timedelta(minutes=36))
        found = services.sittings(ShareView.objects.filter(share=self.share))
        assert [(s.viewer, s.times, s.first - NOW) for s in found] == [
            (self.dana, 1, timedelta(minutes=200)),
            (self.alice, 1, timedelta(minutes=36)),
            (self.dana, 3, timedelta(0)),
        ]

    def test_it_shows_the_calm_page_after_withdrawal_or_expiry(self) -> None:
        url = reverse("supervisor_share", args=[self.share.pk])
        self.login(self.dana)
        Share.objects.filter(pk=self.share.pk).update(expires_at=NOW - timedelta(minutes=1))
        r = self.client.get(url)
        assert r.status_code == 410
        Share.objects.filter(pk=self.share.pk).update(expires_at=NOW + timedelta(days=30))
        assert b"no longer shared" in r.content
        services.revoke_share(self.share, now=NOW)
        r = self.client.get(url)
        assert r.status_code == 410
        assert CODE.encode() not in r.content
        assert not ShareView.objects.exists()

    def test_it_answers_404_to_anyone_else(self) -> None:
        erin = make_supervisor("erin")
        for who in (erin, self.bob):
            self.login(who)
            assert (
                self.client.get(reverse("supervisor_share", args=[self.share.pk])).status_code
                == 404
            )
            assert (
                self.client.get(reverse("supervision_share", args=[self.share.pk])).status_code
                == 404
            )

    def test_it_never_lets_a_supervisor_open_the_live_records(self) -> None:
        self.login(self.dana)
        for url in (
            reverse("client_detail", args=[self.case.pk]),
            reverse("journal_detail", args=[self.entry.pk]),
            f"{reverse('supervision_report')}?clients={self.case.pk}&since=2026-01-01&until=2026-12-31",
        ):
            assert self.client.get(url).status_code == 404, url

    def test_it_seals_comments_and_amends_without_overwriting(self) -> None:
        comment = services.add_comment(
            self.share, self.dana, "What did you notice?", section=CODE, now=NOW
        )
        reply = services.add_comment(
            self.share, self.alice, "I hurried.", reply_to=comment, now=NOW
        )
        amended = services.amend_comment(comment, self.dana, "What did you notice first?", now=NOW)
        assert Entry.objects.filter(kind="supervision.comment").count() == 2
        assert Entry.objects.filter(kind="supervision.amendment").count() == 1
        assert services.comment_words(comment) == "What did you notice?"
        thread = services.threads(self.share)[CODE]
        assert [v.text for v in thread] == ["What did you notice first?", "I hurried."]
        assert thread[0].earlier == ("What did you notice?",)
        assert thread[0].comment == amended
        assert thread[1].comment == reply
        with self.assertRaises(InvalidInput):
            services.amend_comment(comment, self.alice, "Rewritten by someone else", now=NOW)
        with self.assertRaises(InvalidInput):
            services.add_comment(self.share, self.alice, "Top-level from the supervisee", now=NOW)

    def test_it_walks_comment_reply_review_and_withdrawal_through_the_pages(self) -> None:
        self.login(self.dana)
        posted = self.client.post(
            reverse("supervisor_comment", args=[self.share.pk]),
            {"body": "Where was the choice here?", "section": CODE},
        )
        comment = Comment.objects.get()
        # Back at the thread commented on, not at the top of the share.
        share_url = reverse("supervisor_share", args=[self.share.pk])
        assert posted.headers["Location"] == f"{share_url}#thread-{slugify(CODE)}"
        page = self.client.get(share_url).content.decode()
        assert f'id="thread-{slugify(CODE)}"' in page
        self.client.post(reverse("supervisor_review", args=[self.share.pk]), {"review": "discuss"})
        self.login(self.alice)
        self.client.post(
            reverse("supervision_share_reply", args=[self.share.pk]),
            {"body": "I will bring it.", "reply_to": comment.pk},
        )
        page = self.client.get(reverse("supervision_share", args=[self.share.pk])).content.decode()
        assert "Where was the choice here?" in page
        assert "I will bring it." in page
        assert "discuss next time" in page
        self.client.post(reverse("supervision_share_revoke", args=[self.share.pk]))
        self.login(self.dana)
        r = self.client.get(reverse("supervisor_share", args=[self.share.pk]))
        assert r.status_code == 410
        r = self.client.post(reverse("supervisor_comment", args=[self.share.pk]), {"body": "Late"})
        assert r.status_code == 410
        assert Comment.objects.count() == 2

    def test_a_refused_comment_says_what_is_wrong_with_it(self) -> None:
        self.login(self.dana)
        url = reverse("supervisor_comment", args=[self.share.pk])
        for body, said in (
            ("Where\x00 was the choice?", "holds a character that cannot be stored"),
            ("x" * 4001, "at most 4000 characters; this one has 4001"),
            ("", "Write the comment first."),
        ):
            page = self.client.post(url, {"body": body, "section": CODE}, follow=True)
            assert said in page.content.decode()
        assert not Comment.objects.exists()

    def test_it_shares_from_the_report_page(self) -> None:
        self.login(self.alice)
        query = f"clients={self.case.pk}&since=2026-08-01&until=2026-10-31"
        page = self.client.get(f"{reverse('supervision_report')}?{query}")
        assert b"Share a snapshot" in page.content
        r = self.client.post(
            f"{reverse('supervision_share_create')}?{query}",
            {"link": self.link.pk, "days": 14, "concerns": "on"},
        )
        share = Share.objects.exclude(pk=self.share.pk).get()
        assert r["Location"] == reverse("supervision_share", args=[share.pk])
        assert share.expires_at == share.shared_at + timedelta(days=14)

    def test_it_puts_questions_on_the_supervisors_agenda(self) -> None:
        self.login(self.dana)
        page = self.client.get(reverse("supervisor_home")).content.decode()
        assert "For the next supervision" in page
        assert "?" in page.split("For the next supervision")[1]

    def test_it_keeps_the_questions_the_snapshot_raises_beside_it(self) -> None:
        stored = thaw_agenda(self.share.agenda)
        assert stored
        assert stored == agenda_items(services.read_snapshot(self.share))

    def test_the_home_gathers_the_agenda_without_reading_any_snapshot(self) -> None:
        second = share_for(self.alice, self.link, self.case)
        expected = agenda([services.read_snapshot(s) for s in (second, self.share)])
        self.login(self.dana)
        with CaptureQueriesContext(connection) as ctx:
            r = self.client.get(reverse("supervisor_home"))
        assert r.status_code == 200
        assert list(r.context["agenda"]) == list(expected[:20])
        snapshot_column = connection.ops.quote_name("snapshot")
        share_queries = [q["sql"] for q in ctx.captured_queries if "supervision_share" in q["sql"]]
        assert share_queries
        assert not [q for q in share_queries if snapshot_column in q]

    def test_the_home_lists_first_the_shares_that_wait_for_the_supervisor(self) -> None:
        newer = share_for(self.alice, self.link, self.case)
        comment = services.add_comment(self.share, self.dana, "How was it?", now=NOW)
        services.add_comment(self.share, self.alice, "Hard.", reply_to=comment, now=NOW)
        self.login(self.dana)
        with mock.patch("fulcrum.supervision.relationship_views.HOME_SHARES", 1):
            r = self.client.get(reverse("supervisor_home"))
        assert [(s.pk, waiting) for s, waiting in r.context["shares"]] == [(self.share.pk, True)]
        assert "And 1 more open share:" in r.content.decode()
        assert newer.pk not in [s.pk for s, _ in r.context["shares"]]

    def test_a_share_whose_kept_questions_cannot_be_read_adds_none(self) -> None:
        Share.objects.filter(pk=self.share.pk).update(agenda=[{"kind": "verdict"}])
        self.share.refresh_from_db()
        assert services.home_agenda([self.share]) == ()
