"""Keep every text to a phone plain GSM-7 of at most two SMS segments.

A text with one character outside the GSM-7 alphabet (an emoji, a curly quote,
an en dash, an a with an acute accent) is sent by carriers as UCS-2, which cuts
a segment from 153 to 67 characters and triples the member's message count. So
a text to a phone is folded to GSM-7 (:func:`sms_safe`, :func:`to_gsm7`): by the
SMS channel for every reply just before it is sent (``webhook``), and by the
backend for its one-time codes and notices to the phone on file (``backend``).
Its length is measured the way carriers count it: characters of the extension
table (``{}[]~^|\\`` and the euro sign) take two septets. Two concatenated
segments hold 2 x 153 = 306 septets.

The assistant's replies serve the web chat too, which shows Spanish with its
accents: the action server makes them :func:`reply_safe` (typography plain,
letters kept) and measures them folded, as they will be texted. Folding a
letter keeps its length, so a reply that fits folded fits as the SMS channel
sends it.
"""

from __future__ import annotations

from common.text import fold_accents

MAX_SEPTETS = 306

GSM7_BASIC = (
    "@\u00a3$\u00a5\u00e8\u00e9\u00f9\u00ec\u00f2\u00c7\n\u00d8\u00f8\r\u00c5\u00e5"
    "\u0394_\u03a6\u0393\u039b\u03a9\u03a0\u03a8\u03a3\u0398\u039e\u00c6\u00e6\u00df\u00c9"
    " !\"#\u00a4%&'()*+,-./0123456789:;<=>?"
    "\u00a1ABCDEFGHIJKLMNOPQRSTUVWXYZ\u00c4\u00d6\u00d1\u00dc\u00a7"
    "\u00bfabcdefghijklmnopqrstuvwxyz\u00e4\u00f6\u00f1\u00fc\u00e0"
)
GSM7_EXTENDED = "^{}\\[~]|\u20ac\f"

_REPLACEMENTS = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-",
    "\u2026": "...", "\u00a0": " ", "\u2022": "-", "\t": " ",
}


def plain(text: str) -> str:
    """Typographic characters (curly quotes, dashes, ellipsis, no-break space) as their ASCII
    look-alikes, which every channel shows alike; letters, accented or not, are kept."""
    return "".join(_REPLACEMENTS.get(ch, ch) for ch in text)


def is_gsm7(text: str) -> bool:
    return all(ch in GSM7_BASIC or ch in GSM7_EXTENDED for ch in text)


def septets(text: str) -> int:
    """Length in GSM-7 septets (extension-table characters count twice)."""
    return sum(2 if ch in GSM7_EXTENDED else 1 for ch in text)


def to_gsm7(text: str) -> str:
    """Replace typographic characters by their ASCII look-alikes and drop the rest.

    Letters with accents that GSM-7 lacks lose the accent ("a" for an acute a);
    anything else without a GSM-7 form (emoji) is removed.
    """
    out: list[str] = []
    for ch in text:
        ch = _REPLACEMENTS.get(ch, ch)
        if is_gsm7(ch):
            out.append(ch)
            continue
        base = fold_accents(ch)
        out.append(base if base and is_gsm7(base) else "")
    return "".join(out)


def fits(text: str) -> bool:
    """Does ``text``, as a phone gets it (``to_gsm7``), fit in two SMS segments? For a reply that
    adds an optional sentence only when there is room for it."""
    return texted_septets(text.strip()) <= MAX_SEPTETS


# A text alone of up to 160 septets is one SMS segment; a longer one is cut into parts of 153.
SINGLE_SEPTETS = 160
PART_SEPTETS = 153


def segments(text: str) -> int:
    """SMS segments ``text`` is billed as once texted (folded to GSM-7)."""
    count = texted_septets(text)
    return 0 if not count else 1 if count <= SINGLE_SEPTETS else -(-count // PART_SEPTETS)


def texted_together(texts: list[str]) -> list[str]:
    """A turn's replies as the SMS channel texts them: apart, as written, while that costs at most two
    segments; else each joined to the one before it (a line between) while one text of at most two
    segments costs no more than two texts, so an explanation and the question after it (texts of
    2 + 1 segments) go as one text of two."""
    texts = [text for text in texts if text]
    if sum(segments(text) for text in texts) <= 2:
        return texts
    together: list[str] = []
    for text in texts:
        joined = f"{together[-1]}\n{text}" if together else text
        if (together and texted_septets(joined) <= MAX_SEPTETS
                and segments(joined) <= segments(together[-1]) + segments(text)):
            together[-1] = joined
        else:
            together.append(text)
    return together


def turn_segments(texts: list[str]) -> int:
    """SMS segments a whole turn costs, texted as :func:`texted_together` sends it."""
    return sum(segments(text) for text in texted_together(texts))


def texted_septets(text: str) -> int:
    """Length in septets of ``text`` as it is texted (folded to GSM-7)."""
    return septets(to_gsm7(text))


def reply_safe(text: str) -> str:
    """A reply fit for every channel: typography plain, accents kept, and at most two SMS
    segments once folded to GSM-7; longer text is cut at a word boundary.

    The cut is a safety net: tests check that no reply of the dialogue needs it.
    """
    text = plain(text).strip()
    if texted_septets(text) <= MAX_SEPTETS:
        return text
    cut = text
    while texted_septets(cut) > MAX_SEPTETS - 3:
        cut = cut[: cut.rstrip().rfind(" ")] if " " in cut.strip() else cut[:-1]
    return cut.rstrip() + "..."


def sms_safe(text: str) -> str:
    """GSM-7 text of at most two segments (:func:`reply_safe`, then folded): what a phone gets.

    Folding a text it already made changes nothing, so every sender may apply it again.
    """
    return to_gsm7(reply_safe(text)).strip()
