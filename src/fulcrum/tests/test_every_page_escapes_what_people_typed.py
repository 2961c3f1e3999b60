"""Whatever a practitioner (or a transcript, or a client) typed is shown as text, never markup.

Every free-text field of alice's workspace holds a small piece of HTML; alice then
opens every page of the URL map with her own ids. Text drawn into the SVG charts and
the QR code is marked safe by the views, so a chart that forgot to escape would show
up here as the raw tag.
"""

from __future__ import annotations

import re

from django.urls import reverse

from fulcrum.testing import BaseTestCase
from fulcrum.tests.workspace import (
    API_PAGES,
    ID_ARGS,
    PLAIN_ARGS,
    Texts,
    body_of,
    build_workspace,
    route_args,
    walk_urls,
)

# Pages only a supervisor opens: visited as the workspace's supervisor.
SUPERVISOR_PAGES = {
    "supervisor_home",
    "supervision_accept",
    "supervisor_share",
    "supervisor_comment",
    "supervisor_review",
    "supervisor_hours_decide",
}
FIELDS = list(Texts.__dataclass_fields__)


def tag(field: str) -> str:
    """A short piece of markup, numbered so a failure says which field it came from."""
    return f'<i data-typed="{FIELDS.index(field)}">'


TEXTS = Texts(**{field: tag(field) for field in FIELDS})


class EveryPageEscapesTestCase(BaseTestCase):
    def test_it_shows_typed_markup_as_text_on_every_page(self) -> None:
        workspace = build_workspace(self.alice, TEXTS)
        ids = workspace.ids()
        case, checkin, warning = workspace.client, workspace.checkin, workspace.warning
        transcript, entry = workspace.transcript, workspace.entry
        report = (
            f"{reverse('supervision_report')}?clients={case.pk}&since=2026-01-01"
            f"&until=2026-12-31&entries={entry.pk}"
            + "".join(f"&notes={k}" for k in ("checkin", "disclosure", "map", "client_comment"))
        )
        self.login(self.alice)
        pages = [report]
        supervisor_pages: list[str] = []
        for route, name in walk_urls():
            if name.startswith("api:") and name not in API_PAGES:
                continue
            if name in {
                "login",
                "signup",
                "password_reset",
                "login_code",
                "logout",
                "voice_answer",
                "consent_answer",  # visited below with its token
                "consent_receipt",  # a PDF download through the client's used link
                "consent_client_receipt",  # a PDF download, not a page
                "course_verify",  # public, by code: course/tests check it escapes the name
                "supervision_pdf",
                "supervision_share_create",  # a GET only returns to the report, visited above
                "supervision_hours_csv",  # a CSV download, not a page
                "supervision_hours_pdf",  # a PDF download, not a page
                "api:api-root",
            }:
                continue
            args = route_args(route)
            kwargs = {a: ids[a] if a in ID_ARGS else PLAIN_ARGS[a] for a in args}
            if name in SUPERVISOR_PAGES:
                supervisor_pages.append(reverse(name, kwargs=kwargs))
            else:
                pages.append(reverse(name, kwargs=kwargs))
        # Pages that read ids from the query string too.
        pages += [
            f"{reverse('journal_write')}?warning={warning.pk}&checkin={checkin.pk}",
            f"{reverse('checkin_create', args=[case.pk])}?transcript={transcript.pk}",
            f"{reverse('journal_list')}?q=i&client={case.pk}",
            reverse("consent_answer", args=[workspace.consent_token]),
        ]
        shown = 0
        visits = [(self.alice, url) for url in pages]
        visits += [(workspace.supervisor, url) for url in supervisor_pages]
        visits += [
            (workspace.supervisor, reverse("supervision_link", args=[ids["supervision_id"]]))
        ]
        for who, url in visits:
            self.login(who)
            with self.subTest(url=url):
                r = self.client.get(url)
                if r.status_code == 405:
                    continue
                assert r.status_code == 200, f"{url} answered {r.status_code}"
                html = body_of(r).decode("utf-8", "replace")
                raw_tags = sorted({int(n) for n in re.findall(r'<i data-typed="(\d+)">', html)})
                assert not raw_tags, f"{url} shows as markup: {[FIELDS[n] for n in raw_tags]}"
                shown += html.count("data-typed=")
        assert shown > 50, "the typed text should appear, escaped, on many pages"
