"""A client code that looks like a spreadsheet formula is exported as text in CSV."""

from __future__ import annotations

import csv
import io

import pytest

from fulcrum.cli import main
from fulcrum.testing import make_checkin, make_client, make_user


@pytest.mark.parametrize("code", ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)"])
def test_it_guards_codes_against_spreadsheet_formulas(
    code: str, db: None, capsys: pytest.CaptureFixture[str]
) -> None:
    make_checkin(make_client(make_user("alice"), code))
    main(["export", "--user", "alice", "--format", "csv"])
    (row,) = csv.DictReader(io.StringIO(capsys.readouterr().out))
    assert row["client_code"] == "'" + code
