#!/usr/bin/env python3
"""Compiles every ```cpp block of a Markdown file as its own translation unit.

usage: check_doc_snippets.py <file.md> <include dir> <c++ compiler command...>

Each block must be complete (its own #includes); it is checked with
`<compiler> -std=c++20 -fsyntax-only -I<include dir>`. Fails listing the blocks that do
not compile.
"""
import os
import re
import subprocess
import sys
import tempfile


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    path, include, compiler = sys.argv[1], sys.argv[2], sys.argv[3:]
    with open(path, encoding='utf-8') as f:
        text = f.read()
    blocks = [(text.count('\n', 0, m.start()) + 2, m.group(1))
              for m in re.finditer(r'^```cpp\n(.*?)^```', text, re.S | re.M)]
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for line, code in blocks:
            source = os.path.join(tmp, f'snippet_{line}.cpp')
            with open(source, 'w', encoding='utf-8') as out:
                out.write(code)
            cmd = compiler + ['-std=c++20', '-fsyntax-only', '-Wall', '-Wextra', f'-I{include}', source]
            result = subprocess.run(cmd, capture_output=True, text=True)
            if result.returncode != 0:
                failed += 1
                print(f'{path}:{line}: this cpp block does not compile:\n{result.stderr}')
    print(f'{len(blocks)} cpp blocks, {failed} failed')
    return 1 if failed or not blocks else 0


if __name__ == '__main__':
    sys.exit(main())
