"""Seller GUI: see your seller-caused cancellation rate before the marketplace does."""


def __getattr__(name: str) -> str:
    # looked up on first use: importlib.metadata costs about 0.1 s, which every command-line run and
    # every child process (workbook reader, second CSV parser) would pay at start
    if name != "__version__":
        raise AttributeError(f"module 'seller_gui' has no attribute {name!r}")
    from importlib.metadata import PackageNotFoundError, version

    try:
        found = version("seller-gui")
    except PackageNotFoundError:  # running from a checkout that was never installed, or frozen
        found = "0.1.0"
    globals()["__version__"] = found
    return found
