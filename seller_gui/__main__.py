from seller_gui.cli import main

# Guarded: multiprocessing's spawn children import this module as __mp_main__ and must not start the app.
if __name__ == "__main__":
    raise SystemExit(main())
