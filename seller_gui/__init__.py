"""Seller GUI: see your seller-caused cancellation rate before the marketplace does."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("seller-gui")
except PackageNotFoundError:  # running from a checkout that was never installed, or frozen
    __version__ = "0.1.0"
