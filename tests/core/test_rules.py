from seller_gui.core.analysis.rules import load_rules
from seller_gui.resources_path import resource


def test_every_marketplace_has_rules_and_amazon_figures_are_official():
    rules = load_rules(resource("profiles"))
    assert set(rules) == {"aupay", "qoo10", "rakuten", "yahoo", "amazon", "mercari", "generic"}
    amazon = rules["amazon"]
    assert (amazon.window_days, amazon.limit, amazon.late_window_days, amazon.late_limit) == (7, 0.025, 10, 0.04)
    assert not amazon.limit_is_estimate and not amazon.late_limit_is_estimate
    for key, r in rules.items():
        if key != "amazon":
            assert r.limit_is_estimate and r.source.startswith("Estimate"), key
        assert 0 < r.limit < 1 and 0 < r.late_limit < 1


def test_overrides_replace_only_given_values():
    aupay = load_rules(resource("profiles"))["aupay"]
    changed = aupay.with_overrides(window_days=14, limit=None)
    assert changed.window_days == 14 and changed.limit == aupay.limit
