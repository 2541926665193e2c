"""Integration tests of the HTTP API."""
