"""Mentions: `@username` in a comment names a person, who is notified and sees a link to it.

A mention counts only for someone who can see the review (a newsroom role); naming anyone else
notifies nobody, and the author is told so. Usernames are matched as Django allows them
(letters, digits and . + - _), so an email address ("ana@example.org") is not a mention: the @
must not follow a letter or digit. A trailing full stop ends the sentence, not the name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.text import normalize_newlines

MENTION = re.compile(r"(?<![\w@.+-])@([\w.+-]*\w)")
MAX_MENTIONS = 20  # names looked up per comment; the rest are plain text
CANDIDATES = 8  # completions offered at once
_BLANK_LINES = re.compile("\n{2,}")


def usernames_in(text: str) -> set[str]:
    """The usernames a text mentions (as written; lookups ignore case)."""
    return {m.group(1) for m in MENTION.finditer(text or "")}


@dataclass
class Resolved:
    """The people a comment names: those who will hear of it, and the names that reach nobody."""

    reachable: list = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    cannot_see: list[str] = field(default_factory=list)

    def problem(self) -> str:
        """What to tell the author about names that notified nobody ("" when there are none)."""
        parts = []
        if self.cannot_see:
            names = ", ".join(f"@{n}" for n in self.cannot_see)
            was = "were" if len(self.cannot_see) > 1 else "was"
            parts.append(f"{names} cannot see this review and {was} not notified.")
        if self.unknown:
            names = ", ".join(f"@{n}" for n in self.unknown)
            parts.append(f"No one here is called {names}: nobody was notified for that.")
        return " ".join(parts)


def resolve(names: set[str]) -> Resolved:
    """Sort mentioned names into people who can see reviews, people who cannot, and no one.

    Two queries whatever the number of names (at most MAX_MENTIONS are looked up).
    """
    from reviews.notifications import users_who_can_see_reviews

    User = get_user_model()
    wanted = sorted(names, key=str.lower)[:MAX_MENTIONS]
    if not wanted:
        return Resolved()
    lookup = {n.lower(): n for n in wanted}
    same_name = Q()
    for name in wanted:
        same_name |= Q(username__iexact=name)
    found = list(User.objects.filter(same_name, is_active=True))
    visible = set(
        users_who_can_see_reviews()
        .filter(pk__in=[u.pk for u in found])
        .values_list("pk", flat=True)
    )
    result = Resolved()
    seen = set()
    for user in sorted(found, key=lambda u: u.username.lower()):
        seen.add(user.username.lower())
        if user.pk in visible:
            result.reachable.append(user)
        else:
            result.cannot_see.append(user.username)
    result.unknown = [lookup[n] for n in sorted(lookup) if n not in seen]
    return result


def candidates(prefix: str) -> list[dict[str, str]]:
    """People who can see reviews whose username or name starts with prefix, for completion."""
    from reviews.notifications import users_who_can_see_reviews

    prefix = prefix.strip().lstrip("@")[:150]
    people = users_who_can_see_reviews()
    if prefix:
        people = people.filter(
            Q(username__istartswith=prefix)
            | Q(first_name__istartswith=prefix)
            | Q(last_name__istartswith=prefix)
        )
    rows = (
        people.order_by("username")
        .values_list("username", "first_name", "last_name")
        .distinct()[:CANDIDATES]
    )
    return [{"username": u, "name": f"{first} {last}".strip()} for u, first, last in rows]


def _linked(text: str) -> str:
    """Escaped text with each mention as a link to the person's page."""
    out, at = [], 0
    for m in MENTION.finditer(text):
        out.append(escape(text[at : m.start()]))
        name = m.group(1)
        url = escape(reverse("person", args=[name]))
        out.append(f'<a class="mention" href="{url}">@{escape(name)}</a>')
        at = m.end()
    out.append(escape(text[at:]))
    return "".join(out)


def paragraphs_html(text: str) -> str:
    """A comment body as paragraphs (the linebreaks filter, autoescaped), mentions as links.

    Every character of the text is escaped; only our own markup is added around it.
    """
    # normalize_newlines only when there is a carriage return: most comments have none.
    paras = _BLANK_LINES.split(normalize_newlines(text) if "\r" in text else text)
    return "\n\n".join([f"<p>{_linked(p)}</p>".replace("\n", "<br>") for p in paras])


def with_feedback(message: str, comment) -> str:
    """The author's confirmation, plus a word on any name in the comment that reached nobody."""
    names = {n for n in usernames_in(comment.body) if n.lower() != comment.author.username.lower()}
    if not names:
        return message
    problem = resolve(names).problem()
    return f"{message} {problem}" if problem else message
