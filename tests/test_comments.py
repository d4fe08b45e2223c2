import pytest
from hypothesis import given, settings, strategies as st

from tandem.comments import parse_comment, to_plain_text
from tandem.errors import ApiError


@pytest.mark.parametrize("markup,text", [
    ("<p>Hello&nbsp;<b>world</b></p><p>again</p>", "Hello world\n\nagain"),
    ("a<br>b", "a\nb"),
    ("x <script>alert(1)</script> y", "x y"),
    ("Great <img alt=\"🍞\" src=\"e.png\"> bread", "Great 🍞 bread"),
    ("Tom &amp; Jerry &lt;3", "Tom & Jerry <3"),
])
def test_html_field_becomes_text(markup, text):
    assert parse_comment({"platform": "x", "html": markup}, max_chars=1000).text == text


@pytest.mark.parametrize("raw,text", [
    ("  lots   of\t\tspace \n\n\n\n next ", "lots of space\n\nnext"),
    ("zero\u200bwidth\u202e and bidi", "zerowidth and bidi"),
    ('<img src=x onerror="alert(1)">', '<img src=x onerror="alert(1)">'),  # what the commenter typed
    ("Tom &amp; Jerry", "Tom &amp; Jerry"),
])
def test_text_is_taken_literally(raw, text):
    assert to_plain_text(raw, 1000) == text


def test_length_cap():
    assert to_plain_text("x" * 50, 10) == "x" * 9 + "…"


def test_fields_are_single_line_and_capped():
    comment = parse_comment({"platform": "x", "text": "hi", "author": "Sam\nSmith", "post_title": "T" * 600,
                             "context": ["one", " two\u200b "]}, max_chars=100)
    assert comment.author == "Sam Smith" and len(comment.post_title) == 500 and comment.context == ["one", "two"]


@given(st.dictionaries(st.sampled_from(["platform", "text", "author", "id", "url", "post_title", "context", "x"]),
                       st.one_of(st.none(), st.text(max_size=50), st.integers(), st.lists(st.text(max_size=5), max_size=3))))
@settings(max_examples=200, deadline=None)
def test_any_input_parses_or_gives_api_error(data):
    try:
        comment = parse_comment(data, max_chars=100)
    except ApiError as error:
        assert error.status == 400 and error.message
    else:
        assert comment.text and len(comment.text) <= 100
