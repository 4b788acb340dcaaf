#!/usr/bin/env python3
"""Fails if a public header includes RapidJSON, curl or libwebsockets (DESIGN.md: public
headers stay free of them), directly or through a private lib/ header."""
import pathlib
import re
import sys

FORBIDDEN = re.compile(r'^\s*#\s*include\s*[<"](rapidjson/|curl/|libwebsockets|lws_|zstd)', re.M)
PRIVATE = re.compile(r'^\s*#\s*include\s*"', re.M)

root = pathlib.Path(sys.argv[1])
bad = []
headers = sorted(p for p in root.rglob('*') if p.suffix in ('.hpp', '.h', '.in') and p.is_file())
for path in headers:
    text = path.read_text(encoding='utf-8')
    for m in FORBIDDEN.finditer(text):
        bad.append(f'{path.relative_to(root)}: {m.group(0).strip()}')
    for m in PRIVATE.finditer(text):
        bad.append(f'{path.relative_to(root)}: quoted include of a non-public header: {m.group(0).strip()}')
if not headers:
    print('no headers found under', root)
    sys.exit(1)
for line in bad:
    print(line)
print(f'{len(headers)} public headers checked, {len(bad)} problems')
sys.exit(1 if bad else 0)
