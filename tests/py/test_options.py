"""Every option a command's --help names is in the man page, and every
option the man page names is in some command's --help: the two cannot
drift apart (issue 15).

The option table drives both parsing and --help: every option a command's
--help lists is taken by its parser (as "--opt VALUE", "--opt=VALUE" and
"-xVALUE"; a flag refuses "=VALUE"), and every option some other command
lists but this one does not is refused by it as unknown, with the nearest
listed option named. An option the parser takes that --help leaves out is
then impossible, and so is one --help shows that the parser refuses."""
import os
import re
import subprocess

from sdtcheck import SDT, finish, report

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
COMMANDS = ["instruments", "validate", "score", "stats", "simulate", "merge", "report", "progress",
            "batch", "import", "export-survey", "shard"]
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

# "  -o, --output FILE   text": the option lines of a --help text.
LINE = re.compile(r"^  (?:-([a-z]), )?(--[a-z][a-z0-9-]*)(?:, (--[a-z][a-z0-9-]*))?"
                  r"(?: ([A-Z][^ ]*))?(?:  |$)")


def help_options(cmd):
    """{name: (short, takes a value, the line's names)} of the option lines
    of `help CMD` (an alias shares its option's line)."""
    out = subprocess.run([SDT, "help", cmd], capture_output=True, text=True).stdout
    opts = {}
    for line in out.splitlines():
        m = LINE.match(line)
        if m:
            names = tuple(n for n in (m.group(2), m.group(3)) if n)
            for name in names:
                opts[name] = (m.group(1), m.group(4) is not None, names)
    return opts


def parse(cmd, *args):
    """Run CMD ARGS --help: the parser stops at the first bad option, and
    reaching --help (exit 0, help on stdout) means every one was taken."""
    return subprocess.run([SDT, cmd] + list(args) + ["--help"], capture_output=True,
                          text=True, stdin=subprocess.DEVNULL)


tables = {cmd: help_options(cmd) for cmd in COMMANDS}
# every option name anywhere (helps and man page): one a command does not
# list must be unknown to it
everything = set().union(man, *tables.values())
for cmd in COMMANDS:
    problems = []
    opts = tables[cmd]
    if len(opts) < 4 or "--quiet" not in opts or "--error-format" not in opts:
        problems.append("help lists only %s" % sorted(opts))
    for name, (short, valued, line_names) in sorted(opts.items()):
        if name == "--help":
            continue
        forms = [[name, "x"], [name + "=x"]] if valued else [[name]]
        if short:
            forms.append(["-" + short + "x"] if valued else ["-" + short])
        for form in forms:
            # taken: --help is reached (exit 0, the help printed), or the
            # value "x" is refused by the option's own check, which names it
            p = parse(cmd, *form)
            taken = (p.returncode == 0 and p.stdout.startswith("usage:")) or (
                p.returncode == 2 and "unknown option" not in p.stderr and
                any(n in p.stderr for n in line_names))
            if not taken:
                problems.append("%s is in --help, but %s gives exit %d: %s" % (
                    name, " ".join(form), p.returncode, p.stderr.strip()))
        if not valued:
            err = parse(cmd, name + "=x").stderr
            if "option %s takes no value" % name not in err:
                problems.append("flag %s=x: %s" % (name, err.strip()))
    for name in sorted(everything - set(opts)):
        p = parse(cmd, name, "x")
        if p.returncode != 2 or "unknown option '%s'" % name not in p.stderr:
            problems.append("%s is not in `%s --help` but the parser took it (exit %d: %s)"
                            % (name, cmd, p.returncode, p.stderr.strip()))
    report("options/%s-table-drives-parser" % cmd, problems)

# Did-you-mean names an option of the command's table.
p = parse("score", "--duplicate", "first")
report("options/did-you-mean-from-table",
       [] if "(did you mean --duplicates?)" in p.stderr and p.returncode == 2
       else ["score --duplicate: exit %d, %s" % (p.returncode, p.stderr.strip())])
# --error-format applies to errors in options given before it.
p = parse("stats", "--bogus", "--error-format", "json")
report("options/error-format-before-parsing",
       [] if p.stderr.startswith('{"file": null') and '"code": "usage"' in p.stderr
       else ["stats --bogus --error-format json: %s" % p.stderr.strip()])

# The library names no CLI option or command in its messages (issue 16):
# the CLI adds that advice itself (cli/common.c, hint_for). Every string
# literal of engine/ and reports/ is looked at, comments left out.
LITERAL = re.compile(r'"(?:[^"\\\n]|\\.)*"')
COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
found = []
for folder in ("engine", "reports"):
    for root, _, files in os.walk(os.path.join(TOP, folder)):
        for name in sorted(files):
            if not name.endswith((".c", ".h")):
                continue
            text = COMMENT.sub("", open(os.path.join(root, name), encoding="utf-8").read())
            for lit in LITERAL.findall(text):
                if re.search(r"(?<![\w-])--[a-z]|`sdtscore ", lit):
                    found.append("%s/%s: %s" % (folder, name, lit))
report("options/library-names-no-cli-option", found)
finish()
