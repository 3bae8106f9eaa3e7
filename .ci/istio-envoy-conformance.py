#!/usr/bin/env python3
"""Runs the external Istio/Envoy conformance cases against the CLI jar and holds kserve-auth to them.

usage: istio-envoy-conformance.py CLI_JAR [SHARED_DIR]

The runner (SHARED_DIR/testdata/istio-envoy-conformance/run.py) exits 0 only when every case comes out
as Istio has it. kserve-auth differs from Istio on purpose in a few JWT checks (docs/policies.md,
"Differences from Istio, on purpose"); the cases that show those differences are listed, with the reason
kserve-auth must give, in kserve-auth-core/src/test/resources/conformance/istio-envoy-differences.txt.
This script passes only when the runner's failures are exactly those listed cases, each failing with its
listed reason: any other failure, a listed case that no longer fails (a stale entry), or a runner that
did not finish, fails CI.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIST = os.path.join(ROOT, 'kserve-auth-core', 'src', 'test', 'resources', 'conformance', 'istio-envoy-differences.txt')


def differences():
    out = {}
    with open(LIST, encoding='utf-8') as f:
        for line in f:
            line = line.rstrip('\n')
            if not line.strip() or line.startswith('#'):
                continue
            name, diff_id, fragment = line.split('\t')
            out[name] = (diff_id, fragment)
    return out


def main():
    if len(sys.argv) not in (2, 3):
        sys.stderr.write(__doc__)
        return 2
    jar = sys.argv[1]
    shared = sys.argv[2] if len(sys.argv) == 3 else os.path.join(os.path.dirname(ROOT), 'shared')
    runner = os.path.join(shared, 'testdata', 'istio-envoy-conformance', 'run.py')
    if not os.path.isfile(runner):
        print(f'conformance: {runner} not found; CI needs the shared test data beside the repository')
        return 1
    p = subprocess.run([sys.executable, runner, jar], capture_output=True, text=True)
    sys.stdout.write(p.stdout)
    sys.stderr.write(p.stderr)
    if not re.search(r'^external: \d+/\d+ as expected$', p.stdout, re.M):
        print(f'conformance: the runner did not finish (exit {p.returncode})')
        return 1
    listed = differences()
    failed = {}
    for line in p.stdout.splitlines():
        m = re.match(r'^FAIL ([^:]+): (.*)$', line)
        if m:
            failed[m.group(1)] = m.group(2)
    problems = []
    for name, msg in sorted(failed.items()):
        if name not in listed:
            problems.append(f'{name}: not as Istio has it, and not a documented difference')
        elif listed[name][1] not in msg:
            problems.append(f'{name}: listed as {listed[name][0]}, but fails for another reason')
    for name, (diff_id, _) in sorted(listed.items()):
        if name not in failed:
            problems.append(f'{name}: listed as {diff_id}, but no longer differs from Istio (remove the entry)')
    for problem in problems:
        print('conformance: ' + problem)
    documented = len([n for n in failed if n in listed])
    if problems:
        print(f'conformance: FAILED ({len(problems)} problems)')
        return 1
    if p.returncode not in (0, 1):
        print(f'conformance: runner exit {p.returncode}')
        return 1
    print(f'conformance: ok ({documented} cases differ from Istio only as docs/policies.md documents)')
    return 0


if __name__ == '__main__':
    sys.exit(main())
