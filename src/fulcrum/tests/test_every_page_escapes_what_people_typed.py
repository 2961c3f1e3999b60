"""Whatever a practitioner (or a transcript, or a client) typed is shown as text, never markup.

Every free-text field of alice's workspace holds a small piece of HTML; alice then
opens every page of the URL map with her own ids. Text drawn into the SVG charts and
the QR code is marked safe by the views, so a chart that forgot to escape would show
up here as the raw tag.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

from django.urls import get_resolver, reverse
from django.utils import timezone

from fulcrum.accounts.services import issue_api_token
from fulcrum.checkins.models import CheckIn, DriftWarning
from fulcrum.clientvoice.services import create_link, submit_answers
from fulcrum.core.voice import VoiceAnswers
from fulcrum.harbour.services import current_plan, record_practice, save_plan
from fulcrum.reflection.services import EntryData, write_entry
from fulcrum.testing import NOW, BaseTestCase, make_checkin, make_client, make_power_map
from fulcrum.tests.test_every_page_is_private import API_PAGES, ID_ARGS, PLAIN_ARGS, _args, _walk
from fulcrum.transcripts.services import attach_transcript


def tag(n: int) -> str:
    """A short piece of markup, numbered so a failure says which field it came from."""
    return f'<i data-typed="{n}">'


FIELDS = {
    1: "client code",
    2: "alias",
    3: "map note",
    4: "check-in note",
    5: "disclosure note",
    6: "client signals",
    7: "journal entry",
    8: "plan action",
    9: "plan note",
    10: "client's comment",
    11: "token name",
    12: "practitioner's name in a transcript",
    13: "client's name in a transcript",
    14: "what was said",
    15: "transcript file name",
}


def transcript_csv() -> bytes:
    rows = [
        (f"Dana {tag(12)}", f"Would you like to start with the week, {tag(14)} or the shoulder?"),
        (f"Sam {tag(13)}", "The shoulder. I told my sister about it."),
        (f"Dana {tag(12)}", "When I hurt my own shoulder I rested it. Shall we begin?"),
        (f"Sam {tag(13)}", "Yes please."),
    ]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["speaker", "text"])
    writer.writerows(rows)
    return buffer.getvalue().encode()


class EveryPageEscapesTestCase(BaseTestCase):
    def test_it_shows_typed_markup_as_text_on_every_page(self) -> None:
        alice = self.alice
        case = make_client(alice, f"Z{tag(1)}", alias=f"Al{tag(2)}")
        power_map = make_power_map(case, note=tag(3))
        for day in range(16, 0, -1):
            slipping = day <= 6
            make_checkin(
                case,
                days_ago=day,
                choices_offered="no" if slipping else "yes",
                choices_count=None if slipping else 2,
                started_on_time=not slipping,
                disclosure=slipping,
                disclosure_served="practitioner" if slipping else "",
                disclosure_note=tag(5) if slipping else "",
                client_signals_noticed=True,
                client_signals=tag(6),
                note=tag(4),
            )
        checkin = CheckIn.objects.filter(client=case).order_by("-session_at").first()
        warning = DriftWarning.objects.filter(client=case).first()
        assert checkin is not None
        assert warning is not None
        transcript = attach_transcript(
            case,
            transcript_csv(),
            f"s{tag(15)}.csv",
            checkin=checkin,
            practitioner=f"Dana {tag(12)}",
            now=NOW,
        )
        entry = write_entry(
            alice,
            EntryData(body=tag(7), client=case, checkin=checkin, include_in_supervision=True),
            now=NOW,
        )
        plan, _ = save_plan(
            alice, {("trust", 1): tag(8)}, now=NOW - timedelta(days=30), note=tag(9)
        )
        current = current_plan(alice)
        assert current is not None
        record_practice(checkin, [a.pk for a in current.actions.all()], owner=alice)
        _, raw = create_link(checkin, now=checkin.session_at)
        submit_answers(raw, VoiceAnswers(2, 9, 9, 9), comment=tag(10), now=checkin.session_at)
        link, _ = create_link(checkin, now=timezone.now())
        token = issue_api_token(alice, name=tag(11), now=NOW).token
        ids = {
            "client_id": case.pk,
            "map_id": power_map.pk,
            "checkin_id": checkin.pk,
            "warning_id": warning.pk,
            "entry_id": entry.pk,
            "version": plan.version,
            "transcript_id": transcript.pk,
            "link_id": link.pk,
            "token_id": token.pk,
        }
        report = (
            f"{reverse('supervision_report')}?clients={case.pk}&since=2026-01-01"
            f"&until=2026-12-31&entries={entry.pk}"
            + "".join(f"&notes={k}" for k in ("checkin", "disclosure", "map", "client_comment"))
        )
        self.login(alice)
        pages = [report]
        for route, name in _walk(get_resolver().url_patterns):
            if name.startswith("api:") and name not in API_PAGES:
                continue
            if name in {
                "login",
                "signup",
                "logout",
                "voice_answer",
                "supervision_pdf",
                "api:api-root",
            }:
                continue
            args = _args(route)
            kwargs = {a: ids[a] if a in ID_ARGS else PLAIN_ARGS[a] for a in args}
            pages.append(reverse(name, kwargs=kwargs))
        # Pages that read ids from the query string too.
        pages += [
            f"{reverse('journal_write')}?warning={warning.pk}&checkin={checkin.pk}",
            f"{reverse('checkin_create', args=[case.pk])}?transcript={transcript.pk}",
            f"{reverse('journal_list')}?q=i&client={case.pk}",
        ]
        shown = 0
        for url in pages:
            with self.subTest(url=url):
                r = self.client.get(url)
                if r.status_code == 405:
                    continue
                assert r.status_code == 200, f"{url} answered {r.status_code}"
                if r.streaming:  # a docs asset, no one's text
                    r.close()
                    continue
                html = r.content.decode()
                raw_tags = sorted({int(n) for n in re.findall(r'<i data-typed="(\d+)">', html)})
                assert not raw_tags, f"{url} shows as markup: {[FIELDS[n] for n in raw_tags]}"
                shown += html.count("data-typed=")
        assert shown > 50, "the typed text should appear, escaped, on many pages"
