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
