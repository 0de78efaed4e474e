"""Allow `python -m coretui`."""

from coretui.cli import main

raise SystemExit(main())
