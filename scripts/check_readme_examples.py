#!/usr/bin/env python3
"""Checks that every code block in README.md marked `<!-- example: PATH -->` is found verbatim in PATH, the file
CI runs, so the README never shows an example that is not tested. Exits non-zero naming the first mismatch."""
import re
import sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
readme = (root / "README.md").read_text()
blocks = re.findall(r"<!-- example: (\S+) -->\n```\w*\n(.*?)\n```", readme, re.S)
if not blocks:
    sys.exit("README.md has no marked examples")
for path, code in blocks:
    source = (root / path).read_text()
    # indentation may differ (the Java example shows the body of main): compare line by line, stripped
    wanted = [line.strip() for line in code.splitlines() if line.strip()]
    have = [line.strip() for line in source.splitlines() if line.strip()]
    if not any(have[i:i + len(wanted)] == wanted for i in range(len(have) - len(wanted) + 1)):
        sys.exit(f"README example for {path} differs from the file CI runs")
    print(f"ok  README example = {path} ({len(wanted)} lines)")
