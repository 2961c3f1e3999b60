"""Feedback on supervision: the supervisee answers four questions after a session; the
supervisor sees only item means over the link, and nothing until three are answered."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse

from fulcrum.core.errors import InvalidInput
from fulcrum.supervision import services
from fulcrum.supervision.feedback import ITEM_IDS, ITEMS, MIN_ANSWERS, summarise
from fulcrum.supervision.models import HoursEntry, SupervisionFeedback
from fulcrum.supervision.tests.helpers import linked, make_supervisor
from fulcrum.testing import NOW, BaseTestCase

NOTE = "Zephyrcairn: I kept the hard case back again."


def answers(value: int) -> dict[str, int]:
    return dict.fromkeys(ITEM_IDS, value)


class FeedbackTestCase(BaseTestCase):
    def setUp(self) -> None:
        self.dana = make_supervisor()
        self.link = linked(self.alice, self.dana)

    def log(self, days_ago: int = 2) -> HoursEntry:
        return services.log_hours(
            self.link,
            self.alice,
            held_on=NOW.date() - timedelta(days=days_ago),
            minutes=50,
            kind="individual",
            topics="",
            now=NOW,
        )

    def test_it_is_the_supervisees_once_and_checked(self) -> None:
        entry = self.log()
        with self.assertRaises(InvalidInput):
            services.record_feedback(entry, self.dana, answers(3), now=NOW)
        with self.assertRaises(InvalidInput):
            services.record_feedback(entry, self.alice, {"choice": 3}, now=NOW)
        with self.assertRaises(InvalidInput):
            services.record_feedback(entry, self.alice, answers(5), now=NOW)
        services.record_feedback(entry, self.alice, answers(3), note=NOTE, now=NOW)
        with self.assertRaises(InvalidInput):
            services.record_feedback(entry, self.alice, answers(1), now=NOW)
        stored = SupervisionFeedback.objects.values_list("answers", "note").get()
        assert stored == (answers(3), NOTE)

    def test_the_summary_needs_three_answers(self) -> None:
        assert MIN_ANSWERS == 3
        assert summarise([answers(1), answers(2)]) is None
        summary = summarise([answers(1), answers(2), {**answers(3), "safety": 0}])
        assert summary is not None
        assert summary.answers == 3
        means = {row.item.id: row.mean for row in summary.items}
        assert means["voice"] == 2.0
        assert means["safety"] == 1.0
        # A fourth answer changes nothing until a sixth: no single answer shows.
        first_three = [answers(1), answers(2), answers(3)]
        assert summarise([*first_three, answers(0)]) == summarise(first_three)
        sixth = summarise([answers(1), answers(2), answers(3), answers(0), answers(0), answers(3)])
        assert sixth is not None
        assert sixth.answers == 6

    def test_the_supervisor_sees_nothing_with_two_answers_and_the_mean_with_three(self) -> None:
        entries = [self.log(d) for d in (9, 6, 3)]
        services.record_feedback(entries[0], self.alice, answers(4), note=NOTE, now=NOW)
        services.record_feedback(entries[1], self.alice, answers(2), now=NOW)
        hours_page = reverse("supervision_hours", args=[self.link.pk])
        self.login(self.dana)
        page = self.client.get(hours_page).content.decode()
        assert "at least 3 sessions are answered" in page
        assert "of 4" not in page
        assert ITEMS[0].prompt not in page
        assert NOTE not in page
        services.record_feedback(entries[2], self.alice, answers(0), now=NOW)
        page = self.client.get(hours_page).content.decode()
        assert "The average of 3 answers" in page
        assert page.count("2.0 of 4") == len(ITEMS)
        assert NOTE not in page  # a note is the supervisee's alone
        services.record_feedback(self.log(1), self.alice, answers(4), now=NOW)
        page = self.client.get(hours_page).content.decode()
        assert "The average of 3 answers" in page  # a fourth answer does not show alone
        assert page.count("2.0 of 4") == len(ITEMS)

    def test_the_supervisee_answers_through_the_page_and_others_get_404(self) -> None:
        entry = self.log()
        url = reverse("supervision_feedback", args=[entry.pk])
        self.login(self.alice)
        assert self.client.get(url).status_code == 200
        form = {"choice": "3", "voice": "4", "safety": "1", "note": NOTE}
        r = self.client.post(url, form)  # one question left out
        assert r.status_code == 400
        assert NOTE.encode() in r.content  # what was typed is kept
        r = self.client.post(url, {**form, "respect": "2"})
        assert r.status_code == 302
        assert SupervisionFeedback.objects.get().answers == {
            "choice": 3,
            "voice": 4,
            "safety": 1,
            "respect": 2,
        }
        page = self.client.get(url)
        assert b"What you answered" in page.content
        assert self.client.post(url, {**form, "respect": "0"}).status_code == 400
        assert SupervisionFeedback.objects.count() == 1
        for other in (self.dana, self.bob):
            self.login(other)
            assert self.client.get(url).status_code == 404
            assert self.client.post(url, {**form, "respect": "2"}).status_code == 404
