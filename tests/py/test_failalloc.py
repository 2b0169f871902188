"""The allocation-failure test ($B/alloc/failalloc, tests/alloc/failalloc.c):
relays its PASS/FAIL line per path, and fails when it crashes."""
import os
import subprocess

from sdtcheck import SDT, finish, report

B = os.environ.get("B") or os.path.dirname(SDT)


def main():
    binary = os.path.join(B, "alloc", "failalloc")
    if not os.path.exists(binary):
        report("alloc", ["%s is not built (make test builds it)" % binary])
        return
    p = subprocess.run([binary], capture_output=True, text=True)
    lines = [l for l in p.stdout.splitlines()
             if l.startswith(("PASS ", "FAIL "))]
    for l in lines:
        print(l)
    if p.returncode != 0 and not any(l.startswith("FAIL") for l in lines):
        tail = p.stderr.strip().splitlines()[-3:]
        report("alloc", ["exit %d" % p.returncode] + tail)


main()
finish()
