"""Journal schema revisions, oldest first."""
