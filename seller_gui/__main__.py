from seller_gui.cli import main

raise SystemExit(main())
