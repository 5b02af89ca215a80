"""Models for funding: built by its own issue."""
