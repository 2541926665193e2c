"""Errors raised by the journal stores; drivers' own errors are kept for infrastructure failures."""

from __future__ import annotations


class JournalError(Exception):
    """Base class of every error the journal raises on purpose."""


class JournalConflict(JournalError):  # noqa: N818 - API names: facts, not 'Error's
    """A write does not fit the journal's head (wrong seq or prev_hash) or repeats a key."""


class WriterLockHeld(JournalError):  # noqa: N818 - API names: facts, not 'Error's
    """Another process (or connection) already holds the journal's single-writer lock."""


class JournalNotFound(JournalError):  # noqa: N818 - API names: facts, not 'Error's
    """The journal does not exist and the caller asked not to create it."""


class JournalUnavailable(JournalError):  # noqa: N818 - API names: facts, not 'Error's
    """The journal's storage cannot be reached (bad URL, server down, unreadable file)."""


class KeyRefused(JournalError):  # noqa: N818 - a refusal, shown to the operator as a message
    """This process may not sign for the journal; the message names the expected key."""
