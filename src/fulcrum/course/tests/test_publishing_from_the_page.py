"""An educator adapts the course without a shell: downloads the bundled course as a zip,
uploads an edited zip, sees the same arithmetic and refusals as ``fulcrum course check``,
and publishes it; a zip that is not a course is refused in one sentence, naming the file
inside the zip and never a folder of the server."""

from __future__ import annotations

import base64
import io
import re
import tempfile
import zipfile
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from fulcrum.course.models import PublishedCourse
from fulcrum.course.services import current_course
from fulcrum.testing import BaseTestCase
from fulcrum.vignettes.tests.helpers import make_educator


def course_zip(changes: dict[str, bytes | None] | None = None, *, top: str = "") -> bytes:
    """The bundled course as the page hands it out, with ``changes`` (name → new bytes, or
    None to leave the file out), its files under the folder ``top`` if given."""
    with zipfile.ZipFile(io.BytesIO(bundled_bytes())) as source:
        files = {name: source.read(name) for name in source.namelist()}
    for name, data in (changes or {}).items():
        if data is None:
            files.pop(name, None)
        else:
            files[name] = data
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in files.items():
            archive.writestr(f"{top}{name}", data)
    return buffer.getvalue()


def bundled_bytes() -> bytes:
    from fulcrum.course.adapting import bundled_zip

    return bundled_zip()


def bumped(course_toml: bytes, *, version: int = 2, hours: str | None = None) -> bytes:
    text = course_toml.decode().replace("version = 1\n", f"version = {version}\n")
    if hours is not None:
        text = text.replace('declared_hours = "1.2"', f'declared_hours = "{hours}"')
    return text.encode()


class PublishingFromThePageTest(BaseTestCase):
    def setUp(self) -> None:
        self.erin = make_educator()
        self.url = reverse("teach_course")
        with zipfile.ZipFile(io.BytesIO(bundled_bytes())) as z:
            self.course_toml = z.read("course.toml")
            self.first = next(
                n for n in z.namelist() if n.startswith("modules/") and n.endswith(".md")
            )
            self.first_md = z.read(self.first)

    def post(self, data: bytes, action: str = "check", name: str = "course.zip"):  # type: ignore[no-untyped-def]
        upload = SimpleUploadedFile(name, data, content_type="application/zip")
        return self.client.post(self.url, {"action": action, "course_zip": upload})

    def test_the_bundled_zip_holds_the_course_folder(self) -> None:
        self.login(self.erin)
        response = self.client.get(reverse("teach_course_zip"))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/zip"
        assert "attachment" in response["Content-Disposition"]
        names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
        assert "course.toml" in names
        assert "reading.toml" in names
        assert any(n.startswith("modules/") for n in names)
        assert any(n.startswith("guides/") for n in names)

    def test_an_adapted_course_is_checked_then_published_and_served(self) -> None:
        self.login(self.erin)
        adapted = course_zip(
            {
                "course.toml": bumped(self.course_toml),
                self.first: self.first_md + b"\n\nA paragraph the educator added, in her words.\n",
            },
            top="my-course/",
        )
        checked = self.post(adapted)
        html = checked.content.decode()
        assert checked.status_code == 200
        assert "Computed CE hours" in html
        assert "The course may be published" in html
        assert not PublishedCourse.objects.exists()
        published = self.post(adapted, "publish")
        assert published.status_code == 302
        version = PublishedCourse.objects.get()
        assert (version.number, version.published_by) == (2, self.erin)
        assert "A paragraph the educator added" in str(current_course().modules)
        page = self.client.get(self.url).content.decode()
        assert "Published versions" in page
        assert "erin" in page
        again = self.post(adapted, "publish")
        assert again.status_code == 400
        assert "Nothing changed" in again.content.decode()
        assert PublishedCourse.objects.count() == 1

    def test_hours_declared_beyond_the_computed_ones_are_refused_with_the_arithmetic(self) -> None:
        self.login(self.erin)
        response = self.post(
            course_zip({"course.toml": bumped(self.course_toml, hours="3.0")}), "publish"
        )
        html = response.content.decode()
        assert response.status_code == 400
        assert "cannot be published yet" in html
        assert "course.toml" in html
        assert "declared_hours" in html
        assert "Computed CE hours" in html
        assert not PublishedCourse.objects.exists()

    def test_a_broken_file_is_named_inside_the_zip_never_by_a_server_folder(self) -> None:
        self.login(self.erin)
        response = self.post(course_zip({"course.toml": b"title = [unclosed\n"}))
        html = response.content.decode()
        assert response.status_code == 400
        assert "course.toml" in html
        assert "not valid TOML" in html
        assert "fulcrum-course-" not in html
        assert str(Path(tempfile.gettempdir())) not in html

    def test_what_is_not_a_course_zip_is_refused_in_one_sentence(self) -> None:
        self.login(self.erin)
        cases = {
            b"not a zip at all": "not a zip",
            course_zip({"../escape.toml": b"x = 1"}): "outside its folder",
            course_zip({"picture.png": b"\x89PNG"}): "only .toml and .md",
            course_zip({"course.toml": None}): "no course.toml",
        }
        for data, words in cases.items():
            response = self.post(data)
            assert response.status_code == 400, words
            assert words in response.content.decode(), words
        assert self.client.post(self.url, {"action": "check"}).status_code == 400
        assert not PublishedCourse.objects.exists()

    def test_only_educators_reach_the_page(self) -> None:
        self.login(self.alice)
        assert self.client.get(self.url).status_code == 404
        assert self.client.get(reverse("teach_course_zip")).status_code == 404
        assert (
            self.post(course_zip({"course.toml": bumped(self.course_toml)}), "publish").status_code
            == 404
        )
        assert not PublishedCourse.objects.exists()

    def test_a_published_version_downloads_as_its_folder_and_adapts_again(self) -> None:
        self.login(self.erin)
        first = course_zip(
            {
                "course.toml": bumped(self.course_toml),
                self.first: self.first_md + b"\n\nA paragraph the educator added.\n",
            }
        )
        assert self.post(first, "publish").status_code == 302
        response = self.client.get(reverse("teach_course_zip"))
        assert response.status_code == 200
        assert "fulcrum-course-v2.zip" in response["Content-Disposition"]
        with zipfile.ZipFile(io.BytesIO(response.content)) as z:
            files = {name: z.read(name) for name in z.namelist()}
        assert b"A paragraph the educator added." in files[self.first]
        files[self.first] += b"\n\nAnd a second one, a week later.\n"
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, data in files.items():
                archive.writestr(name, data)
        assert self.post(buffer.getvalue(), "publish").status_code == 302
        assert PublishedCourse.objects.count() == 2
        text = str(current_course().modules)
        assert "A paragraph the educator added." in text
        assert "And a second one, a week later." in text
        assert current_course().version == 3


class PublishingWhatWasCheckedTest(BaseTestCase):
    """After a check the page keeps the course, so publishing needs no second upload; what
    comes back is checked again, and a damaged copy is refused in a sentence."""

    def setUp(self) -> None:
        self.erin = make_educator()
        self.url = reverse("teach_course")
        with zipfile.ZipFile(io.BytesIO(bundled_bytes())) as z:
            first = next(n for n in z.namelist() if n.startswith("modules/") and n.endswith(".md"))
            self.adapted = course_zip(
                {
                    "course.toml": bumped(z.read("course.toml")),
                    first: z.read(first) + b"\n\nA closing thought the educator added.\n",
                }
            )

    def carried(self) -> str:
        upload = SimpleUploadedFile("course.zip", self.adapted, content_type="application/zip")
        page = self.client.post(self.url, {"action": "check", "course_zip": upload})
        assert page.status_code == 200
        match = re.search(r'name="checked_zip" value="([^"]+)"', page.content.decode())
        assert match is not None, "the checked course is not on the page"
        return match.group(1)

    def test_the_checked_course_is_published_without_choosing_it_again(self) -> None:
        self.login(self.erin)
        carried = self.carried()
        response = self.client.post(self.url, {"action": "publish", "checked_zip": carried})
        assert response.status_code == 302
        assert PublishedCourse.objects.get().number == 2

    def test_a_damaged_copy_is_refused_and_nothing_is_published(self) -> None:
        self.login(self.erin)
        carried = self.carried()
        broken = self.client.post(
            self.url, {"action": "publish", "checked_zip": carried[:-7] + "!"}
        )
        assert broken.status_code == 400
        assert "choose the zip file again" in broken.content.decode()
        edited = base64.b64encode(course_zip({"course.toml": b'title = "No version"\n'})).decode()
        refused = self.client.post(self.url, {"action": "publish", "checked_zip": edited})
        assert refused.status_code == 400
        assert "cannot be published yet" in refused.content.decode()
        assert not PublishedCourse.objects.exists()

    def test_nothing_chosen_is_asked_for_in_a_sentence(self) -> None:
        self.login(self.erin)
        response = self.client.post(self.url, {"action": "check"})
        assert response.status_code == 400
        assert "zip file to upload." in response.content.decode()
