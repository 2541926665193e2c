"""A centre as a file: its schema, reading it with line numbers, plan, apply, export."""
