"""Who holds which role where. Loaded once per request and cached on the user object."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser

from .models import Membership, Partnership, Role, User


def partnership_of(obj: Any) -> Partnership | None:
    """The partnership an object belongs to (every domain object exposes ``.partnership``)."""
    if obj is None:
        return None
    if isinstance(obj, Partnership):
        return obj
    return getattr(obj, "partnership", None)


def roles_by_partnership(user: User | AnonymousUser) -> dict[int, frozenset[str]]:
    if not user.is_authenticated:
        return {}
    cached: dict[int, frozenset[str]] | None = getattr(user, "_csp_roles", None)
    if cached is None:
        # One query for the roles and the partnerships' names (the partnership switcher).
        rows = list(Membership.objects.filter(user_id=user.pk).order_by()
                    .values_list("partnership_id", "roles", "partnership__name",
                                 "partnership__slug"))
        cached = {partnership_id: frozenset(roles) for partnership_id, roles, _, _ in rows}
        user._csp_roles = cached  # type: ignore[union-attr,attr-defined]
        user._csp_member_of = sorted(  # type: ignore[union-attr,attr-defined]
            (Partnership(pk=pk, name=name, slug=slug) for pk, _, name, slug in rows),
            key=lambda p: (p.name, p.pk))
    return cached


def member_partnerships(user: User) -> list[Partnership]:
    """The partnerships ``user`` is a member of (pk, name and slug only), by name: read with
    the roles, so no query of its own once the roles are known."""
    roles_by_partnership(user)
    return list(user._csp_member_of)  # type: ignore[attr-defined]


def roles_in(user: User | AnonymousUser, obj: Any) -> frozenset[str]:
    partnership = partnership_of(obj)
    if partnership is None:
        return frozenset()
    return roles_by_partnership(user).get(partnership.pk, frozenset())


def has_role(user: User | AnonymousUser, obj: Any, *roles: Role) -> bool:
    return bool(roles_in(user, obj) & set(roles))


def is_opcc_for(user: User | AnonymousUser, obj: Any) -> bool:
    partnership = partnership_of(obj)
    office_id = getattr(user, "opcc_office_id", None)
    return bool(partnership and office_id and partnership.pcc_office_id == office_id)


def forget_roles(user: User) -> None:
    """Drop the per-request cache after memberships change."""
    if hasattr(user, "_csp_roles"):
        del user._csp_roles
        del user._csp_member_of  # type: ignore[attr-defined]


def require_perm(user: User, perm: str, obj: Any) -> None:
    """Services call this first: the server checks every write, whatever the view did."""
    from django.core.exceptions import PermissionDenied

    if not user.has_perm(perm, obj):
        raise PermissionDenied
