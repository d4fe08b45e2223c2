import random

from tandem.retrieval import SimilarityIndex


def test_finds_the_most_similar_comment():
    index = SimilarityIndex()
    texts = ["what camera do you use", "love the music in this one", "how long do you proof sourdough",
             "which flour is best for bread", "first!"]
    for key, text in enumerate(texts):
        index.add(key, text)
    assert index.search("What flour is best for sourdough bread?", 1)[0].key == 3
    assert index.search("camera?? what do you film with", 1)[0].key == 0


def test_query_sharing_no_word_still_finds_something():
    index = SimilarityIndex()
    index.add(1, "completely unrelated text")
    index.add(2, "xyzzy plugh")
    matches = index.search("xyzzi", 2)
    assert matches and matches[0].key == 2


def test_empty_index_and_zero_limit():
    assert SimilarityIndex().search("anything", 3) == []
    index = SimilarityIndex()
    index.add(1, "a b c")
    assert index.search("a b c", 0) == []


def test_common_words_do_not_drown_rare_ones():
    random.seed(3)
    index = SimilarityIndex()
    for key in range(2000):
        index.add(key, "great video thanks " + " ".join(random.choice("abcdefgh") * 3 for _ in range(4)))
    index.add(99999, "great video thanks what sourdough starter")
    assert index.search("what sourdough starter do you feed", 1)[0].key == 99999
