"""Row links built from a prefix (``partnership.links.url_prefix``): the page reverses the URL
once, each row appends its pk and what follows it."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from partnership.links import url_prefix


def test_the_prefix_stops_just_before_the_pk() -> None:
    assert url_prefix("partnership:meeting", "east") == "/p/east/meetings/"
    assert url_prefix("partnership:meeting", "east") + "7/" == "/p/east/meetings/7/"


def test_what_follows_the_pk_is_left_to_the_row() -> None:
    prefix = url_prefix("funding:line_edit", "east", 3, after_pk="/edit/")
    assert prefix == "/p/east/funding/awards/3/lines/"
    assert prefix + "12/edit/" == "/p/east/funding/awards/3/lines/12/edit/"


def test_a_pattern_that_does_not_end_as_said_is_refused_not_cut_wrongly() -> None:
    with pytest.raises(ImproperlyConfigured, match=r"funding:line_edit: /p/east/funding/awards/3/"
                                                   r"lines/0/edit/ does not end with the pk"):
        url_prefix("funding:line_edit", "east", 3)
