"""Text handling for triage: the folded copy the rules read, the disguises an injection hides behind,
and the short quotes that go into a reason.

The rules match a folded copy of the comment (NFKC, invisible characters removed, lower case, Latin
accents stripped: "Pequeña corrección" reads as "pequena correccion"), while the reason quotes the
unfolded text. Folding is one character in, one character out, so a span found in the folded copy
is the same span of the clean text.

Disguises undone here, each one a way to slip "ignore previous instructions" past a plain match:
zero-width and other invisible characters, fullwidth letters (NFKC), Cyrillic and Greek look-alikes,
l33t digits, letters spaced or dotted apart ("i g n o r e", "i.g.n.o.r.e"), and base64.

The last section reads the text of the rules themselves: it splits a pattern into its alternatives
and spells out the literal text each one starts with, so that triage can factor them (see there).
It is a small scanner of pattern strings; nothing in it touches the internals of ``re``.
"""

from __future__ import annotations

import base64
import binascii
import html
import re
import unicodedata

QUOTE_CHARS = 48
BASE64_RUNS = 8  # decoding is cheap, but a wall of base64 should not cost more than a few tries

# ---- the folded copy ----------------------------------------------------------------------------

_INVISIBLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u206f\u3164\ufeff\uffa0]")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201b": "'", "\u02bc": "'", "\u201c": '"',
                         "\u201d": '"', "\u00ab": '"', "\u00bb": '"'})


def _fold_table() -> dict[int, str]:
    # One character in, one character out, so a match in the folded text quotes the same span of
    # the original. ß stays ß (patterns spell it (?:ß|ss)); İ would grow under str.lower().
    table = {}
    for code in range(0xC0, 0x250):
        base = "".join(c for c in unicodedata.normalize("NFKD", chr(code)) if not unicodedata.combining(c))
        if len(base) == 1 and base.isascii():
            table[code] = base.lower()
    return table


_FOLD = _fold_table()
_TAG_CHARACTERS = {code: (chr(code - 0xE0000) if 0xE0020 <= code <= 0xE007E else None)
                   for code in range(0xE0000, 0xE0080)}
# Translating is a dict lookup per character; these C-level scans skip it when there is nothing to do.
_HAS_QUOTE = re.compile("[\u2018\u2019\u201b\u02bc\u201c\u201d\u00ab\u00bb]")
_HAS_ACCENT = re.compile("[\u00c0-\u024f]")
# Odd spaces (tabs, newlines, no-break and ideographic spaces) read as one plain space: the rules
# spell a gap between words as " ".
_ODD_SPACE = re.compile("[\t\n\r\x0b\x0c\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
_SPACES = str.maketrans({c: " " for c in "\t\n\r\x0b\x0c\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
                                            "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"})


def clean(text: str) -> str:
    """The text the creator sees, minus what hides words: invisible characters, fullwidth letters,
    decomposed accents, HTML entities; curly quotes become straight ones, Unicode tag characters
    the letters they smuggle."""
    if "&" in text and ";" in text:
        # "&lt;system&gt;" and "&#73;gnore" read as markup and words to a model (red team,
        # tests/data/redteam.json), so the rules read them decoded too.
        text = html.unescape(text)
    if text.isascii():  # invisible characters, fullwidth letters and curly quotes are all non-ASCII
        return text
    if max(text) >= "\U000e0000":
        # Tag characters (U+E0020-E007E) are invisible, yet a model reads each as its ASCII twin:
        # "ASCII smuggling" hides a whole instruction after "Love this recipe!".
        text = text.translate(_TAG_CHARACTERS)
    text = _INVISIBLE.sub("", text)
    if not unicodedata.is_normalized("NFKC", text):  # fullwidth "ｉｇｎｏｒｅ", decomposed accents
        text = unicodedata.normalize("NFKC", text)
    return text.translate(_QUOTES) if _HAS_QUOTE.search(text) else text


def fold(cleaned: str) -> str:
    """Lower case with Latin accents stripped, the same length as ``cleaned``."""
    if cleaned.isascii():
        return cleaned.lower()
    low = _HAS_ACCENT.sub(lambda m: _FOLD.get(ord(m.group()), m.group()), cleaned).lower()
    if len(low) != len(cleaned):  # a rare case mapping (Turkish İ outside the table); keep spans aligned
        low = "".join(c.lower()[:1] or c for c in cleaned.translate(_FOLD))
    return low


def flat_spaces(low: str) -> str:
    """``low`` with every kind of space as a plain one (same length)."""
    return low.translate(_SPACES) if _ODD_SPACE.search(low) else low


# ---- disguises ----------------------------------------------------------------------------------

# l33t digits back to letters, everything else but a-z deleted: one C call per comment.
_LEET_FROM, _LEET_TO = b"0134578@$|", b"oieastbasl"
_SQUEEZE_TABLE = bytes.maketrans(_LEET_FROM, _LEET_TO)
_SQUEEZE_DELETE = bytes(c for c in range(256) if not (97 <= c <= 122 or c in _LEET_FROM))
# Cyrillic and Greek letters that look Latin ("prevіous" with a Cyrillic і) read as their Latin twins.
_CONFUSABLES = str.maketrans("\u0430\u0435\u043e\u0440\u0441\u0443\u0445\u0456\u0458\u0455\u0501\u0261\u0131"
                             "\u03bf\u03b1\u03b5\u03b9\u03bd\u03c1\u03c4\u03c5\u03ba",
                             "aeopcyxijsdgioaeivptuk")
_HAS_CONFUSABLE = re.compile("[\u0261\u0131\u0370-\u03ff\u0400-\u052f]")
# A greedy run already starts at the head of the run, so no lookbehind is needed (and without one
# the search skips ahead in C). Only texts with a 16-character token get here.
_BASE64 = re.compile(r"[A-Za-z0-9+/_-]{16,}={0,2}")


def latin(low: str) -> str:
    """``low`` with Cyrillic and Greek look-alikes read as Latin letters (same length)."""
    return low.translate(_CONFUSABLES) if not low.isascii() and _HAS_CONFUSABLE.search(low) else low


def squeeze(ascii_low: str) -> str:
    """Only the letters, l33t digits read as letters: "1gn0r3 p.r.e.v" -> "ignorprev"."""
    return ascii_low.encode("ascii", "ignore").translate(_SQUEEZE_TABLE, _SQUEEZE_DELETE).decode()


def unsqueeze(ascii_low: str, start: int, end: int) -> tuple[int, int]:
    """Map a span of the squeezed text back to ``ascii_low`` (rare: only on a hit)."""
    letters = [i for i, c in enumerate(ascii_low)
               if "a" <= c <= "z" or (c.isascii() and c.encode() in _LEET_FROM)]
    return letters[start], letters[end - 1] + 1


def base64_texts(cleaned: str):
    """The readable texts hidden in the first few base64-looking runs of ``cleaned``."""
    for count, run in enumerate(_BASE64.finditer(cleaned)):
        if count == BASE64_RUNS:
            break
        decoded = _decode_base64(run.group())
        if decoded:
            yield decoded


def _decode_base64(run: str) -> str | None:
    body = run.rstrip("=")
    if len(body) % 4 == 1 or body.isalpha() and (body.islower() or body.isupper()):
        return None  # impossible length, or a plain long word ("aaaaaaaaaaaaaaaaaaaaa")
    try:
        raw = base64.b64decode(body + "=" * (-len(body) % 4), altchars=b"-_" if "-" in body or "_" in body else None)
        text = raw.decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    printable = sum(c.isprintable() for c in text)
    return text if " " in text and printable >= 0.95 * len(text) else None


# ---- quotes -------------------------------------------------------------------------------------

def quote(text: str, limit: int = QUOTE_CHARS) -> str:
    """One line of evidence, at most ``limit`` characters, with no double quotes inside."""
    text = " ".join(text.split()).replace('"', "'")
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "\u2026"


def quote_question(sentence: str) -> str:
    """Like ``quote``, keeping the question mark when the sentence is cut."""
    text = " ".join(sentence.split()).replace('"', "'").lstrip("\u00bf ")
    if len(text) <= QUOTE_CHARS:
        return text
    return text.rstrip("?")[:QUOTE_CHARS - 3].rstrip() + "\u2026?"


# ---- the text of the rules ----------------------------------------------------------------------

_QUANTIFIERS = "?*+{"
_META = frozenset("\\.^$*+?{}[]()|")
_LOOKBEHIND = re.compile(r"\(\?<([!=])([^\\.^$*+?{}\[\]()|]+)\)")  # "(?<!not )": a literal inside
_EXPANSIONS = 256  # literal starts spelled out per alternative


def branches(pattern: str) -> list[str]:
    """Split a pattern at its top-level ``|`` (not inside a group or a character class)."""
    parts, start, i = [], 0, 0
    while i < len(pattern):
        if pattern[i] == "|":
            parts.append(pattern[start:i])
            start = i + 1
        i = _skip(pattern, i)
    return parts + [pattern[start:]]


def _skip(pattern: str, i: int) -> int:
    """Index after the atom at ``pattern[i]``: an escape, a class, a whole group or one character."""
    if pattern[i] == "\\":
        return i + 2
    if pattern[i] == "[":
        j = i + 1 + (pattern[i + 1:i + 2] == "^")
        j += pattern[j:j + 1] == "]"
        while j < len(pattern) and pattern[j] != "]":
            j += 2 if pattern[j] == "\\" else 1
        return j + 1
    if pattern[i] == "(":
        j = i + 1
        while j < len(pattern) and pattern[j] != ")":
            j = _skip(pattern, j)
        return j + 1
    return i + 1


def starts(branch: str, copies: int) -> list[tuple[bool, str, str]]:
    """The ways ``branch`` can begin, as (at a word boundary?, literal start, rest of the pattern):
    "\\b(?:no one|nobody) cares" -> (True, "no one", " cares"), (True, "nobody", " cares").
    A group that would copy a long rest many times is filed by first letter instead, and a
    lookbehind before the literal start moves after it: "(?<!not )bad" -> "bad(?<!not bad)"."""
    todo, done = [(False, "", (), branch)], []
    while todo:
        bound, head, behind, rest = todo.pop(0)
        if rest.startswith(r"\b") and not head and not bound:
            todo.insert(0, (True, head, behind, rest[2:]))
            continue
        m = _LOOKBEHIND.match(rest)
        if m:
            todo.insert(0, (bound, head, behind + ((m.group(1), m.group(2), len(head)),), rest[m.end():]))
            continue
        options = _options(rest)
        if options is not None and len(todo) + len(done) + len(options[0]) <= _EXPANSIONS:
            choices, tail = options
            if (len(choices) - 1) * len(tail) > copies and all(c[:1] and c[0] not in _META and
                                                               c[1:2] not in _QUANTIFIERS for c in choices):
                by_first: dict[str, list[str]] = {}
                for choice in choices:
                    by_first.setdefault(choice[0], []).append(choice[1:])
                done += [(bound, head + c, behind, f"(?:{'|'.join(ends)}){tail}") for c, ends in by_first.items()]
            else:
                todo[:0] = [(bound, head, behind, choice + tail) for choice in choices]
            continue
        c = rest[:1]
        size = 1 + (c == "\\")
        if (c and c not in _META or c == "\\" and rest[1:2] and not rest[1].isalnum()) and \
                rest[size:size + 1] not in tuple(_QUANTIFIERS):
            todo.insert(0, (bound, head + rest[size - 1], behind, rest[size:]))
            continue
        done.append((bound, head, behind, rest))
    return [(bound, head, "".join(f"(?<{kind}{re.escape(text + head[at:])})" for kind, text, at in behind) + rest)
            for bound, head, behind, rest in done]


def _options(rest: str) -> tuple[list[str], str] | None:
    """The choices of a leading ``(?:a|b)``, ``(?:a|b)?`` or ``[ab]``, and what follows it."""
    if not rest.startswith(("(?:", "[")) or rest.startswith("[^"):
        return None
    end = _skip(rest, 0)
    inside = rest[3 if rest[0] == "(" else 1:end - 1]
    after = rest[end:end + 1]
    if rest[0] == "[" and (_META.intersection(inside) or "-" in inside):
        return None
    if after in ("*", "+", "{") or rest[end:end + 2] == "??":
        return None
    choices = branches(inside) if rest[0] == "(" else list(inside)
    return choices + [""] * (after == "?"), rest[end + (after == "?"):]


def factor(pairs: list[tuple[str, str]]) -> str:
    """One alternation for all (literal start, rest) pairs, each common start written once."""
    root: dict = {}
    for head, rest in pairs:
        node = root
        for c in head:
            node = node.setdefault(c, {})
        ends = node.setdefault("", [])
        if rest not in ends:
            ends.append(rest)

    def emit(node: dict) -> str:  # longer literal starts first, as the rules list them
        parts = [re.escape(c) + emit(child) for c, child in node.items() if c] + node.get("", [])
        return parts[0] if len(parts) == 1 and "|" not in parts[0] else "(?:" + "|".join(parts) + ")"

    return emit(root)


def cut(rest: str, atoms: int) -> str:
    """The first ``atoms`` atoms of ``rest`` with their quantifiers; whatever matches ``rest`` matches it."""
    i = 0
    for _ in range(atoms):
        if i >= len(rest):
            break
        i = _skip(rest, i)
        while i < len(rest) and rest[i] in _QUANTIFIERS:
            i = rest.index("}", i) + 1 if rest[i] == "{" else i + 1
    return rest[:i]


def first_char(rest: str) -> str:
    """The first character a match of ``rest`` reads, past leading groups and lookarounds."""
    while rest.startswith(("(?<", "(?:", "(?=", "(?!")):
        rest = rest[3:] if rest.startswith("(?:") else rest[_skip(rest, 0):]
    return rest[:1]


def needed_char(rest: str) -> str:
    """A character every match of ``rest`` contains ("#" in "(?:^|\\n)[ \\t]*#{1,6}"), or ""."""
    i = 0
    while i < len(rest):
        end = _skip(rest, i)
        atom, after = rest[i:end], rest[end:end + 2]
        if (len(atom) == 1 and atom not in _META or atom in ("\\n", "\\%", "\\#", "\\:")) and \
                not (after[:1] in ("?", "*") or after.startswith("{0")):
            return "\n" if atom == "\\n" else atom[-1]
        i = end
    return ""
