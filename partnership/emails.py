"""Refusing email addresses made to look like someone else's (homoglyphs, mixed scripts).

`a.smith@nоrfolk.gov.uk` with a Cyrillic "о" passes an email validator and reads exactly like
the real council's address; an account added under it would receive what was meant for the
real person. Before a person is added, the address is normalised (Unicode NFKC: fullwidth and
other compatibility forms become plain letters) and refused when:

- normalising changed it (it was written with look-alike compatibility characters);
- it holds invisible or control characters (zero-width joiners, bidi controls);
- one label (the part before "@", or a part of the domain between dots) mixes letters of more
  than one script (Latin with Cyrillic, Greek with Latin, ...);
- a label is written in one non-Latin script but only with letters that look Latin
  (an all-Cyrillic "аре.com" reading as "ape.com").

Addresses entirely in one script with letters that do not imitate Latin ones (a genuine
internationalised domain) are accepted.
"""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError

CONFUSABLE_MESSAGE = (
    "The email address contains letters from another alphabet that look like ordinary "
    "letters (for example a Cyrillic “о” instead of “o”). Type the address again using "
    "ordinary letters, or check it with the person.")

# Cyrillic and Greek letters whose usual glyph is indistinguishable from a Latin letter.
LATIN_LOOKALIKES = frozenset(
    "аАвВеЕѕЅіІјЈкКмМнНоОрРсСтТуУхХԁԛԝһӏɡ"  # Cyrillic
    "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧαοκνρτυχιϲ"  # Greek
)


def _script(char: str) -> str | None:
    """The script of a letter, from its Unicode name (LATIN, CYRILLIC, GREEK, ...)."""
    if not char.isalpha():
        return None
    try:
        return unicodedata.name(char).split(" ", 1)[0]
    except ValueError:
        return "UNKNOWN"


def confusable_reason(email: str) -> str | None:
    """Why the address looks like a disguised one, or None when it is fine."""
    if unicodedata.normalize("NFKC", email) != email:
        return "compatibility characters"
    if any(unicodedata.category(c) in {"Cf", "Cc", "Zl", "Zp", "Zs"} for c in email):
        return "invisible characters"
    local, _, domain = email.rpartition("@")
    for label in [local, *domain.split(".")]:
        scripts = {s for s in map(_script, label) if s is not None}
        if len(scripts) > 1:
            return "mixed scripts"
        if scripts and scripts != {"LATIN"} and all(
                c in LATIN_LOOKALIKES for c in label if c.isalpha()):
            return "look-alike letters"
    return None


def check_not_confusable(email: str) -> None:
    if confusable_reason(email) is not None:
        raise ValidationError({"email": CONFUSABLE_MESSAGE})
