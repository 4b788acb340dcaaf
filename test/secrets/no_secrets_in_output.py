#!/usr/bin/env python3
"""Runs a program (a sample with --emulator) with every log at trace level and fails if
anything it prints, on stdout or stderr, looks like a credential: a bot token
(<application id>.<secret>) or a webhook URL with its token. The emulator's demo world
makes fresh tokens on every run, so the check is by shape, not by value.

usage: no_secrets_in_output.py <expected text> <program> [args...]
"""
import os
import re
import subprocess
import sys

BOT_TOKEN = re.compile(r'\b\d{15,20}\.[A-Za-z0-9_-]{20,}')
WEBHOOK = re.compile(r'/webhooks/\d+/(?!\[redacted\])[A-Za-z0-9_-]{16,}')


def main() -> int:
    expected, cmd = sys.argv[1], sys.argv[2:]
    env = dict(os.environ, FLUXER_LOG_LEVEL='trace', FLUXER_EMULATOR_LOG_LEVEL='trace')
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, errors='replace', timeout=120)
    out = proc.stdout + proc.stderr
    lines = out.splitlines()
    print(f'{len(lines)} lines of output, exit {proc.returncode}')
    if proc.returncode != 0:
        print(out[-4000:])
        return 1
    if expected not in out:
        print(f'the output does not contain {expected!r}:\n{out[-4000:]}')
        return 1
    leaks = [l for l in lines if BOT_TOKEN.search(l) or WEBHOOK.search(l)]
    for l in leaks[:20]:
        print('credential in output:', l[:300])
    return 1 if leaks else 0


if __name__ == '__main__':
    sys.exit(main())
