"""The bash completion (tools/sdtscore.bash, installed by make install)
completes commands, each command's options as its --help names them, and
bundled instrument ids."""
import os
import subprocess

from sdtcheck import SDT, finish, report

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(os.path.dirname(os.path.dirname(HERE)), "tools", "sdtscore.bash")
CASES = [(["sdtscore", "sco"], 1, "score"),
         (["sdtscore", "score", "--dup"], 2, "--duplicates"),
         (["sdtscore", "report", "--split"], 2, "--split-by"),
         (["sdtscore", "stats", "-i", "bpnsfs-w"], 3, "bpnsfs-work")]

env = dict(os.environ, PATH=os.path.dirname(os.path.abspath(SDT)) + os.pathsep +
           os.environ.get("PATH", ""))
for words, cword, want in CASES:
    script = 'source "%s"; COMP_WORDS=(%s); COMP_CWORD=%d; _sdtscore; echo "${COMPREPLY[@]}"' % (
        SCRIPT, " ".join(words), cword)
    p = subprocess.run(["bash", "-c", script], capture_output=True, text=True, env=env)
    got = p.stdout.split()
    report("completion/%s" % " ".join(words[1:]),
           [] if want in got else ["got %r, expected %s" % (got, want)])
finish()
