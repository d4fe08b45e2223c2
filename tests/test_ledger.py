from tandem.ledger import human_share


def test_human_share():
    assert human_share("Thanks so much!", "Thanks so much!") == 0.0
    assert human_share("Thanks!", "Completely my own words here") > 0.7
    assert 0 < human_share("Thanks so much!", "Thanks so much! 🍞") < 0.2
    assert human_share("", "") == 0.0
