"""The library's ABI is exactly what its installed headers declare: every
function marked SDT_API in engine/include/*.h is exported by
libsdtscore.so, and nothing else is (internal helpers such as sdt_malloc
or sdt_fail stay hidden, so no program can come to depend on them)."""
import glob
import os
import re
import subprocess

from sdtcheck import SDT, finish, report

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
B = os.environ.get("B") or os.path.dirname(SDT)


def declared():
    names = set()
    for path in glob.glob(os.path.join(ROOT, "engine", "include", "*.h")):
        with open(path) as f:
            for line in f:
                m = re.match(r"^SDT_API\b.*?\b(sdt_\w+)\(", line)
                if m:
                    names.add(m.group(1))
    return names


def exported(lib):
    out = subprocess.run(["nm", "-D", "--defined-only", lib], capture_output=True,
                         text=True, check=True).stdout
    return {f[2].split("@")[0] for f in (l.split() for l in out.splitlines())
            if len(f) == 3 and f[1] in "TtWiDdBbRr" and f[1] != "A"}


def main():
    lib = os.path.join(ROOT, B, "libsdtscore.so") if not os.path.isabs(B) else \
        os.path.join(B, "libsdtscore.so")
    if not os.path.exists(lib):
        report("abi/exports", ["%s is not built" % lib])
        return
    want, got = declared(), exported(lib)
    problems = []
    if len(want) < 100:
        problems.append("only %d SDT_API declarations found" % len(want))
    for n in sorted(got - want):
        problems.append("exported but not declared: %s" % n)
    for n in sorted(want - got):
        problems.append("declared but not exported: %s" % n)
    report("abi/exports (%d functions)" % len(want), problems)


main()
finish()
