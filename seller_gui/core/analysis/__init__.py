"""Analysis: orders, figures, trend, causes, risk, rules."""
