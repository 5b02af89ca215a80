"""The award page and the OPCC returns page run the same number of queries at 10 and 500."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from partnership.models import Role
from tests.conftest import count_queries, steady_queries
from tests.factories import PartnershipFactory, PccOfficeFactory, UserFactory, member

from .bulk import award_with_lines, returns_across_partnerships

pytestmark = pytest.mark.django_db


def award_page_queries(size: int, client_for: Any) -> tuple[int, str]:
    partnership: Any = PartnershipFactory()
    award = award_with_lines(partnership, size)
    client = client_for(member(partnership, Role.COORDINATOR))
    url = reverse("funding:award", args=[partnership.slug, award.pk])
    client.get(url)  # warm caches (session, content types)
    response: Any = None

    def fetch() -> None:
        nonlocal response
        response = client.get(url)

    queries = steady_queries(fetch)
    assert response.status_code == 200
    return queries, response.content.decode()


def test_award_page_queries_are_flat(client_for: Any) -> None:
    small, small_html = award_page_queries(10, client_for)
    large, large_html = award_page_queries(500, client_for)
    assert "Line 9" in small_html and "Line 499" in large_html
    assert (small, large) == (10, 10), f"10 lines: {small} queries, 500 lines: {large}"


def opcc_page_queries(size: int, client_for: Any) -> tuple[int, int]:
    office: Any = PccOfficeFactory()
    returns_across_partnerships(office, size)
    client = client_for(UserFactory(opcc_office=office))
    url = reverse("opcc:returns") + "?period=2015/16-H1"
    client.get(url)
    response: Any = None

    def fetch() -> None:
        nonlocal response
        response = client.get(url)

    queries = steady_queries(fetch)
    assert response.status_code == 200
    return queries, response.content.decode().count("/funding/returns/")


def test_opcc_returns_page_queries_are_flat(client_for: Any) -> None:
    small, small_rows = opcc_page_queries(10, client_for)
    large, large_rows = opcc_page_queries(500, client_for)
    assert (small_rows, large_rows) == (10, 500)
    assert (small, large) == (6, 6), f"10 returns: {small} queries, 500 returns: {large}"


def test_opcc_export_queries_are_flat(client_for: Any) -> None:
    counts = []
    for size in (10, 500):
        office: Any = PccOfficeFactory()
        returns_across_partnerships(office, size)
        client = client_for(UserFactory(opcc_office=office))
        url = reverse("opcc:export") + "?period=2015/16-H1&format=xlsx"
        client.get(url)

        def fetch(client: Any = client, url: str = url) -> None:
            client.get(url)

        counts.append(steady_queries(fetch))
    assert counts == [5, 5], counts


def test_spend_ledger_queries_are_flat(client_for: Any) -> None:
    counts = []
    for size in (10, 500):
        partnership: Any = PartnershipFactory()
        award = award_with_lines(partnership, size)
        client = client_for(member(partnership, Role.VIEWER))
        url = reverse("funding:spend_list", args=[partnership.slug, award.pk])
        client.get(url)

        def fetch(client: Any = client, url: str = url) -> None:
            assert client.get(url).status_code == 200

        counts.append(steady_queries(fetch))
    assert counts == [8, 8], counts


def test_return_page_queries_are_flat(client_for: Any) -> None:
    from funding import services

    counts = []
    for size in (10, 500):
        partnership: Any = PartnershipFactory()
        award = award_with_lines(partnership, size)
        coordinator = member(partnership, Role.COORDINATOR)
        grant_return = services.return_start(award=award, by=coordinator, part="H1")
        assert grant_return.lines.count() == size
        client = client_for(coordinator)
        url = reverse("funding:return", args=[partnership.slug, grant_return.pk])
        client.get(url)

        def fetch(client: Any = client, url: str = url) -> None:
            assert client.get(url).status_code == 200

        counts.append(steady_queries(fetch))
    assert counts == [9, 9], counts


def test_spend_ledger_forgives_a_bad_page_number(client_for: Any) -> None:
    partnership: Any = PartnershipFactory()
    award = award_with_lines(partnership, 120)
    client = client_for(member(partnership, Role.VIEWER))
    url = reverse("funding:spend_list", args=[partnership.slug, award.pk])
    first = client.get(url)
    assert first.context["page_obj"].has_other_pages()  # enough spend for several pages
    last_page = first.context["paginator"].num_pages
    assert client.get(f"{url}?page=abc").context["page_obj"].number == 1
    assert client.get(f"{url}?page=99999").context["page_obj"].number == last_page
    assert client.get(f"{url}?page=2").context["page_obj"].number == 2


def test_return_decision_page_queries_are_flat(client_for: Any) -> None:
    """The OPCC decision page shows the whole return above the form: flat at 10 and 500 lines."""
    from funding import services

    counts = []
    for size in (10, 500):
        office: Any = PccOfficeFactory()
        partnership: Any = PartnershipFactory(police_force_area=office.police_force_area,
                                              pcc_office=office)
        award = award_with_lines(partnership, size)
        coordinator = member(partnership, Role.COORDINATOR)
        grant_return = services.return_start(award=award, by=coordinator, part="H1")
        services.return_submit(grant_return=grant_return, by=coordinator, no_personal_data=True)
        client = client_for(UserFactory(opcc_office=partnership.pcc_office))
        url = reverse("funding:return_review", args=[partnership.slug, grant_return.pk])
        client.get(url)

        def fetch(client: Any = client, url: str = url) -> None:
            response = client.get(url)
            assert response.status_code == 200 and "Your decision" in response.content.decode()

        counts.append(count_queries(fetch))
    assert counts == [10, 10], counts
