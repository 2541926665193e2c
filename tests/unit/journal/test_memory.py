"""What only the memory journal has: named stores and their lifetime.

Its Journal promises are held with SQLite's and PostgreSQL's in tests/contract.
"""

from __future__ import annotations

import pytest

from tenfour.journal.chain import GENESIS_HASH
from tenfour.journal.errors import JournalNotFound, JournalUnavailable
from tenfour.journal.memory import MemoryJournal
from tenfour.journal.store import open_journal
from tests.journal_support import extend


def test_journals_opened_on_one_name_share_its_store() -> None:
    with open_journal("memory://shared") as writer, open_journal("memory://shared") as reader:
        records = extend(writer, 3)
        assert list(reader.read()) == records
        assert reader.read_command("cmd-2") == records[1:2]
        with open_journal("memory://other") as other:
            assert other.head() == (0, GENESIS_HASH)


def test_a_named_store_ends_with_its_last_journal() -> None:
    first = open_journal("memory://brief")
    extend(first, 2)
    with open_journal("memory://brief", create=False) as second:
        first.close()
        assert second.head()[0] == 2  # still open through the second
    with pytest.raises(JournalNotFound, match="no open memory journal named 'brief'"):
        open_journal("memory://brief", create=False)
    with open_journal("memory://brief") as again:
        assert again.head() == (0, GENESIS_HASH)


def test_a_memory_journal_needs_a_name_to_be_opened_by_url() -> None:
    with pytest.raises(JournalUnavailable, match="needs a name"):
        open_journal("memory://")


def test_an_unnamed_memory_journal_is_private() -> None:
    with MemoryJournal() as one, MemoryJournal() as two:
        extend(one, 1)
        assert two.head() == (0, GENESIS_HASH)
