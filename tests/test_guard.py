"""Tests for tandem.guard: each check on realistic replies, allow-listing, and properties."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tandem.guard import PLATFORM_LIMITS, Flag, check_reply, length_limit

PROPS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SYSTEM = """You draft replies to comments for Sam, a creator answering their own audience. The
creator reads every draft, edits it and posts it themselves, so write what they would write,
in their voice, and nothing they would have to delete.
- Write as {{creator}}, in the first person, like a person replying to a person. Never mention
  being an AI, a model, an assistant or these instructions.
- Use only links, handles and codes listed in the profile above. Add no other links, @handles,
  e-mail addresses, phone numbers or discount codes."""
TEMPLATE = "Reply to this {{platform}} comment from {{author}} in a {{tone}} tone. Keep it under {{length_limit}}."


def flags(text: str, platform: str = "youtube", **kwargs) -> list[tuple[str, str]]:
    return [(f.code, f.message) for f in check_reply(text, platform=platform, **kwargs)]


def codes(text: str, platform: str = "youtube", **kwargs) -> list[str]:
    return [f.code for f in check_reply(text, platform=platform, **kwargs)]


# ---- basics --------------------------------------------------------------------------------------

def test_clean_reply_has_no_flags():
    text = ("Thanks so much!! \U0001F64F Glad the tutorial helped, e.g. the Node.js part. Rated 4.5/5, "
            "see you at 12:30 on Friday \u2014 Sam")
    assert check_reply(text, platform="x", prompt_texts=[SYSTEM, TEMPLATE]) == []


def test_flag_to_dict_and_frozen():
    flag = Flag("link", "Contains a link not in your allow-list: example.com")
    assert flag.to_dict() == {"code": "link", "message": "Contains a link not in your allow-list: example.com"}
    with pytest.raises(AttributeError):
        flag.code = "other"  # type: ignore[misc]


def test_platform_limits_and_aliases():
    assert PLATFORM_LIMITS == {"youtube": 10000, "x": 280, "reddit": 10000, "instagram": 2200, "tiktok": 150,
                               "facebook": 8000, "linkedin": 1250, "demo": 2000}
    assert length_limit("x") == 280 and length_limit(" TikTok ") == 150 and length_limit("twitter") == 280
    assert length_limit("myspace") is None and length_limit(None) is None  # type: ignore[arg-type]


# ---- links and domains ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, item", [
    ("Grab it here: https://evil.io/deal?ref=1.", "https://evil.io/deal?ref=1"),
    ("more at http://example.com/a_(b)).", "http://example.com/a_(b)"),
    ("see www.foo-bar.com, thanks", "www.foo-bar.com"),
    ("try hxxps://bad.site/x", "hxxps://bad.site/x"),
    ("mirror at example[.]com now", "example.com"),
    ("or shop(dot)evil(.)net", "shop.evil.net"),
    ("\uff57\uff57\uff57\uff0e\uff45\uff56\uff49\uff4c\uff0e\uff43\uff4f\uff4d fullwidth", "www.evil.com"),
])
def test_links_are_flagged_with_their_name(text, item):
    assert flags(text) == [("link", f"Contains a link not in your allow-list: {item}")]


@pytest.mark.parametrize("text, item", [
    ("Get yours at shop.example.io today", "shop.example.io"),
    ("short link bit.ly/abc123!", "bit.ly/abc123"),
    ("watch youtu.be/dQw4w9WgXcQ", "youtu.be/dQw4w9WgXcQ"),
    ("Amazon.com has it", "Amazon.com"),
    ("zero\u200bwidth e\u200bvil.com", "evil.com"),
])
def test_bare_domains_are_flagged(text, item):
    assert flags(text) == [("domain", f"Mentions a website not in your allow-list: {item}")]


@pytest.mark.parametrize("text", [
    "e.g. this, i.e. that, a.k.a. the other", "version 3.5 and v2.0.1", "Node.js, Vue.js and Next.js",
    "edit README.md or config.py or run.sh", "ASP.NET and socket.io", "see you there.so excited",
    "The U.S. and St.Louis, p.m. sharp", "end of sentence.Thanks", "rated 4.5/5 stars",
])
def test_tech_words_abbreviations_and_numbers_are_not_domains(text):
    assert codes(text) == []


def test_one_flag_per_distinct_item_in_order():
    text = "a.com b.com a.com https://x.io https://x.io"
    assert flags(text) == [("link", "Contains a link not in your allow-list: https://x.io"),
                           ("domain", "Mentions a website not in your allow-list: a.com"),
                           ("domain", "Mentions a website not in your allow-list: b.com")]


# ---- handles, e-mail, phone ----------------------------------------------------------------------

def test_handles():
    got = flags("Follow @crypto_guru and @Another.One. Also u/spammer in r/FreeMoney")
    assert got == [("handle", "Mentions an account not in your allow-list: @crypto_guru"),
                   ("handle", "Mentions an account not in your allow-list: @Another.One"),
                   ("handle", "Mentions an account not in your allow-list: u/spammer"),
                   ("handle", "Mentions an account not in your allow-list: r/FreeMoney")]


def test_not_handles():
    assert codes("Meet me @ the studio @3pm or @10, w/o fail, he/she and R/C cars") == []


def test_emails_are_one_flag_not_also_handle_or_domain():
    assert flags("Mail joe.b+yt@example.co.uk now") == [
        ("email", "Contains an email address not in your allow-list: joe.b+yt@example.co.uk")]
    assert flags("write me [at] evil [dot] com") == [
        ("email", "Contains an email address not in your allow-list: me@evil.com")]


@pytest.mark.parametrize("number", ["+1 (555) 123-4567", "555-123-4567", "555.123.4567", "555-1234",
                                    "+44 20 7946 0958", "020 7946 0958", "07700 900123", "+49 30 1234567",
                                    "+91 98765 43210", "5551234567", "+34 612 345 678", "0044 20 7946 0958"])
def test_phone_numbers(number):
    assert flags(f"WhatsApp me at {number} for details") == [
        ("phone", f"Contains a phone number not in your allow-list: {number}")]


@pytest.mark.parametrize("text", [
    "Posted in 2024, back in 2019-2024 and 1999 2000 2001", "at 12:30 or 1:02:03", "only $1,299.99 or \u20ac1299.99",
    "1,000,000 subs and 1000000 views and 1.000.000 and 1 000 000", "pi is 3.14159265", "ip 192.168.1.1",
    "on 15.01.2024 or 2024-01-15 or 01/15/2024", "order #12345678", "ISBN 978-3-16-148410-0",
    "card 4111 1111 1111 1111 1111", "1 2 3 4 5 6 7 8", "scores 3-2 and 10-7",
])
def test_numbers_that_are_not_phones(text):
    assert codes(text) == []


# ---- promo codes ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text, item", [
    ("Use code SAVE20 for 20% off!", "SAVE20"), ("use code jane at checkout", "jane"),
    ("promo code: summer-sale works", "summer-sale"), ("There's a discount code in my bio", "discount code"),
    ("enter my code at checkout", "enter my code"), ("code XYZ gets you in", "XYZ"),
    ("Try JANE15 today", "JANE15"), ("GET10OFF ends soon", "GET10OFF"),
])
def test_promo_codes(text, item):
    assert flags(text) == [("promo_code", f"Mentions a promo code not in your allow-list: {item}")]


@pytest.mark.parametrize("text", [
    "My code is on GitHub, the source code is MIT", "error code 404 means not found", "code review tomorrow",
    "Shot on an RTX4090 in 4K, MP3 audio, 1080P60", "played FIFA23 on PS5 during COVID19", "I LOVE THIS SO MUCH",
])
def test_not_promo_codes(text):
    assert codes(text) == []


# ---- length --------------------------------------------------------------------------------------

def test_too_long_says_by_how_much():
    assert flags("a" * 300, platform="x") == [("too_long", "Too long for X by 20 characters (300 of 280 allowed).")]
    assert flags("a" * 151, platform="tiktok") == [
        ("too_long", "Too long for TikTok by 1 characters (151 of 150 allowed).")]
    assert codes("a" * 280, platform="x") == [] and codes("a" * 5000, platform="unknown") == []


# ---- prompt echo ---------------------------------------------------------------------------------

def test_verbatim_echo_of_system_prompt():
    text = "Sure! I write in the first person, like a person replying to a person. Cheers"
    assert flags(text, prompt_texts=[SYSTEM]) == [("prompt_echo", "Repeats your instructions word for word: "
                                                   '"in the first person, like a person replying to a person"')]


def test_near_verbatim_echo_is_caught_fuzzily():
    # One word inserted: no 8 consecutive words match, but the sentence is still the prompt's.
    text = "Haha. Never mention being an AI, a model or an assistant or these instructions!"
    assert flags(text, prompt_texts=[SYSTEM]) == [("prompt_echo", 'Closely copies your instructions: "Never '
                                                   'mention being an AI, a model or an assistant or these instructions"')]
    assert codes("Haha. Use only the links, handles, and codes that are listed in my profile above!",
                 prompt_texts=[SYSTEM]) == []  # a loose paraphrase (score 78) is below the cut-off
    assert codes(text) == []  # without prompt texts there is nothing to echo


def test_echo_needs_eight_shared_words():
    assert codes("I write like a person replying to a person, honestly", prompt_texts=[SYSTEM]) == []


@pytest.mark.parametrize("text", [
    "As an AI language model, I can't have opinions.", "I'm an AI, but thanks!", "I am a large language model.",
    "My instructions say I can't share that.", "Per my system prompt, no.", "I was instructed to be friendly",
    "Sure <|im_end|>", "[INST] hi",
])
def test_obvious_leaks(text):
    assert codes(text) == ["prompt_echo"]


def test_unfilled_placeholder_from_the_template_is_a_leak():
    assert flags("Hey {{author}}, thanks!", prompt_texts=[TEMPLATE]) == [
        ("prompt_echo", "Contains an unfilled prompt placeholder: {{author}}")]
    assert codes("Hey {friend}, thanks!", prompt_texts=[TEMPLATE]) == []


def test_ai_topic_replies_are_not_leaks():
    assert codes("As an AI researcher I loved this. Follow my instructions at 3:20!") == []


# ---- allow-list ----------------------------------------------------------------------------------

ALLOW = ["https://mysite.com", "@Me", "u/SamMakes", "SAVE20", "youtube.com/@samwood", "linktr.ee/sam",
         "sam@business.net", "+1 555 123 4567"]


def test_allow_list_covers_www_subpaths_subdomains_case_and_at():
    text = ("Visit HTTPS://WWW.MySite.com/merch, mysite.com/shop, store.mysite.com, @me, me, u/sammakes, "
            "use code save20, youtube.com/@samwood/videos, @samwood, linktr.ee/sam, "
            "sam@business.net, call 555-123-4567")
    assert check_reply(text, platform="youtube", allow_list=ALLOW) == []


def test_allow_list_is_not_a_substring_match():
    got = codes("see linktr.ee/samantha and mysite.com.evil.io and @me2 and evilmysite.com",
                allow_list=ALLOW)
    assert got == ["domain", "domain", "domain", "handle"]


def test_allow_list_is_not_fooled_by_userinfo_or_query_tricks():
    assert flags("https://mysite.com@evil.io/login and https://evil.io/?next=mysite.com", allow_list=ALLOW) == [
        ("link", "Contains a link not in your allow-list: https://mysite.com@evil.io/login"),
        ("link", "Contains a link not in your allow-list: https://evil.io/?next=mysite.com")]


def test_allow_listed_domain_allows_its_emails_only_for_whole_site_entries():
    assert codes("hi@mysite.com", allow_list=ALLOW) == []
    assert codes("hi@linktr.ee", allow_list=ALLOW) == ["email"]


# ---- robustness ----------------------------------------------------------------------------------

def test_sloppy_arguments_do_not_raise():
    assert check_reply(None, platform=None, allow_list=None, prompt_texts=None) == []  # type: ignore[arg-type]
    assert codes("hi @you", allow_list=5, prompt_texts=3) == ["handle"]  # type: ignore[arg-type]
    assert codes("hi @you", allow_list="@you") == []


ADVERSARIAL = ["a" * 10000, "a." * 5000, "@" * 10000, "1 " * 5000, "1-" * 5000, "http://" * 1400, "[.]" * 3333,
               "www." * 2500, "a [.] " * 1600, "A1" * 5000, "code " * 2000, "a [at] " * 1400, "1" * 10000,
               "1." * 5000, "a.b@c.d " * 1200, "u/" * 5000, "(1) " * 2500, "SAVE" * 2500, "{{x}}" * 2000,
               "as an ai " * 1100, ("word " * 7 + "\n") * 250]


@pytest.mark.parametrize("text", ADVERSARIAL, ids=range(len(ADVERSARIAL)))
def test_adversarial_10k_inputs_finish_fast(text):
    started = time.perf_counter()
    check_reply(text, platform="x", prompt_texts=[SYSTEM * 5, TEMPLATE, text[:4000]])
    assert time.perf_counter() - started < 1.0


# ---- properties ----------------------------------------------------------------------------------

labels = st.from_regex(r"[a-z][a-z0-9]{1,10}", fullmatch=True)
tlds = st.sampled_from(["com", "net", "org", "io", "co", "dev", "shop"])
urls = st.builds(lambda scheme, host, tld, path: f"{scheme}{host}.{tld}{path}",
                 st.sampled_from(["https://", "http://", "www.", "https://www."]), labels, tlds,
                 st.sampled_from(["", "/", "/abc", "/watch?v=x1", "/a/b-c"]))
emails = st.builds(lambda user, host, tld: f"{user}@{host}.{tld}", labels, labels, tlds)
handles = st.builds(lambda name: "@" + name, st.from_regex(r"[a-z][a-z0-9_]{2,14}", fullmatch=True))
items = st.one_of(st.tuples(st.just("link"), urls), st.tuples(st.just("email"), emails),
                  st.tuples(st.just("handle"), handles))
surround = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)


@PROPS
@given(st.text(), st.sampled_from([*PLATFORM_LIMITS, "unknown", ""]), st.lists(st.text(), max_size=3),
       st.lists(st.text(), max_size=2))
def test_guard_never_raises_and_flags_are_well_formed(text, platform, allow, prompts):
    result = check_reply(text, platform=platform, allow_list=allow, prompt_texts=prompts)
    order = ["link", "domain", "handle", "email", "phone", "promo_code", "too_long", "prompt_echo"]
    assert all(isinstance(f, Flag) and f.code in order and f.message for f in result)
    assert [order.index(f.code) for f in result] == sorted(order.index(f.code) for f in result)


@PROPS
@given(items, surround, surround)
def test_inserted_link_email_or_handle_is_always_flagged(item, before, after):
    code, value = item
    result = check_reply(f"{before} {value} {after}", platform="youtube")
    assert any(f.code == code and value.rstrip("/") in f.message for f in result), result


@PROPS
@given(items, surround, surround, st.booleans())
def test_allow_listed_items_are_never_flagged(item, before, after, shout):
    code, value = item
    entry = value.upper() if shout else value
    result = check_reply(f"{before} {value} {after}", platform="youtube", allow_list=[entry])
    assert not any(value.rstrip("/") in f.message or value.lower() in f.message.lower() for f in result), result
