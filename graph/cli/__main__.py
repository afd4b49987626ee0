"""`python -m graph.cli …`: the same as `lienthong …`."""

import sys

from graph.cli import main

sys.exit(main())
