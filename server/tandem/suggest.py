"""The suggestion pipeline: comment -> examples -> prompt -> model -> parse -> guard.

One generator, :meth:`Suggester.events`, does the work and yields events as they happen, so the
streaming endpoint forwards them and the plain endpoint keeps only the last one (no twin code
paths). When the model fails in any way the embedded engine answers instead, and the result
says ``engine: "saved"`` and why.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from . import prompts as prompt_text
from .comments import Comment
from .guard import check_reply, length_limit
from .llm import LLMError, OllamaBackend, suggestions_schema
from .parse import completed_suggestions, parse_suggestions, strip_reasoning
from .prompts import PromptTemplates
from .saved import is_near_duplicate, suggest_saved
from .notes import PostNotes, links_in
from .snippets import Snippets
from .style import StyleNotes
from .triage import LABELS, Label
from .voice import Example, Voice

RECENT_SUGGESTIONS = 5000
TOKENS_PER_SUGGESTION = 220


class Cancelled(Exception):
    """Background work stopped on purpose; nothing was produced or stored."""


@dataclass(frozen=True)
class Prompt:
    messages: list[dict[str, str]]
    tag: str
    guarded_texts: list[str]  # what a reply must not echo


def delimiter_tag() -> str:
    return f"comment-{secrets.token_hex(6)}"


def strip_tag(text: str, tag: str) -> str:
    """Remove every spelling of this request's tag, so nothing inside can close the block."""
    lowered = tag.lower()
    while lowered in text.lower():
        start = text.lower().index(lowered)
        text = text[:start] + text[start + len(tag):]
    return text


def preferred_options(preferences: dict[str, Any], platform: str, **overrides: Any) -> dict[str, Any]:
    """The options a suggestion runs with: the creator's preferences, then overrides."""
    return ({name: preferences[name] for name in ("n", "tone", "model", "temperature")}
            | {"disclosure": preferences["disclosure"].get(platform, ""),
               "their_language": preferences["reply_in_their_language"]} | overrides)


def json_object(raw: str) -> dict[str, Any]:
    """The JSON object in a model's answer (reasoning and prose around it dropped), or {}."""
    cleaned = strip_reasoning(raw)
    start, end = cleaned.find("{"), cleaned.rfind("}")
    try:
        data = json.loads(cleaned[start:end + 1]) if start != -1 else {}
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def back_translations(raw: str) -> dict[str, str]:
    """Reply text -> its back-translation, when the model's answer is readable JSON. Best
    effort: without it the creator still gets the replies, just no translation to check."""
    items = json_object(raw).get("suggestions")
    return {item["text"].strip(): item["back_translation"].strip() for item in items or []
            if isinstance(item, dict) and isinstance(item.get("text"), str)
            and isinstance(item.get("back_translation"), str) and item["back_translation"].strip()}


class RecentSuggestions:
    """What was suggested lately, so feedback can name a suggestion by id. Memory only: a
    suggestion nobody acts on is not worth a disk write; feedback carries its text anyway."""

    def __init__(self, capacity: int = RECENT_SUGGESTIONS) -> None:
        self._items: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._capacity = capacity
        self._lock = threading.Lock()

    def remember(self, suggestion_id: str, record: dict[str, Any]) -> None:
        with self._lock:
            self._items[suggestion_id] = record
            while len(self._items) > self._capacity:
                self._items.popitem(last=False)

    def get(self, suggestion_id: str) -> dict[str, Any] | None:
        with self._lock:
            return self._items.get(suggestion_id)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


class Suggester:
    def __init__(self, *, backend: OllamaBackend, voice: Voice, snippets: Snippets, templates: PromptTemplates,
                 notes: PostNotes, style: StyleNotes, few_shot: int) -> None:
        self.backend = backend
        self.voice = voice
        self.snippets = snippets
        self.templates = templates
        self.notes = notes
        self.style = style
        self.few_shot = few_shot
        self.recent = RecentSuggestions()

    # ---- prompt --------------------------------------------------------------------------
    def build_prompt(self, comment: Comment, *, n: int, tone: str, examples: list[Example],
                     replacing: dict[str, str] | None = None, reserve: int = 0, their_language: bool = False,
                     note: dict[str, Any] | None = None) -> Prompt:
        """The messages for one comment. ``replacing`` swaps in unsaved template texts (the
        preview), validated first so a preview shows the same errors a save would."""
        def template(name: str) -> str:
            if replacing and name in replacing:
                prompt_text.validate(name, replacing[name])
                return replacing[name]
            return self.templates.get(name)

        def fragment(name: str) -> str:
            return template(name).strip() if self.templates.has(name) else ""

        tag = delimiter_tag()
        creator = self.voice.creator_name()
        system = self.system_prompt(template("system"))

        def untrusted(text: str) -> str:
            return strip_tag(text, tag)

        pairs = "\n".join(f'- Comment: "{untrusted(example.comment)}"\n  {creator} replied: "{untrusted(example.reply)}"'
                          for example in examples)
        examples_block = (prompt_text.render(template("examples"), {"creator": creator, "pairs": pairs})
                          if examples else "")
        thread = "".join(f"Earlier in the thread: {untrusted(item)}\n" for item in comment.context)
        post = f"On the post: {untrusted(comment.post_title)}\n" if comment.post_title else ""
        note = self.notes.for_post(comment.url, comment.post_title) if note is None else note
        facts = (f"Facts from {creator} about this post (use them when they answer the comment):\n{note['notes']}\n"
                 if note and note["notes"] else "")
        limit = length_limit(comment.platform)
        request = prompt_text.render(template("request"), {
            "platform": comment.platform, "length_limit": limit - reserve if limit else "no limit", "notes": facts,
            "language": (f"Reply in the language the comment is written in. When a reply is not in {self.own_language()}, "
                         f"also give its back_translation into {self.own_language()} so {creator} can check it.\n"
                         if their_language else ""),
            "platform_notes": fragment(f"platform_{comment.platform}"),
            "tone": tone, "tone_notes": fragment(f"tone_{tone}"),
            "examples": examples_block, "n": n, "tag": tag, "post": post, "thread": thread,
            "author": untrusted(comment.author) or "someone", "comment": untrusted(comment.text),
        })
        messages = [{"role": "system", "content": system}, {"role": "user", "content": request}]
        return Prompt(messages, tag, [system, template("request")])

    def system_prompt(self, text: str | None = None) -> str:
        """The stable prefix: the system template (or an unsaved text) filled with the voice."""
        return prompt_text.render(self.templates.get("system") if text is None else text,
                                  {"creator": self.voice.creator_name(),
                                   "voice": self.voice.describe(self.style.active_texts())})

    def own_language(self) -> str:
        languages = self.voice.profile()["languages"]
        return languages[0] if languages else "English"

    # ---- run -----------------------------------------------------------------------------
    def events(self, comment: Comment, *, n: int, tone: str, model: str, temperature: float,
               disclosure: str = "", their_language: bool = False,
               cancelled: Callable[[], bool] | None = None) -> Iterator[dict[str, Any]]:
        """Run the pipeline, yielding events. ``cancelled`` lets background drafting give the
        model up mid-answer (closing the stream makes Ollama stop generating) when the creator
        asks for something interactively."""
        started = time.perf_counter()
        timings: dict[str, float] = {}

        def lap(name: str, since: float) -> float:
            now = time.perf_counter()
            timings[name] = round((now - since) * 1000, 2)
            return now

        examples = self.voice.similar(comment.text, self.few_shot)
        mark = lap("retrieval", started)
        suffix = f" {disclosure}" if disclosure else ""
        note = self.notes.for_post(comment.url, comment.post_title) or {}
        prompt = self.build_prompt(comment, n=n, tone=tone, examples=examples, reserve=len(suffix),
                                   their_language=their_language, note=note)
        mark = lap("prompt", mark)
        yield {"type": "start", "engine": "ollama", "model": model}

        texts: list[str] = []
        translations: dict[str, str] = {}
        reason = ""
        try:
            raw = ""
            announced = 0
            for chunk in self.backend.stream_chat(prompt.messages, model=model, temperature=temperature,
                                                  schema=suggestions_schema(n, back_translation=their_language),
                                                  max_tokens=TOKENS_PER_SUGGESTION * n * (2 if their_language else 1)):
                if not raw:
                    timings["first_token"] = round((time.perf_counter() - started) * 1000, 2)
                if cancelled is not None and cancelled():
                    raise Cancelled("gave way to an interactive request")
                raw += chunk
                yield {"type": "token", "text": chunk}
                complete = completed_suggestions(raw)
                for text in complete[announced:n]:
                    yield {"type": "draft", "index": announced, "text": text}
                    announced += 1
            texts = parse_suggestions(raw, n)
            translations = back_translations(raw) if their_language else {}
            if not texts:
                reason = "The model's answer held no usable reply, so these come from your saved replies."
        except LLMError as error:
            reason = error.message
        mark = lap("model", mark)

        engine = "ollama"
        sources: list[str] = ["model"] * len(texts)
        if not texts:
            engine = "saved"
            variables = {"author": comment.author, "post_title": comment.post_title, "platform": comment.platform,
                         "creator": self.voice.creator_name()}
            saved = suggest_saved(comment.text, n, voice=self.voice, snippets=self.snippets, variables=variables)
            texts, sources = [item.text for item in saved], [item.source for item in saved]
            yield {"type": "fallback", "engine": engine, "reason": reason}

        allow = self.voice.allow_list() + (self.notes.allowed(note) if note else [])
        suggestions = []
        kept: list[str] = []
        for text, source in zip(texts, sources):
            if is_near_duplicate(text, kept):
                continue
            kept.append(text)
            suggestion_id = secrets.token_hex(8)
            flags = check_reply(text + suffix, platform=comment.platform, allow_list=allow + [disclosure],
                                prompt_texts=prompt.guarded_texts if engine == "ollama" else ())
            suggestion = {"id": suggestion_id, "text": text, "source": source,
                          "flags": [flag.to_dict() for flag in flags]}
            if translations.get(text.strip()):
                suggestion["back_translation"] = translations[text.strip()]
            suggestions.append(suggestion)
            self.recent.remember(suggestion_id, {"text": text, "engine": engine, "comment": comment.to_dict(),
                                                 "disclosure": disclosure, "at": time.time()})
        lap("guard", mark)
        timings["total"] = round((time.perf_counter() - started) * 1000, 2)
        yield {"type": "done", "suggestions": suggestions, "engine": engine, "reason": reason,
               "model": model if engine == "ollama" else None, "disclosure": disclosure, "timings_ms": timings}

    def personalise(self, comment: Comment, answer: str, *, model: str, temperature: float,
                    use_model: bool = True) -> dict[str, Any]:
        """One core answer adapted for one commenter ("answer once"). The model rewrites it around
        the commenter's words; without a model the answer is addressed to them by name."""
        creator = self.voice.creator_name()
        allow = self.voice.allow_list() + links_in(answer)

        def shaped(text: str, engine: str, reason: str) -> dict[str, Any]:
            flags = check_reply(text, platform=comment.platform, allow_list=allow)
            return {"text": text, "engine": engine, "reason": reason, "flags": [flag.to_dict() for flag in flags]}

        reason = ""
        if use_model:
            tag = delimiter_tag()
            prompt = prompt_text.render(self.templates.get("personalise"), {
                "creator": creator, "answer": answer, "tag": tag, "author": strip_tag(comment.author, tag) or "someone",
                "comment": strip_tag(comment.text, tag)})
            messages = [{"role": "system", "content": self.system_prompt()}, {"role": "user", "content": prompt}]
            try:
                raw = self.backend.chat(messages, model=model, temperature=temperature, schema=suggestions_schema(1),
                                        max_tokens=TOKENS_PER_SUGGESTION * 2)
                texts = parse_suggestions(raw, 1)
                if texts:
                    return shaped(texts[0], "ollama", "")
                reason = "The model's answer held no usable reply."
            except LLMError as error:
                reason = error.message
        greeting = f"{comment.author.lstrip('@')}, " if comment.author else ""
        text = greeting + (answer[:1].lower() + answer[1:] if greeting and answer[:2].istitle() else answer)
        return shaped(text, "saved", reason)

    def model_labels(self, text: str, *, model: str) -> list[Label]:
        """Labels the model adds where the rules saw nothing (prompts/triage.txt). Raises
        :class:`LLMError` when the model is unavailable."""
        tag = delimiter_tag()
        prompt = prompt_text.render(self.templates.get("triage"), {
            "labels": ", ".join(LABELS), "tag": tag, "comment": strip_tag(text, tag)})
        schema = {"type": "object", "required": ["labels"], "properties": {"labels": {"type": "array", "items": {
            "type": "object", "required": ["label", "reason"],
            "properties": {"label": {"type": "string", "enum": list(LABELS)}, "reason": {"type": "string"}}}}}}
        raw = self.backend.chat([{"role": "user", "content": prompt}], model=model, temperature=0.0, schema=schema,
                                max_tokens=300)
        entries = json_object(raw).get("labels")
        return [Label(entry["label"], f"Your model: {str(entry.get('reason') or '').strip()[:160]}")
                for entry in entries or [] if isinstance(entry, dict) and entry.get("label") in LABELS]

    def suggest(self, comment: Comment, **kwargs: Any) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for event in self.events(comment, **kwargs):
            result = event
        result.pop("type", None)
        return result
