"""Models for actionplans: built by its own issue."""
