"""Everything that reads, normalises and measures orders. No Qt import anywhere in this package."""
