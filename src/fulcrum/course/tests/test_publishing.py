"""Publishing an adapted course: only an educator may, each version is numbered after the
one served, unchanged content is refused, and a published version is never changed or
removed (the model refuses, and so do the database's triggers)."""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction

from fulcrum.accounts.models import Role
from fulcrum.cli import main
from fulcrum.core.course.content import DEFAULT_DIRECTORY, Course, load_course
from fulcrum.core.errors import InvalidInput
from fulcrum.course.models import PublishedCourse
from fulcrum.course.services import (
    COURSE_PUBLISHED,
    course_digest,
    current_course,
    publish_course,
)
from fulcrum.ledger.models import AppendOnly, Entry
from fulcrum.ledger.services import verify_stream
from fulcrum.testing import NOW, make_user

pytestmark = pytest.mark.django_db


def reworded(course: Course, words: str = "Reworded: ") -> Course:
    """``course`` with its first module's first item's prompt reworded."""
    module = course.modules[0]
    item = dataclasses.replace(module.items[0], prompt=words + module.items[0].prompt)
    module = dataclasses.replace(module, items=(item, *module.items[1:]))
    return dataclasses.replace(course, modules=(module, *course.modules[1:]))


def test_an_educator_publishes_a_version_numbered_after_the_bundled_one() -> None:
    educator = make_user("eddie", Role.EDUCATOR)
    bundled = load_course()
    published = publish_course(reworded(bundled), educator, now=NOW)
    assert published.number == bundled.version + 1
    assert published.published_by == educator
    assert published.published_at == NOW
    served = current_course()
    assert served.version == published.number
    assert served.modules[0].items[0].prompt.startswith("Reworded: ")
    assert published.digest == course_digest(served)
    again = publish_course(reworded(bundled, "Again: "), educator, now=NOW + timedelta(days=1))
    assert again.number == published.number + 1
    assert current_course().modules[0].items[0].prompt.startswith("Again: ")


def test_the_same_content_twice_is_refused_as_nothing_changed() -> None:
    educator = make_user("eddie", Role.EDUCATOR)
    adapted = reworded(load_course())
    publish_course(adapted, educator, now=NOW)
    with pytest.raises(InvalidInput, match="Nothing changed"):
        publish_course(adapted, educator, now=NOW + timedelta(days=1))
    with pytest.raises(InvalidInput, match="Nothing changed"):
        publish_course(current_course(), educator, now=NOW + timedelta(days=1))
    assert PublishedCourse.objects.count() == 1


def test_only_an_educator_may_publish() -> None:
    practitioner = make_user("pat")
    supervisor = make_user("sue", Role.SUPERVISOR)
    for user in (practitioner, supervisor):
        with pytest.raises(InvalidInput, match="educator role"):
            publish_course(reworded(load_course()), user, now=NOW)
    assert not PublishedCourse.objects.exists()


def test_a_course_with_another_id_is_refused() -> None:
    educator = make_user("eddie", Role.EDUCATOR)
    other = dataclasses.replace(reworded(load_course()), id="another-course")
    with pytest.raises(InvalidInput, match="keeps that id"):
        publish_course(other, educator, now=NOW)


def test_a_published_version_is_never_changed_or_removed() -> None:
    educator = make_user("eddie", Role.EDUCATOR)
    published = publish_course(reworded(load_course()), educator, now=NOW)
    attempts: list[Callable[[], object]] = [
        lambda: published.save(),
        lambda: published.delete(),
        lambda: PublishedCourse.objects.filter(pk=published.pk).update(number=99),
        lambda: PublishedCourse.objects.filter(pk=published.pk).delete(),
        lambda: connection.cursor().execute("UPDATE course_publishedcourse SET number = 99"),
        lambda: connection.cursor().execute("DELETE FROM course_publishedcourse"),
    ]
    for attempt in attempts:
        with pytest.raises((AppendOnly, DatabaseError)), transaction.atomic():
            attempt()
    assert PublishedCourse.objects.get(pk=published.pk).number == published.number


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    try:
        main(argv)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    out = capsys.readouterr()
    return code, out.out, " ".join(out.err.split())


def _adapted(tmp_path: Path) -> Path:
    target = tmp_path / "adapted"
    shutil.copytree(DEFAULT_DIRECTORY, target)
    module = sorted((target / "modules").glob("*.toml"))[0]
    text = module.read_text(encoding="utf-8")
    module.write_text(
        text.replace('prompt = "In this course', 'prompt = "Adapted: In this course', 1),
        encoding="utf-8",
    )
    return target


def test_the_cli_publishes_as_an_educator_and_refuses_the_same_content_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_user("eddie", Role.EDUCATOR)
    target = _adapted(tmp_path)
    code, out, err = _run(["course", "publish", str(target), "--as", "eddie"], capsys)
    assert code == 0, err
    assert "Published power-in-practice version 2" in out
    assert current_course().modules[0].items[0].prompt.startswith("Adapted: ")
    code, out, err = _run(["course", "publish", str(target), "--as", "eddie"], capsys)
    assert code == 1
    assert "Nothing changed" in err
    assert "Traceback" not in out + err
    assert PublishedCourse.objects.count() == 1


def test_the_cli_refuses_a_non_educator_an_unknown_user_and_a_refused_course(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make_user("pat")
    target = _adapted(tmp_path)
    code, _, err = _run(["course", "publish", str(target), "--as", "pat"], capsys)
    assert code == 1
    assert "does not hold the educator role" in err
    code, _, err = _run(["course", "publish", str(target), "--as", "nobody"], capsys)
    assert code == 1
    assert "no user called 'nobody'" in err
    make_user("eddie", Role.EDUCATOR)
    toml = target / "course.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('"1.2"', '"9"'), encoding="utf-8")
    code, out, err = _run(["course", "publish", str(target), "--as", "eddie"], capsys)
    assert code == 1
    assert "'declared_hours'" in err
    assert "Traceback" not in out + err
    assert not PublishedCourse.objects.exists()


def test_key_rotation_leaves_a_published_version_sealed_as_it_was_and_readable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from django.test.utils import override_settings

    from fulcrum.kernel import keys

    with override_settings(FULCRUM_DATA_KEY="", FULCRUM_KEY_DIR=tmp_path / "keys"):
        keys.forget_cached_keys()
        try:
            published = publish_course(
                reworded(load_course()), make_user("eddie", Role.EDUCATOR), now=NOW
            )
            old = keys.key_ring().current.id
            with connection.cursor() as cursor:
                cursor.execute("SELECT content FROM course_publishedcourse")
                (sealed,) = cursor.fetchone()
            # Rotation leaves frozen rows under their key (the triggers would refuse a
            # rewrite), so it never fails on them; the old key is kept for them.
            _run(["keys", "rotate"], capsys)
            assert keys.key_ring(refresh=True).current.id != old
            assert keys.key_ring().get(old) is not None
            with connection.cursor() as cursor:
                cursor.execute("SELECT content FROM course_publishedcourse")
                assert cursor.fetchone() == (sealed,)
            kept = PublishedCourse.objects.get(pk=published.pk)
            assert kept.content["modules"][0]["items"][0]["prompt"].startswith("Reworded: ")
        finally:
            keys.forget_cached_keys()


def test_publishing_is_sealed_in_the_educators_ledger() -> None:
    educator = make_user("eddie", Role.EDUCATOR)
    published = publish_course(reworded(load_course()), educator, now=NOW)
    (entry,) = Entry.objects.filter(kind=COURSE_PUBLISHED)
    assert entry.stream.owner == educator
    body = json.loads(entry.sealed().body)
    assert body["payload"] == {
        "course": published.course_id,
        "number": published.number,
        "digest": published.digest,
    }
    assert verify_stream(entry.stream).ok
