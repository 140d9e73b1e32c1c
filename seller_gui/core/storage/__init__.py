"""What the seller keeps on this PC: store, settings, mappings, exports, paths."""
