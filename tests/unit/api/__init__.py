"""Unit tests of the API pieces that need no server."""
