"""The API reference (section-3 manual pages, man/man3): current with the
headers, covering every exported function, and well-formed roff.

Every function the built library exports (nm -D, as an embedder's linker
sees it) must be named in the index that `make install` turns into one
page per function, and be declared on its header's page; the committed
pages must equal what tools/man3.py makes from today's headers; groff
must render each page without a warning."""
import filecmp
import os
import re
import subprocess
import tempfile

from sdtcheck import SDT, finish, report

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
B = os.environ.get("B") or os.path.dirname(SDT)
MAN3 = os.path.join(ROOT, "man", "man3")


def exported():
    lib = os.path.join(ROOT, B, "libsdtscore.so") if not os.path.isabs(B) else \
        os.path.join(B, "libsdtscore.so")
    out = subprocess.run(["nm", "-D", "--defined-only", lib], capture_output=True,
                         text=True, check=True).stdout
    return sorted({m.group(1) for m in re.finditer(r" T (sdt_\w+)", out)})


def main():
    tmp = tempfile.mkdtemp(prefix="sdt-man3-")
    subprocess.run(["/usr/bin/python3", os.path.join(ROOT, "tools", "man3.py"), tmp],
                   check=True)
    names = sorted(os.listdir(tmp))
    cmp = filecmp.cmpfiles(MAN3, tmp, names, shallow=False)
    stale = cmp[1] + cmp[2] + sorted(set(os.listdir(MAN3)) - set(names))
    report("man3/current (%d pages)" % (len(names) - 1),
           ["%s differs from tools/man3.py's (run make man3)" % n for n in stale])

    index = {}
    with open(os.path.join(MAN3, "index")) as f:
        for line in f:
            fn, pg = line.split()
            index[fn] = pg
    funcs = exported()
    problems = []
    if len(funcs) < 150:
        problems.append("only %d exported functions found" % len(funcs))
    for fn in funcs:
        if fn not in index:
            problems.append("%s is exported but not in man/man3/index" % fn)
            continue
        with open(os.path.join(MAN3, index[fn] + ".3")) as f:
            text = f.read()
        # declared in the page's bold code, as a function
        if not re.search(r"\b%s\s*\(" % re.escape(fn), text):
            problems.append("%s(3) does not declare %s" % (index[fn], fn))
    for fn in sorted(set(index) - set(funcs)):
        problems.append("%s is in the index but not exported" % fn)
    report("man3/every-function (%d exported)" % len(funcs), problems)

    problems = []
    for n in names:
        if not n.endswith(".3"):
            continue
        p = subprocess.run(["groff", "-man", "-ww", "-z", os.path.join(MAN3, n)],
                           capture_output=True, text=True)
        if p.returncode != 0 or p.stderr.strip():
            problems.append("%s: %s" % (n, p.stderr.strip()[:200]))
    with open(os.path.join(MAN3, "sdtscore.3")) as f:
        umbrella = f.read()
    # the policies an embedder relies on are in the umbrella page
    for word in ("NULL", "Ownership", "GSL"):
        if word not in umbrella:
            problems.append("sdtscore(3) does not state the %s policy" % word)
    report("man3/roff", problems)


main()
finish()
