"""Models for reviews: built by its own issue."""
