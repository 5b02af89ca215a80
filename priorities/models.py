"""Models for priorities: built by its own issue."""
