from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    """Stable across inserts: ordered by id."""

    ordering = "pk"
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500
