"""Shared view plumbing for funding pages: breadcrumbs and finding objects in the partnership."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from partnership.viewmixins import PartnershipMixin

from ..access import access_award, access_return
from ..models import GrantAward, GrantReturn


class FundingMixin(PartnershipMixin):
    permission_required = "funding.view_funding"

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [*super().get_breadcrumbs(),
                ("Funding", reverse("funding:awards", args=[self.partnership.slug]))]


class AwardMixin(FundingMixin):
    """Views under /awards/<award_pk>/: the award must be in this partnership (else 404)."""

    award_kwarg = "award_pk"
    kwargs: dict[str, Any]

    def get_award(self) -> GrantAward:
        if not hasattr(self, "award"):
            self.award = access_award(user=self.request.user, partnership=self.partnership,
                                      pk=self.kwargs[self.award_kwarg])
        return self.award

    def get_permission_object(self) -> Any:
        self.get_award()
        return self.partnership

    def award_url(self) -> str:
        return reverse("funding:award", args=[self.partnership.slug, self.get_award().pk])

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [*super().get_breadcrumbs(), (str(self.get_award()), self.award_url())]


class ReturnMixin(FundingMixin):
    """Views under /returns/<return_pk>/."""

    def from_opcc(self) -> bool:
        """An OPCC officer (not a member of this partnership) reading a return."""
        from partnership.roles import roles_in

        user: Any = self.request.user  # type: ignore[attr-defined]
        return bool(getattr(user, "opcc_office_id", None)) and not roles_in(user, self.partnership)

    kwargs: dict[str, Any]

    def get_return(self) -> GrantReturn:
        if not hasattr(self, "grant_return"):
            self.grant_return = access_return(user=self.request.user, partnership=self.partnership,
                                              pk=self.kwargs["return_pk"])
        return self.grant_return

    def get_permission_object(self) -> Any:
        self.get_return()
        return self.partnership

    def return_url(self) -> str:
        return reverse("funding:return", args=[self.partnership.slug, self.get_return().pk])

    def get_breadcrumbs(self) -> list[tuple[str, str | None]]:
        grant_return = self.get_return()
        if self.from_opcc():
            # The OPCC officer came from their own lists: lead back there, not into a
            # partnership's funding pages.
            period = grant_return.period
            return [("Awaiting your decision", reverse("opcc:home")),
                    (f"Returns for {period.label}",
                     reverse("opcc:grid") + f"?period={period.key}"),
                    (f"{self.partnership.name}: {grant_return.award} {period.label} return",
                     self.return_url())]
        award_url = reverse("funding:award", args=[self.partnership.slug, grant_return.award_id])
        return [*super().get_breadcrumbs(), (str(grant_return.award), award_url),
                (f"{grant_return.period.label} return", self.return_url())]
