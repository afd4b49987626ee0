"""Programs outside Python that some tests drive: Chromium for GraphiQL, node and npm for federation
composition.

In CI (CI=true) a missing one fails the test: those tests must run there, and .ci/run installs the
programs. Elsewhere the test skips, saying how to install it.
"""

from __future__ import annotations

import os
import shutil

import pytest

HOW = {
    "chromium": "apt-get install -y chromium (Debian's; never a downloaded browser)",
    "node": "apt-get install -y nodejs npm (node 18 or later)",
    "npm": "apt-get install -y nodejs npm (node 18 or later)",
}


def require(program: str) -> str:
    """The program's path; or the test fails (in CI) or skips (elsewhere)."""
    path = shutil.which(program)
    if path is None:
        message = f"{program} is not installed: {HOW[program]}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path
