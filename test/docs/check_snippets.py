#!/usr/bin/env python3
"""Compiles every ```cpp block of the given Markdown files, so documentation cannot rot.

Each block must be a complete translation unit (its own #includes; a `main` is optional).
It is compiled with -fsyntax-only against the public headers. Blocks in other languages
(```sh, ```ini, ```cmake, ...) are not checked.

usage: check_snippets.py --cxx "<compiler and flags>" [-I dir ...] file.md ...
"""
import argparse
import concurrent.futures
import os
import re
import shlex
import subprocess
import sys
import tempfile

BLOCK = re.compile(r'^```(cpp|c\+\+)[ \t]*\n(.*?)^```', re.S | re.M)


def snippets(path):
    text = open(path, encoding='utf-8').read()
    for m in BLOCK.finditer(text):
        line = text.count('\n', 0, m.start()) + 1
        yield line, m.group(2)


def compile_one(cxx, includes, path, line, code, tmpdir):
    name = os.path.join(tmpdir, '%s_%d.cpp' % (re.sub(r'\W', '_', path), line))
    with open(name, 'w', encoding='utf-8') as f:
        f.write('#line 1 "%s:%d"\n' % (path, line + 1))
        f.write(code)
    cmd = cxx + ['-std=c++20', '-fsyntax-only', '-Wall', '-Wextra', '-Werror'] + \
        ['-I' + i for i in includes] + [name]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return path, line, r.returncode, r.stdout


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--cxx', required=True)
    ap.add_argument('-I', dest='includes', action='append', default=[])
    ap.add_argument('files', nargs='+')
    args = ap.parse_args()
    cxx = shlex.split(args.cxx)
    jobs = []
    for path in args.files:
        for line, code in snippets(path):
            jobs.append((path, line, code))
    if not jobs:
        print('no C++ snippets found')
        return 0
    failed = 0
    with tempfile.TemporaryDirectory() as tmp, \
            concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        futures = [pool.submit(compile_one, cxx, args.includes, p, l, c, tmp) for p, l, c in jobs]
        for fut in futures:
            path, line, rc, out = fut.result()
            rel = os.path.relpath(path)
            if rc == 0:
                print('ok   %s:%d' % (rel, line))
            else:
                failed += 1
                print('FAIL %s:%d\n%s' % (rel, line, out))
    print('%d snippets, %d failed' % (len(jobs), failed))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
