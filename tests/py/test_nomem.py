"""Out of memory is exit 4, under a real limit: the CLI runs with its
address space capped (RLIMIT_AS, as `ulimit -v`) and reads, from standard
input, a cell of 64 MB that it cannot hold. Each command must exit 4 with
"out of memory", write nothing, and, under the same cap, a small input
must still succeed (so the exit comes from the allocation, not from a cap
too low to start). Under AddressSanitizer, which reserves terabytes of
address space, the sanitizer's own allocator is capped instead
(max_allocation_size_mb with allocator_may_return_null)."""
import os
import resource
import subprocess
import tempfile

from sdtcheck import SDT, finish, report

CAP = 48 * 1024 * 1024  # bytes of address space: the CLI needs about 20 MB
CELL = 64 * 1000 * 1000  # one quoted cell longer than the cap
INST = """{"format": "sdtscore-instrument/1", "id": "oom", "version": "1",
 "response_scale": {"min": 1, "max": 5},
 "items": [{"id": "a1", "reverse": false}, {"id": "a2", "reverse": true}],
 "scales": [{"id": "a", "items": ["a1", "a2"], "min_answered": 1}]}
"""
HEAD = b"id,team,a1,a2\n"
SMALL = HEAD + b"p1,Org/X,5,1\np2,Org/X,3,4\n"


def sanitized():
    with open(SDT, "rb") as f:
        return b"__asan_init" in f.read()


def run(args, data, asan):
    env = dict(os.environ)
    pre = None
    if asan:
        env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + \
            ":allocator_may_return_null=1:max_allocation_size_mb=32"
    else:
        def pre():
            resource.setrlimit(resource.RLIMIT_AS, (CAP, CAP))
    p = subprocess.Popen([SDT, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, env=env, preexec_fn=pre)
    if data is None:  # the big input, streamed: no file of 64 MB on disk
        try:
            p.stdin.write(HEAD + b'p1,"')
            chunk = b"x" * (1 << 20)
            for _ in range(CELL // len(chunk)):
                p.stdin.write(chunk)
            p.stdin.write(b'",1,1\n')
        except BrokenPipeError:
            pass  # it gave up reading: what it says is checked below
        p.stdin.close()
        out, err = p.stdout.read(), p.stderr.read()
    else:
        out, err = p.communicate(data)
    p.wait()
    return p.returncode, out.decode(), err.decode()


def main():
    asan = sanitized()
    with tempfile.TemporaryDirectory() as tmp:
        inst = os.path.join(tmp, "inst.json")
        with open(inst, "w") as f:
            f.write(INST)
        for cmd, ext in (("score", "csv"), ("stats", "csv"), ("report", "xlsx")):
            problems = []
            out = os.path.join(tmp, "out-%s.%s" % (cmd, ext))
            args = [cmd, "-i", inst, "--input-format", "csv", "-o", out, "-"]
            rc, _, err = run(args, SMALL, asan)
            if rc != 0 or not os.path.exists(out):
                problems.append("a small input under the cap: exit %d %s" % (rc, err.strip()))
            if os.path.exists(out):
                os.remove(out)
            rc, stdout, err = run(args, None, asan)
            if rc != 4:
                problems.append("a 64 MB cell under the cap: exit %d, expected 4 (%s)"
                                % (rc, err.strip()[-200:]))
            if "out of memory" not in err:
                problems.append("stderr %r does not say out of memory" % err.strip()[-200:])
            if os.path.exists(out) or stdout:
                problems.append("a failed run wrote output")
            report("cli/out-of-memory/%s (exit 4 under %s)"
                   % (cmd, "ASan's allocator cap" if asan else "a 48 MB address-space cap"),
                   problems)


main()
finish()
