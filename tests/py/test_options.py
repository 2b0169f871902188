"""Every option a command's --help names is in the man page, and every
option the man page names is in some command's --help: the two cannot
drift apart (issue 15)."""
import os
import re
import subprocess

from sdtcheck import SDT, finish, report

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
COMMANDS = ["instruments", "validate", "score", "stats", "simulate", "merge", "report",
            "batch", "import", "shard"]
# Options of sdtscore itself, not of one command.
GLOBAL = {"--help", "--version", "--quiet", "--error-format"}
OPT = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*[a-z0-9]")


def man_options():
    text = open(os.path.join(TOP, "sdtscore.1")).read().replace("\\-", "-")
    text = text.split(".SH EXAMPLES", 1)[0]
    return set(OPT.findall(text))


man = man_options()
seen = set()
for cmd in COMMANDS:
    p = subprocess.run([SDT, "help", cmd], capture_output=True, text=True)
    opts = set(OPT.findall(p.stdout))
    seen |= opts
    missing = sorted(o for o in opts - man if o not in GLOBAL)
    report("options/%s-in-manpage" % cmd,
           ([] if p.returncode == 0 else ["help exit %d" % p.returncode]) +
           ["%s is in `sdtscore %s --help` but not in sdtscore.1" % (o, cmd) for o in missing])
extra = sorted(o for o in man - seen if o not in GLOBAL)
report("options/manpage-in-help",
       ["%s is in sdtscore.1 but in no command's --help" % o for o in extra])
finish()
