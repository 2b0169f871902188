"""The NULL policy of the installed headers, applied: every `_free`
function the headers declare accepts NULL as a no-op. The list is read
from the headers, so a new `_free` is checked the day it is declared: a C
program calling each with NULL is generated, built against the library and
run."""
import glob
import os
import re
import subprocess
import tempfile

from sdtcheck import SDT, finish, report

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
B = os.environ.get("B") or os.path.dirname(SDT)


def free_functions():
    out = []
    for path in sorted(glob.glob(os.path.join(ROOT, "engine", "include", "*.h"))):
        with open(path) as f:
            out += re.findall(r"^SDT_API void (sdt_\w*free)\(", f.read(), re.M)
    return out


def main():
    lib = os.path.join(ROOT, B, "libsdtscore.a") if not os.path.isabs(B) else \
        os.path.join(B, "libsdtscore.a")
    names = free_functions()
    if len(names) < 15:
        report("api/free-null", ["only %d _free functions found" % len(names)])
        return
    tmp = tempfile.mkdtemp(prefix="sdt-api-")
    src, exe = os.path.join(tmp, "t.c"), os.path.join(tmp, "t")
    with open(src, "w") as f:
        f.write("#include <stdio.h>\n#include <sdtscore.h>\nint main(void)\n{\n")
        for n in names:
            f.write("\t%s(NULL);\n" % n)
        f.write('\tputs("ok");\n\treturn 0;\n}\n')
    # the libraries a static link needs, as the built sdtscore.pc lists them
    pc = os.path.join(os.path.dirname(lib), "sdtscore.pc")
    libs = []
    with open(pc) as f:
        for line in f:
            if line.startswith("Libs.private:"):
                libs = line.split(":", 1)[1].split()
    # a sanitizer build's library needs the same runtime at link time
    san = os.environ.get("SDT_SANFLAGS", "").split()
    cc = subprocess.run(["cc", "-std=c11", "-Wall", "-Werror"] + san + ["-I" + os.path.join(
                         ROOT, "engine", "include"), src, lib] + libs + ["-o", exe],
                        capture_output=True, text=True)
    problems = []
    if cc.returncode != 0:
        problems.append("build: " + cc.stderr.strip()[-400:])
    else:
        p = subprocess.run([exe], capture_output=True, text=True)
        if p.returncode != 0 or p.stdout.strip() != "ok":
            problems.append("exit %d: %s" % (p.returncode, p.stderr.strip()[-300:]))
    report("api/free-null (%d functions)" % len(names), problems)


main()
finish()
