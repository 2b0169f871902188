"""Every command in the man page's EXAMPLES section runs and exits 0, from
a scratch copy of the examples folder."""
import os
import re
import shlex
import shutil
import subprocess
import tempfile

from sdtcheck import SDT, finish, report

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))


def examples():
    text = open(os.path.join(TOP, "sdtscore.1")).read()
    section = text.split(".SH EXAMPLES", 1)[1].split(".SH ", 1)[0]
    for block in re.findall(r"\.EX\n(.*?)\n\.EE", section, re.S):
        for line in block.splitlines():
            if line.startswith("sdtscore "):
                yield line.replace("\\-", "-")


found = 0
with tempfile.TemporaryDirectory() as tmp:
    for name in os.listdir(os.path.join(TOP, "examples")):
        src = os.path.join(TOP, "examples", name)
        if os.path.isfile(src):
            shutil.copy(src, tmp)
        elif os.path.isdir(src) and name != "out":
            shutil.copytree(src, os.path.join(tmp, name))
    for line in examples():
        found += 1
        args = shlex.split(line)[1:]
        p = subprocess.run([SDT, *args], cwd=tmp, capture_output=True, text=True)
        report("manpage/%s" % " ".join(args[:3]),
               [] if p.returncode == 0 else
               ["exit %d: %s" % (p.returncode, p.stderr.strip()[:200])])
report("manpage/has-examples", [] if found >= 3 else ["only %d examples" % found])
finish()
