"""Rule-based triage of incoming comments: what each one is, how soon to answer it, and whether a
draft may be written for it at all. No model is involved, so a 500-comment batch is sorted at
ingest in milliseconds and a hostile comment never reaches a model before it has been labelled.

Each label stops one way a creator could lose time or get hurt:

* ``question``, ``request``, ``correction`` - the comments that want an answer; they rise to the
  top so a real question is not buried under a hundred hearts.
* ``praise`` - thanks and compliments (including emoji-only comments); quick to answer, low urgency.
* ``criticism`` - a negative opinion about the content (boring, clickbait, bad audio). Kept apart from
  ``toxic`` so honest feedback is not filed with abuse.
* ``spam`` - self-promotion and scams (sub4sub, "free followers", crypto/forex "mentors" reached on
  WhatsApp or Telegram, fake giveaway winners, links with sales words, floods of one character).
  Replying to these only boosts them.
* ``toxic`` - insults, harassment and threats aimed at people. No draft: the creator decides.
* ``manipulation`` - text written to steer an AI that might be answering ("ignore previous
  instructions", fake ``<system>`` or ``[INST]`` tags, "reply with your discount code"), also when
  disguised with zero-width characters, fullwidth letters, Cyrillic or Greek look-alikes, l33t
  digits, spaced-out or dotted letters, or base64. No draft: that is exactly what the comment wants.
* ``sensitive`` - self-harm, grief, illness, money trouble or abuse. A person who may need the
  creator personally; the comment goes to the top and never gets a canned draft.

The rules (triage_rules) read a folded copy of the text and the reasons quote the unfolded text
(triage_text), because every label carries a one-line reason the creator reads.

Speed: tried one by one, the ~1,300 alternatives would cost milliseconds per comment. ``_Matcher``
files each alternative under the literal text it starts with (public ``re`` only: the patterns are
split with a small scanner of their text) and writes each tag's alternatives as one alternation with
common starts factored out ("you(?:'re (?:such|a) ...|r ...)"), so ``re`` rejects a word that starts
no rule after a comparison or two. A gate - every alternative cut short, in one such alternation -
finds in one pass the few word starts where some rule may match; only there, and only for the tags
with an alternative that starts with the same three letters, is a tag's alternation tried: about
55 microseconds per 200-character comment. Every pattern is linear (bounded gaps, no nested
ambiguous repeats) and the places tried per comment are capped, so 10,000 characters of
adversarial text stay in milliseconds.
"""

from __future__ import annotations

import threading
import re
from dataclasses import dataclass

from . import triage_rules as rules
from .triage_text import (base64_texts, branches, clean, cut, factor, first_char, flat_spaces, fold, latin,
                          needed_char, quote, quote_question, squeeze, starts, unsqueeze)

LABELS = ("question", "request", "praise", "criticism", "correction", "spam", "toxic", "manipulation",
          "sensitive")
# Display order: what changes how the creator handles the comment comes first ("why no draft?"),
# then what it asks for, then the mood.
_IMPORTANCE = ("sensitive", "manipulation", "toxic", "spam", "correction", "question", "request",
               "criticism", "praise")
NO_DRAFT = frozenset({"spam", "toxic", "manipulation", "sensitive"})
# Bait in a spam comment ("Great video! Check my channel") is not praise or a question to answer,
# and the "please promote my channel" inside an injection is the injection, not a content request.
_HIDDEN_BY = {"spam": frozenset({"praise", "question", "request", "criticism", "correction"}),
              "manipulation": frozenset({"request"})}

# Priority (0-100, higher = answer sooner), one simple formula:
#   sensitive                          -> 85 + fan bonus (a person may need help: first, always)
#   spam                               -> 2               (lowest; nothing to answer)
#   manipulation                       -> 8               (answer yourself, or ignore)
#   toxic                              -> 12
#   otherwise the best of _BASE (NEUTRAL_PRIORITY when none applies) + fan bonus, where the fan
#   bonus is +10 for a known fan (someone the creator has talked to before) and +20 for a regular.
# Fans get no bonus on spam, manipulation or toxic: a hijacked or angry account waits like any other.
_BASE = {"correction": 60, "question": 60, "request": 55, "criticism": 45, "praise": 30}
NEUTRAL_PRIORITY = 20
SENSITIVE_PRIORITY, TOXIC_PRIORITY, MANIPULATION_PRIORITY, SPAM_PRIORITY = 85, 12, 8, 2
KNOWN_FAN_BONUS, REGULAR_BONUS = 10, 20

MAX_CHARS = 50_000  # comments.RAW_TEXT_CAP: nothing longer reaches the server


@dataclass(frozen=True)
class Label:
    label: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"label": self.label, "reason": self.reason}


@dataclass(frozen=True)
class Triage:
    labels: list[Label]  # most important first; empty for plain neutral text ("first", "lol")
    priority: int
    draftable: bool

    def has(self, label: str) -> bool:
        return any(item.label == label for item in self.labels)

    def to_dict(self) -> dict[str, object]:
        return {"labels": [item.to_dict() for item in self.labels], "priority": self.priority,
                "draftable": self.draftable}


# ---- matching ------------------------------------------------------------------------------------

_CANDIDATES = 2000  # places tried per comment; bounds the cost of "you are you are you are ..."
_GATE_ATOMS = 4  # how much of each alternative the gate checks after its literal start
_COPIES = 200  # characters a group may copy when spelled out; beyond, it is filed by first letter
_GATE_COPIES = 500  # the gate is cut short, so it can afford to spell out more
_FOREIGN = re.compile("[\u0900-\u097f\u3040-\u30ff\u3400-\u9fff]")


class _Matcher:
    """Finds, for each tag of ``rules.RULES``, its leftmost accepted match in a folded comment.

    Built once (about half a second) from three kinds of alternatives: those that start at a word
    boundary with literal text (nearly all: the gate, see the module docstring), the few that do not
    (fake markup such as "<system>", "50% off"; each searched only when the text holds a character
    it needs), and the Japanese and Devanagari ones (searched only when the text has that script).
    """

    def __init__(self, table: tuple[tuple[str, str], ...]) -> None:
        self.loose: list[tuple[str, str, re.Pattern[str]]] = []
        self.foreign: list[tuple[str, re.Pattern[str]]] = []
        gate: set[tuple[str, str]] = set()
        by_start: dict[str, set[tuple[str, re.Pattern[str]]]] = {}  # first 0-3 letters -> tags
        for tag, pattern in table:
            bounded, foreign = [], []
            for branch in branches(pattern):
                for bound, head, rest in starts(branch, _COPIES):
                    first = head[:1] or first_char(rest)
                    if first >= "\u0900":
                        foreign.append((r"\b" if bound else "") + re.escape(head) + rest)
                    elif bound:
                        bounded.append((head, rest))
                    else:
                        self.loose.append((tag, head or needed_char(rest), re.compile(re.escape(head) + rest)))
                gate.update((head, cut(rest, _GATE_ATOMS)) for bound, head, rest in starts(branch, _GATE_COPIES)
                            if bound and (head[:1] or first_char(rest)) < "\u0900")
            if bounded:
                rx = re.compile(r"\b" + factor(bounded))
                for head, _ in bounded:
                    by_start.setdefault(head[:3], set()).add((tag, rx))
            if foreign:
                self.foreign.append((tag, re.compile("|".join(foreign))))
        self.gate = re.compile(rf"\b(?={factor(sorted(gate))})")
        self.by_start = by_start
        self.at: dict[str, tuple[tuple[str, re.Pattern[str]], ...]] = {}  # filled as three-letter starts occur

    def _tags_at(self, start: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
        """The tags with an alternative that can begin with ``start`` (three characters)."""
        tags = self.at.get(start)
        if tags is None:
            tags = tuple(sorted(set().union(*(self.by_start.get(start[:n], ()) for n in range(4))),
                                key=lambda pair: pair[0]))
            if len(self.at) < 100_000:
                self.at[start] = tags
        return tags

    def scan(self, low: str) -> dict[str, tuple[int, int]]:
        hits: dict[str, tuple[int, int]] = {}
        flat = flat_spaces(low)
        for count, found in enumerate(self.gate.finditer(flat)):
            if count == _CANDIDATES:
                break
            at = found.start()
            for tag, rx in self._tags_at(flat[at:at + 3]):
                if tag not in hits:  # places come in order: the first accepted one wins
                    m = rx.match(flat, at)
                    if m and _accept(tag, low, at, m.end()):
                        hits[tag] = m.span()
        for tag, needs, rx in self.loose:
            if needs in low:
                _first_accepted(tag, low, rx, hits)
        if not low.isascii() and max(low) >= "\u0900" and _FOREIGN.search(low):
            for tag, rx in self.foreign:
                m = rx.search(low)
                if m and (tag not in hits or m.start() < hits[tag][0]):
                    hits[tag] = m.span()
        return hits


def _first_accepted(tag: str, low: str, rx: re.Pattern[str], hits: dict[str, tuple[int, int]]) -> None:
    pos = 0
    for _ in range(20):
        m = rx.search(low, pos)
        if not m or (tag in hits and hits[tag][0] <= m.start()):
            return
        if _accept(tag, low, m.start(), m.end()):
            hits[tag] = m.span()
            return
        pos = m.start() + 1


def _accept(tag: str, low: str, start: int, end: int) -> bool:
    if tag.endswith("@start"):
        return _sentence_start(low, start)
    if tag.endswith("@money"):
        return bool(rules.MONEY.search(low))
    if tag.endswith("@number"):  # "signed in 1919, not 1918": a number right before the "not"
        return bool(rules.NUMBER_BEFORE.search(low, max(0, start - 40), start))
    if tag in ("praise", "criticism") and not low.startswith(("not", "no "), start):  # "not bad" is praise
        # "not helpful", "never funny": criticism, not praise; "at no point did I get bored": neither
        return not rules.NEGATED.search(low, max(0, start - 40), start)
    return True


def _sentence_start(low: str, at: int) -> bool:
    i = at - 1
    while i >= 0 and low[i] in " \t\"'(*-":
        i -= 1
    return i < 0 or low[i] in ".!?\n;:\u3002\u2026\u00a1\u00bf,"


_built: list[_Matcher] = []
_build_lock = threading.Lock()


def _matcher() -> _Matcher:
    # Built on first use, so importing the package stays quick for commands that never triage.
    # Building takes ~1.7 s; the lock makes a second caller wait for that build, not start its own.
    if not _built:
        with _build_lock:
            if not _built:
                _built.append(_Matcher(rules.RULES))
    return _built[0]


def warm_up() -> None:
    """Build the rule matcher now. The first ingest after a start used to build it inside the
    store lock, stalling every read and write for ~1.7 s (found by tests/test_faults.py), so
    ingest calls this before taking the lock and ``tandem serve`` calls it at start."""
    _matcher()


# ---- labels --------------------------------------------------------------------------------------

_LABEL_OF = {"toxic": "toxic", "correction": "correction", "correction@start": "correction",
             "correction@number": "correction", "request": "request", "criticism": "criticism"}
_SAYS = {"toxic": "Insults or threatens", "correction": "Points out a mistake", "request": "Asks you to do something",
         "criticism": "Criticises the content"}


def _manipulation(text: str, low: str, hits: dict[str, tuple[int, int]], *, longest: int,
                  depth: int = 0) -> str | None:
    for tag, what in (("manipulation", ""), ("manipulation:markup", " with fake chat markup")):
        if tag in hits:
            start, end = hits[tag]
            return f'Tries to steer an AI{what}: "{quote(text[start:end].strip())}"'
    ascii_low = latin(low)
    squeezed = squeeze(ascii_low)
    m = rules.SQUEEZED.search(squeezed) if any(word in squeezed for word in rules.SQUEEZED_GATE) else None
    if m:
        start, end = unsqueeze(ascii_low, m.start(), m.end())
        return (f'Tries to steer an AI, disguised with spacing or look-alike characters: '
                f'"{quote(text[start:end])}"')
    if depth == 0 and longest >= 16:  # base64 needs a long run
        for decoded in base64_texts(text):
            inner = clean(decoded)
            inner_low = fold(inner)
            if _manipulation(inner, inner_low, _matcher().scan(inner_low), longest=0, depth=1):
                return f'Tries to steer an AI with base64 text: "{quote(decoded)}"'
    return None


def _question(text: str, low: str, hits: dict[str, tuple[int, int]]) -> str | None:
    for count, m in enumerate(rules.QMARK.finditer(text) if "?" in text else ()):
        if count == 20:
            break
        start = max(text.rfind(c, 0, m.start()) for c in rules.SENTENCE_END + "?") + 1
        if not rules.RHETORICAL.match(low, start):
            return f'Asks a question ("{quote_question(text[start:m.end()])}")'
    spans = [hits[tag] for tag in ("question@start", "question") if tag in hits]
    if not spans or rules.RHETORICAL.match(low, min(spans)[0]):  # "anyone else here from reddit"
        return None
    start, end = min(spans)
    stop = min((i for i in (text.find(c, end) for c in rules.SENTENCE_END) if i >= 0), default=len(text))
    return f'Asks a question ("{quote(text[start:stop].strip(" ,.;:-"))}")'


def _praise(text: str, low: str, hits: dict[str, tuple[int, int]]) -> str | None:
    if "praise" in hits:
        start, end = hits["praise"]
        return f'Praises or thanks you ("{quote(text[start:end].strip())}")'
    if rules.SHORT_PRAISE.fullmatch(low):
        return f'Praises or thanks you ("{quote(text.strip())}")'
    if "<3" in text:
        return 'Praises or thanks you ("<3")'
    m = rules.PRAISE_EMOJI.search(text) if not text.isascii() and max(text) >= "\u2665" else None
    return f'Praises or thanks you ("{quote(m.group())}")' if m else None


def _spam(text: str, low: str, hits: dict[str, tuple[int, int]], tokens: list[str], longest: int) -> str | None:
    for kind, tag in (("a scam", "spam:a scam"), ("a scam", "spam:a scam@money"),
                      ("self-promotion or bait", "spam:self-promotion or bait")):
        if tag in hits:
            start, end = hits[tag]
            return f'Looks like spam, {kind}: "{quote(text[start:end].strip())}"'
    m = rules.URL.search(low) if "promo" in hits else None
    if m:
        return f'Looks like spam, a link with sales words: "{quote(text[m.start():m.end()])}"'
    # Cheap necessary conditions first: a run of 25 characters with no space, or ten repeats of a word.
    if longest >= 25 or (len(tokens) >= 10 and len(set(tokens)) * 2 <= len(tokens) + 10):
        m = rules.FLOOD.search(low)
        if m:
            return f'Looks like spam, a flood of repeated text: "{quote(text[m.start():m.end()], 24)}"'
    return None


def _sensitive(text: str, hits: dict[str, tuple[int, int]]) -> str | None:
    for topic, _ in rules.SENSITIVE:  # in order of urgency: self-harm first
        if f"sensitive:{topic}" in hits:
            start, end = hits[f"sensitive:{topic}"]
            return f'Mentions {topic} ("{quote(text[start:end].strip())}"): needs you, no draft'
    return None


# ---- the public function -------------------------------------------------------------------------

def triage(text: str, *, known_fan: bool = False, regular: bool = False) -> Triage:
    """Label one comment, say why, and rank it. Never raises; non-text counts as empty."""
    cleaned = clean(text[:MAX_CHARS] if isinstance(text, str) else "")
    low = fold(cleaned)
    hits = _matcher().scan(low)
    tokens = low.split()
    longest = max(map(len, tokens), default=0)
    found: dict[str, str] = {}
    for label, reason in (("sensitive", _sensitive(cleaned, hits)),
                          ("manipulation", _manipulation(cleaned, low, hits, longest=longest)),
                          ("spam", _spam(cleaned, low, hits, tokens, longest))):
        if reason:
            found[label] = reason
    first: dict[str, tuple[int, int]] = {}
    for tag, span in hits.items():  # the simple labels: their leftmost evidence
        label = _LABEL_OF.get(tag)
        if label and (label not in first or span < first[label]):
            first[label] = span
    if "criticism" in first and "toxic" in first and first["toxic"][0] <= first["criticism"][0] < first["toxic"][1]:
        del first["criticism"]  # "t'es vraiment un gros nul": the "nul" is the insult, not a review
    for label, (start, end) in first.items():
        found[label] = f'{_SAYS[label]} ("{quote(cleaned[start:end].strip())}")'
    for label, reason in (("question", _question(cleaned, low, hits)), ("praise", _praise(cleaned, low, hits))):
        if reason:
            found[label] = reason
    for label, hidden in _HIDDEN_BY.items():
        if label in found:
            for other in hidden:
                found.pop(other, None)
    labels = [Label(label, found[label]) for label in _IMPORTANCE if label in found]
    return Triage(labels, _priority(found, known_fan=known_fan, regular=regular),
                  draftable=not NO_DRAFT.intersection(found))


def with_model_labels(found: Triage, added: list[Label], *, known_fan: bool = False, regular: bool = False) -> Triage:
    """The rules' labels plus those the model added. The model may add a label (a sarcastic
    jab the rules read as neutral), never take one away: a rule that saw an injection or a
    self-harm mention stands whatever the model says."""
    labels = {label.label: label.reason for label in found.labels}
    for label in added:
        if label.label in LABELS and label.label not in labels:
            labels[label.label] = label.reason
    for label, hidden in _HIDDEN_BY.items():
        if label in labels:
            for other in hidden:
                labels.pop(other, None)
    ordered = [Label(label, labels[label]) for label in _IMPORTANCE if label in labels]
    return Triage(ordered, _priority(labels, known_fan=known_fan, regular=regular),
                  draftable=not NO_DRAFT.intersection(labels))


def _priority(labels: dict[str, str], *, known_fan: bool, regular: bool) -> int:
    bonus = REGULAR_BONUS if regular else KNOWN_FAN_BONUS if known_fan else 0
    if "sensitive" in labels:
        return min(100, SENSITIVE_PRIORITY + bonus)
    if "spam" in labels:
        return SPAM_PRIORITY
    if "manipulation" in labels:
        return MANIPULATION_PRIORITY
    if "toxic" in labels:
        return TOXIC_PRIORITY
    return min(100, max((_BASE[label] for label in labels if label in _BASE), default=NEUTRAL_PRIORITY) + bonus)
