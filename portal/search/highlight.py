"""Excerpts with the matched words in <mark>, safe whatever the text holds.

PostgreSQL's `ts_headline` returns the stored text as it is, with its own markers around the
matches: it escapes nothing. It therefore marks with two private-use characters, the whole
excerpt is escaped here, and only then do the markers become <mark> elements. The fallback
(other databases) marks the words itself in the same way."""

import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

#: Markers ts_headline puts around a match (Unicode private use: not in any text we publish).
START, STOP = "\ue000", "\ue001"
_PAIR = re.compile(f"{START}([^{START}{STOP}]*){STOP}")


def as_html(text):
    """Escaped text with each marked match in <mark>; stray markers are dropped. None when
    nothing is marked (the excerpt would not show why the row was found)."""
    if not text or _PAIR.search(text) is None:
        return None
    parts, last = [], 0
    for match in _PAIR.finditer(text):
        parts.append(escape(_unmarked(text[last : match.start()])))
        parts.append(f"<mark>{escape(match.group(1))}</mark>")
        last = match.end()
    parts.append(escape(_unmarked(text[last:])))
    # Accepted (bandit): every part is escaped above.
    return mark_safe("".join(parts))  # nosec B308, B703


def _unmarked(text):
    return text.replace(START, "").replace(STOP, "")


def words(text):
    """The words of a search, for the fallback: split on spaces, quotes and a leading minus
    (websearch syntax) removed, case-folded."""
    cleaned = (word.strip("\"'()-+") for word in (text or "").split())
    return [word.casefold() for word in cleaned if word]


def contains_all(text, terms):
    folded = (text or "").casefold()
    return all(term in folded for term in terms)


SPACE = re.compile(r"\s+")


def mark_words(text, terms, *, width=220, whole=False):
    """The fallback's excerpt: around the first match (or the whole text when `whole`), each
    occurrence of a term marked, as `as_html` returns it. None when no term occurs."""
    if not text or not terms:
        return None
    pattern = re.compile(
        "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True)), re.IGNORECASE
    )
    first = pattern.search(text)
    if first is None:
        return None
    if not whole and len(text) > width:
        start = max(0, first.start() - width // 3)
        end = min(len(text), start + width)
        # Cut between words, never inside one (the match itself is always kept).
        if start:
            space = SPACE.search(text, start, first.start())
            start = space.end() if space else first.start()
        if end < len(text):
            spaces = [m.start() for m in SPACE.finditer(text, first.end(), end)]
            end = spaces[-1] if spaces else max(end, first.end())
        text = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    return as_html(pattern.sub(lambda m: f"{START}{m.group(0)}{STOP}", text))
