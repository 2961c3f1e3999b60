"""The system check warns when the key folder sits inside the data folder."""

from __future__ import annotations

from pathlib import Path

from django.test.utils import override_settings

from fulcrum.kernel.checks import check_key_outside_data_folder


def test_it_warns_when_a_copy_of_the_data_folder_would_carry_the_key(tmp_path: Path) -> None:
    with override_settings(
        FULCRUM_DATA_KEY="", DATA_DIR=tmp_path / "var", FULCRUM_KEY_DIR=tmp_path / "var" / "keys"
    ):
        [warning] = check_key_outside_data_folder()
    assert warning.id == "fulcrum.W101"
    assert "FULCRUM_KEY_DIR" in (warning.hint or "")


def test_it_is_quiet_for_a_folder_beside_the_data_folder(tmp_path: Path) -> None:
    with override_settings(
        FULCRUM_DATA_KEY="", DATA_DIR=tmp_path / "var", FULCRUM_KEY_DIR=tmp_path / "var-keys"
    ):
        assert check_key_outside_data_folder() == []


def test_it_stops_a_start_with_a_key_it_cannot_read(tmp_path: Path) -> None:
    from fulcrum.kernel.checks import check_data_key_readable
    from fulcrum.kernel.keys import forget_cached_keys

    with override_settings(FULCRUM_DATA_KEY="not-a-key", FULCRUM_KEY_DIR=tmp_path / "keys"):
        [error] = check_data_key_readable()
    forget_cached_keys()
    assert error.id == "fulcrum.E101"
    assert "FULCRUM_DATA_KEY" in error.msg


def test_it_passes_a_readable_key_and_a_key_file_still_to_be_made(tmp_path: Path) -> None:
    from fulcrum.kernel.checks import check_data_key_readable
    from fulcrum.kernel.keys import forget_cached_keys

    with override_settings(FULCRUM_DATA_KEY="", FULCRUM_KEY_DIR=tmp_path / "keys"):
        assert check_data_key_readable() == []
        assert not (tmp_path / "keys").exists()
    forget_cached_keys()
    assert check_data_key_readable() == []  # the suite's own key
