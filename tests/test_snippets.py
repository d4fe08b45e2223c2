from tandem.snippets import fill


def test_fill_variables_and_tidy_missing_ones():
    assert fill("Thanks {author}! New video on {post_title} soon.", {"author": "Sam", "post_title": "bread"}) == \
        "Thanks Sam! New video on bread soon."
    assert fill("Thanks {author}!", {}) == "Thanks!"
    assert fill("Great question, {author}! More soon.", {}) == "Great question! More soon."
    assert fill("Hi {author}, {unknown} stays", {"author": "A"}) == "Hi A, {unknown} stays"
