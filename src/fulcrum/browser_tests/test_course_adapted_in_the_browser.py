"""An educator adapts the course in a real browser: downloads the course the site serves,
uploads an edited zip, reads the check's arithmetic, publishes it, and a learner's module
page shows the new words."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from fulcrum.accounts.models import Role
from fulcrum.browser_tests.signin import sign_in, sign_in_with_second_factor
from fulcrum.course.models import PublishedCourse
from fulcrum.testing import make_user
from fulcrum.vignettes.tests.helpers import make_educator

if TYPE_CHECKING:
    from playwright.sync_api import Page
    from pytest_django.live_server_helper import LiveServer

pytestmark = pytest.mark.browser

ADDED = "A paragraph this educator added about power at the reception desk."


def test_an_educator_downloads_edits_checks_and_publishes_the_course(
    page: Page, live_server: LiveServer, artifacts: Path, tmp_path: Path
) -> None:
    make_educator("erin")
    make_user("dana", Role.PRACTITIONER)
    base = live_server.url
    sign_in_with_second_factor(page, base, "erin")
    page.goto(base + "/course/teach/course/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the course the site serves").click()
    source = tmp_path / "course.zip"
    download.value.save_as(source)
    with zipfile.ZipFile(source) as z:
        files = {name: z.read(name) for name in z.namelist()}
    first = sorted(n for n in files if n.startswith("modules/") and n.endswith(".md"))[0]
    files[first] += f"\n\n{ADDED}\n".encode()
    files["course.toml"] = files["course.toml"].replace(b"version = 1\n", b"version = 2\n")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(f"adapted/{name}", data)
    adapted = tmp_path / "adapted.zip"
    adapted.write_bytes(buffer.getvalue())

    page.set_input_files("#course_zip", str(adapted))
    page.get_by_role("button", name="Check it", exact=True).click()
    page.get_by_role("status").filter(has_text="may be published").wait_for()
    assert "Computed CE hours" in page.content()
    page.screenshot(path=str(artifacts / "course-adapt-checked.png"), full_page=True)
    # The checked course stays on the page: publishing it needs no second upload.
    page.get_by_role("button", name="Publish version 2").click()
    page.get_by_text("Published version 2").wait_for()
    assert PublishedCourse.objects.count() == 1

    page.context.clear_cookies()
    sign_in(page, base, "dana")
    module_id = first.removeprefix("modules/").removesuffix(".md").split("-", 1)[1]
    page.goto(f"{base}/course/{module_id}/")
    page.get_by_text(ADDED).wait_for()
