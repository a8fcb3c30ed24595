#!/usr/bin/env python3
"""Prints the code block of README.md that follows the marker `<!-- consumer-test: NAME ...-->`.

Usage: extract_snippet.py README.md NAME. Fails (exit 1) when the marker or its code block is missing, so renaming or
deleting a snippet the consumer test compiles is noticed.
"""
import re
import sys

readme, name = sys.argv[1], sys.argv[2]
text = open(readme, encoding="utf-8").read().replace("\r\n", "\n")
match = re.search(r"<!-- consumer-test: " + re.escape(name) + r"\b[^>]*-->\n```csharp\n(.*?)\n```", text, re.S)
if match is None:
    sys.exit(f"{readme}: no csharp block after '<!-- consumer-test: {name} ... -->'")
print(match.group(1))
