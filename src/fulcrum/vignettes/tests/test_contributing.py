"""Contributing without an account: no cookie before (or after) sending, the review of
what the de-identifier found, a codename, and nothing of the request stored."""

from __future__ import annotations

import logging
import re
from datetime import date
from typing import Any

from django.db import connection
from django.test import Client as HttpClient
from django.urls import reverse

from fulcrum.testing import NOW, BaseTestCase
from fulcrum.vignettes.codenames import hash_codename, looks_like_codename
from fulcrum.vignettes.models import Message, Pin, Vignette
from fulcrum.vignettes.services import Edit, ask_contributor, save_edit
from fulcrum.vignettes.tests.helpers import only_vignettes_own_relations

STORY = (
    "Marisol Quenby rang me on 07700 900123 the night before our session in Harrogate. "
    "She asked whether I could see her without charge, and I said yes before thinking."
)
# The same place three times, a possessive of a name that recurs.
REPEATED = (
    "Marisol Quenby rang me from Harrogate. She moved to Harrogate last year; HARROGATE "
    "is small. Marisol's mother came too, and Marisol said so."
)
# The request's metadata, each a marker to look for afterwards.
ADDRESS = "203.0.113.77"
AGENT = "Vignettetestagent/9.9 (Quillbrowser)"
REFERRER = "https://referrer.example/from-zanzibarquill"
LANGUAGE = "x-tlhingan-quorp"


class Captured(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def every_stored_value() -> str:
    """Every value of every row of every table, as text."""
    dumped = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            dumped += [repr(row) for row in cursor.fetchall()]
    return "\n".join(dumped)


class ContributingTestCase(BaseTestCase):
    url = reverse("contribute")

    def review(self, visitor: HttpClient, text: str = STORY) -> Any:
        return visitor.post(self.url, {"step": "review", "text": text})

    def send(self, visitor: HttpClient, text: str) -> Any:
        data = {"step": "send", "text": text, "disguise": "thick", "licence": "cc-by"}
        return visitor.post(self.url, data)

    def test_it_opens_without_an_account_and_sets_no_cookie(self) -> None:
        visitor = HttpClient()
        r = visitor.get(self.url)
        assert r.status_code == 200
        assert not r.cookies, f"cookies set: {list(r.cookies)}"
        assert b"csrfmiddlewaretoken" not in r.content
        assert b"<script" not in r.content
        assert r["Referrer-Policy"] == "no-referrer"
        assert "no-store" in r["Cache-Control"]

    def test_it_shows_every_finding_for_review_before_anything_is_stored(self) -> None:
        visitor = HttpClient()
        r = self.review(visitor)
        assert r.status_code == 200
        assert not r.cookies
        html = r.content.decode()
        for found in ("Marisol Quenby", "07700 900123"):
            assert found in html  # listed in the findings table
        proposed = r.context["form"].initial["text"]
        assert "Marisol" not in proposed
        assert "07700" not in proposed
        assert "[phone]" in proposed
        assert not Vignette.objects.exists()

    def test_it_lets_the_contributor_keep_a_finding_as_written(self) -> None:
        visitor = HttpClient()
        findings = self.review(visitor).context["findings"]
        phone = next(row["n"] for row in findings if row["surface"] == "07700 900123")
        r = visitor.post(self.url, {"step": "choose", "original": STORY, "keep": [str(phone)]})
        assert r.status_code == 200
        assert not r.cookies
        text = r.context["form"].initial["text"]
        assert "07700 900123" in text
        assert "Marisol" not in text
        assert not Vignette.objects.exists()

    def test_it_asks_once_for_words_written_several_times_and_keeps_every_mention(self) -> None:
        visitor = HttpClient()
        r = self.review(visitor, REPEATED)
        rows = r.context["findings"]
        assert [(row["surface"], row["mentions"]) for row in rows] == [
            ("Marisol Quenby", 1),
            ("Harrogate", 3),
            ("Marisol's", 2),
        ]
        html = r.content.decode()
        assert html.count('name="keep"') == 3
        assert "3 mentions" in html
        assert "2 mentions" in html
        place = next(row["n"] for row in rows if row["surface"] == "Harrogate")
        data = {
            "step": "choose",
            "original": REPEATED,
            "keep": [str(place)],
            "text": r.context["form"].initial["text"],
        }
        r = visitor.post(self.url, data)
        text = r.context["form"].initial["text"]
        assert text.count("Harrogate") == 2
        assert "HARROGATE is small" in text
        assert "[a place]" not in text
        assert "Marisol" not in text
        assert r.context["kept"] == {place}
        # Unticking it masks every mention again.
        shown = [str(n) for n in r.context["shown"]]
        data = {"step": "choose", "original": REPEATED, "shown": shown, "text": text}
        text = visitor.post(self.url, data).context["form"].initial["text"]
        assert "Harrogate" not in text
        assert "HARROGATE" not in text
        assert text.count("[a place]") == 3

    def test_a_refused_send_shows_the_same_review_with_every_choice_kept(self) -> None:
        visitor = HttpClient()
        first = self.review(visitor, REPEATED)
        rows = [(row["surface"], row["mentions"]) for row in first.context["findings"]]
        place, person = (
            next(row["n"] for row in first.context["findings"] if row["surface"] == words)
            for words in ("Harrogate", "Marisol Quenby")
        )
        data = {
            "step": "choose",
            "original": REPEATED,
            "keep": [str(place)],
            "text": first.context["form"].initial["text"],
        }
        applied = visitor.post(self.url, data)
        shown = sorted(applied.context["shown"])
        typed = applied.context["form"].initial["text"] + " Looking back, I felt rushed."
        # Sent without a licence, with "Marisol Quenby" ticked but not yet applied.
        data = {
            "step": "send",
            "original": REPEATED,
            "shown": [str(n) for n in shown],
            "keep": [str(place), str(person)],
            "text": typed,
            "disguise": "thick",
        }
        r = visitor.post(self.url, data)
        assert r.status_code == 200
        assert not r.cookies
        assert not Vignette.objects.exists()
        html = r.content.decode()
        assert "Please choose a licence for the published text." in html
        # The same review, built from the text as pasted, with every choice as it was.
        assert r.context["original"] == REPEATED
        assert [(row["surface"], row["mentions"]) for row in r.context["findings"]] == rows
        assert sorted(r.context["shown"]) == shown
        assert r.context["kept"] == {place, person}
        assert f'name="keep" value="{person}" checked' in html
        assert r.context["form"]["text"].value() == typed
        assert r.context["form"]["disguise"].value() == "thick"
        # Applying from there brings the ticked name back and keeps the typed sentence.
        data = {
            "step": "choose",
            "original": r.context["original"],
            "shown": [str(n) for n in r.context["shown"]],
            "keep": [str(n) for n in r.context["kept"]],
            "text": typed,
        }
        text = visitor.post(self.url, data).context["form"].initial["text"]
        assert text.startswith("Marisol Quenby rang me from Harrogate.")
        assert text.count("Harrogate") == 2
        assert text.endswith(" Looking back, I felt rushed.")

    def test_it_applies_choices_onto_the_text_as_the_contributor_edited_it(self) -> None:
        visitor = HttpClient()
        r = self.review(visitor)
        phone = next(row["n"] for row in r.context["findings"] if row["surface"] == "07700 900123")
        edited = r.context["form"].initial["text"] + " Looking back, I felt rushed."
        data = {"step": "choose", "original": STORY, "keep": [str(phone)], "text": edited}
        r = visitor.post(self.url, data)
        assert r.status_code == 200
        text = r.context["form"].initial["text"]
        assert text.endswith(" Looking back, I felt rushed.")
        assert "07700 900123" in text
        assert "Marisol" not in text
        assert phone in r.context["kept"]
        # Unticking it again puts the proposal back, and the typed sentence stays.
        shown = [str(n) for n in r.context["shown"]]
        data = {"step": "choose", "original": STORY, "shown": shown, "text": text}
        text = visitor.post(self.url, data).context["form"].initial["text"]
        assert "07700" not in text
        assert "[phone]" in text
        assert text.endswith(" Looking back, I felt rushed.")
        # Words typed right beside a finding leave it to be chosen.
        beside = text.replace("[phone]", "[phone] (a mobile)")
        data = {"step": "choose", "original": STORY, "keep": [str(phone)], "text": beside}
        text = visitor.post(self.url, data).context["form"].initial["text"]
        assert "07700 900123 (a mobile)" in text

    def test_it_keeps_the_typed_words_when_a_finding_was_edited_and_says_so(self) -> None:
        visitor = HttpClient()
        r = self.review(visitor)
        phone = next(row["n"] for row in r.context["findings"] if row["surface"] == "07700 900123")
        edited = r.context["form"].initial["text"].replace("[phone]", "my mobile")
        data = {"step": "choose", "original": STORY, "keep": [str(phone)], "text": edited}
        r = visitor.post(self.url, data)
        assert r.context["form"].initial["text"] == edited
        assert phone not in r.context["kept"]
        html = r.content.decode()
        assert "The words where “07700 900123” stood are no longer as they were" in html
        assert "Your text is kept as you typed it" in html

    def test_it_leaves_findings_as_typed_rather_than_match_a_page_of_one_word(self) -> None:
        story = "so " * 6000 + STORY
        visitor = HttpClient()
        r = self.review(visitor, story)
        phone = next(row["n"] for row in r.context["findings"] if row["surface"] == "07700 900123")
        edited = "First, " + r.context["form"].initial["text"] + " Then I stopped."
        data = {"step": "choose", "original": story, "keep": [str(phone)], "text": edited}
        r = visitor.post(self.url, data)
        assert r.context["form"].initial["text"] == edited
        said = "The words where “07700 900123” stood are no longer as they were"
        assert said in r.content.decode()

    def test_it_sends_the_text_and_the_choices_in_one_form(self) -> None:
        html = self.review(HttpClient()).content.decode()
        assert html.count("<form") == 1
        assert 'name="step" value="choose"' in html
        assert 'name="step" value="send"' in html

    def test_it_sends_the_reviewed_text_and_gives_a_codename_once(self) -> None:
        visitor = HttpClient()
        r = self.send(visitor, "Person A asked me for a free session. I said yes.")
        assert r.status_code == 200
        assert not r.cookies
        codename = r.context["codename"]
        assert looks_like_codename(codename)
        assert codename in r.content.decode()
        vignette = Vignette.objects.get()
        assert vignette.text == "Person A asked me for a free session. I said yes."
        assert vignette.codename_hash == hash_codename(codename)
        assert codename not in every_stored_value()
        assert vignette.status == Vignette.Status.WAITING

    def test_the_same_send_form_sent_twice_stores_one_vignette(self) -> None:
        visitor = HttpClient()
        html = self.review(visitor).content.decode()
        (once,) = re.findall(r'name="once" value="([^"]+)"', html)
        data = {
            "step": "send",
            "text": "Person A asked me for a free session.",
            "disguise": "thick",
            "licence": "cc-by",
            "once": once,
        }
        first = visitor.post(self.url, data)
        assert first.status_code == 200
        again = visitor.post(self.url, data)  # a reload of the thank-you page
        assert again.status_code == 409
        assert "already been sent" in again.content.decode()
        assert first.context["codename"] not in again.content.decode()
        assert Vignette.objects.count() == 1
        # A new review is a new form: it sends a second vignette.
        (fresh,) = re.findall(r'name="once" value="([^"]+)"', self.review(visitor).content.decode())
        assert fresh != once
        assert visitor.post(self.url, {**data, "once": fresh}).status_code == 200
        assert Vignette.objects.count() == 2

    def test_it_shows_typed_markup_as_text_while_reviewing(self) -> None:
        typed = '<i data-typed="r">Marisol Quenby</i> rang "me".'
        r = self.review(HttpClient(), typed)
        assert b'<i data-typed="r">' not in r.content
        assert b"&lt;i data-typed=" in r.content

    def test_it_keeps_what_was_typed_when_a_choice_is_missing(self) -> None:
        r = self.client.post(self.url, {"step": "send", "text": "My own words, kept."})
        assert r.status_code == 200
        assert "My own words, kept." in r.content.decode()
        assert "Please choose how the people in it are disguised." in r.content.decode()
        assert not Vignette.objects.exists()

    def test_it_asks_for_text_and_refuses_nul(self) -> None:
        r = self.review(HttpClient(), "")
        assert "Please paste or write the vignette first." in r.content.decode()
        r = self.review(HttpClient(), "a\x00b")
        assert r.status_code == 200
        assert not Vignette.objects.exists()

    def test_it_stores_no_address_browser_referrer_language_or_precise_time(self) -> None:
        handler = Captured()
        root = logging.getLogger()
        root.addHandler(handler)
        try:
            headers: dict[str, Any] = {
                "REMOTE_ADDR": ADDRESS,
                "HTTP_USER_AGENT": AGENT,
                "HTTP_REFERER": REFERRER,
                "HTTP_ACCEPT_LANGUAGE": LANGUAGE,
            }
            visitor = HttpClient(**headers)
            self.review(visitor)
            r = self.send(visitor, "Person A asked me for a free session.")
            codename = r.context["codename"]
            visitor.post(reverse("contribute_status"), {"codename": codename})
            visitor.post(reverse("contribute_status"), {"codename": "not the right words"})
            # Replying to a question and approving a version by codename keep nothing more.
            sent = Vignette.objects.get()
            ask_contributor(sent, "Could the town be a city?", now=NOW)
            save_edit(sent, Edit(title="A free session", text=sent.text), now=NOW)
            status = reverse("contribute_status")
            r = visitor.post(status, {"codename": codename, "action": "reply", "reply": "Yes."})
            assert r.context["done"] == "replied"
            r = visitor.post(status, {"codename": codename, "action": "approve", "version": "1"})
            assert r.context["done"] == "approved"
        finally:
            root.removeHandler(handler)
        stored = every_stored_value() + "\n".join(handler.lines)
        for marker in (ADDRESS, AGENT, "Quillbrowser", REFERRER, "zanzibarquill", LANGUAGE):
            assert marker not in stored, f"{marker!r} was kept"
        vignette = Vignette.objects.get()
        # NOW is Sunday 1 November 2026: the week began on Monday 26 October.
        assert vignette.received_week == date(2026, 10, 26)
        # The one precise time is when a published vignette appears, drawn at random
        # after publication; a contribution and its messages keep no time of their own.
        for model, allowed in ((Vignette, ["appears_at"]), (Message, []), (Pin, [])):
            times = [
                f.name
                for f in model._meta.get_fields()
                if f.get_internal_type() in ("DateTimeField", "TimeField")
            ]
            assert times == allowed, model
        assert vignette.appears_at is None
        assert only_vignettes_own_relations()
