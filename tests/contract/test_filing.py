"""The journal files each record under its incident, as it appends it and, for the records of a
journal written before the filing existed, when the schema is upgraded (migration 0005)."""

from __future__ import annotations

from tenfour.journal.migrate import upgrade_to
from tenfour.journal.store import Journal, open_journal
from tests.journal_support import extend, make_records, sql_dba


def test_records_are_filed_as_they_are_appended(journal: Journal) -> None:
    written = extend(journal, 3)
    assert [f.seq for f in journal.filed("I-2")] == [2]
    assert journal.filed("I-2")[0].hash == written[1].hash
    assert journal.files("I-3") and not journal.files("I-9")


def test_the_upgrade_files_the_records_already_there(durable_journal_url: str) -> None:
    url = durable_journal_url
    with open_journal(url) as journal:
        upgrade_to(journal.sqlalchemy_url(), "0003_keys_and_sealed_snapshots")  # type: ignore[attr-defined]
    with sql_dba(url) as dba:  # rows written by tenfour before the filing existed
        dba.rewrite(make_records(4))
    with open_journal(url) as journal:
        journal.migrate()
        assert [f.seq for f in journal.filed("I-3")] == [3]
        extend(journal, 1)
        assert journal.files("I-5")
