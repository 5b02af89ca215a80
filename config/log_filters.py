"""Logging filters named in settings.LOGGING."""

from __future__ import annotations

import logging


class ForbiddenOnOneLine(logging.Filter):
    """Drop the traceback from django.request's 403 records: a refused request is expected
    (someone followed a link their role does not allow), so one line says all there is."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True
