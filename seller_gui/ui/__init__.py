"""Qt widgets, models and workers. They call seller_gui.core and show its results."""
