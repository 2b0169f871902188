"""Renamed API names (issue 16): a program written against the earlier
names still builds and runs, and the compiler names the new name for each
(the deprecated aliases of sdt_api.h's SDT_DEPRECATED). The new names are
the same types and give the same answers."""
import os
import re
import subprocess
import tempfile

from sdtcheck import SDT, finish, report

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
B = os.environ.get("B") or os.path.dirname(SDT)

PROGRAM = r"""
#include <stdio.h>
#include <string.h>
#include <sdtscore.h>

int main(void)
{
	sdt_format f = SDT_FORMAT_AUTO;
	sdt_layout l = SDT_LAYOUT_GENERIC;
	sdt_instrument *ins = NULL;
	sdt_simulate_options o;
	sdt_simulator *old_sim = NULL;
	sdt_simulate *sim;
	const sdt_sim_response *old_resp = NULL;
	const sdt_simulate_response *resp = NULL;
	const sdt_sim_attribute *attr = NULL;
	sdt_bench_cell cell;
	sdt_benchmark_cell *new_cell = &cell;
	sdt_bench_dist dist;
	sdt_bench_unit unit;
	sdt_bench_scale scale;
	int bad = 0;

	(void)attr; (void)dist; (void)unit; (void)scale;
	memset(&cell, 0, sizeof cell);
	/* the old lookups keep their old answers; the new ones agree */
	bad |= sdt_format_parse("ndjson") != SDT_FORMAT_NDJSON;
	bad |= sdt_format_parse("xml") != SDT_FORMAT_AUTO;
	bad |= sdt_format_from_name(&f, "ndjson") != SDT_OK || f != SDT_FORMAT_NDJSON;
	bad |= sdt_format_from_name(&f, "xml") != SDT_EUSAGE || f != SDT_FORMAT_NDJSON;
	bad |= sdt_layout_parse("qualtrics") != SDT_LAYOUT_QUALTRICS;
	bad |= sdt_layout_parse("xml") != -1;
	bad |= sdt_layout_from_name(&l, "qualtrics") != SDT_OK || l != SDT_LAYOUT_QUALTRICS;
	bad |= sdt_layout_from_name(&l, "xml") != SDT_EUSAGE || l != SDT_LAYOUT_QUALTRICS;
	/* an old-named simulator is the new type */
	if (sdt_instrument_load_bundled(&ins, "learning-leadership-pulse") != SDT_OK)
		return 2;
	sdt_simulate_options_init(&o);
	o.respondents = 3;
	o.teams = 1;
	if (sdt_simulate_new(&old_sim, ins, &o) != SDT_OK)
		return 3;
	sim = old_sim;
	bad |= sdt_simulate_next(sim, &old_resp) != SDT_OK || !old_resp;
	resp = old_resp;
	bad |= strcmp(resp->id, "r000001") != 0;
	new_cell->band = 2;
	bad |= cell.band != 2;
	sdt_simulate_free(sim);
	sdt_instrument_free(ins);
	puts(bad ? "bad" : "ok");
	return bad;
}
"""

# Each earlier name and the new name its warning must point to.
RENAMES = {
    "sdt_format_parse": "sdt_format_from_name",
    "sdt_layout_parse": "sdt_layout_from_name",
    "sdt_simulator": "sdt_simulate",
    "sdt_sim_response": "sdt_simulate_response",
    "sdt_sim_attribute": "sdt_simulate_attribute",
    "sdt_bench_cell": "sdt_benchmark_cell",
    "sdt_bench_dist": "sdt_benchmark_dist",
    "sdt_bench_unit": "sdt_benchmark_unit",
    "sdt_bench_scale": "sdt_benchmark_scale",
}


def static_libs():
    pc = os.path.join(ROOT, B, "sdtscore.pc") if not os.path.isabs(B) else \
        os.path.join(B, "sdtscore.pc")
    with open(pc) as f:
        for line in f:
            if line.startswith("Libs.private:"):
                return line.split(":", 1)[1].split()
    return []


def main():
    lib = os.path.join(ROOT, B, "libsdtscore.a") if not os.path.isabs(B) else \
        os.path.join(B, "libsdtscore.a")
    tmp = tempfile.mkdtemp(prefix="sdt-names-")
    src, exe = os.path.join(tmp, "old.c"), os.path.join(tmp, "old")
    with open(src, "w") as f:
        f.write(PROGRAM)
    san = os.environ.get("SDT_SANFLAGS", "").split()
    inc = "-I" + os.path.join(ROOT, "engine", "include")
    cc = subprocess.run(["cc", "-std=c11", "-Wall", "-Wextra"] + san + [inc, src, lib] +
                        static_libs() + ["-o", exe], capture_output=True, text=True)
    problems = []
    if cc.returncode != 0:
        report("api/deprecated-names build", ["build: " + cc.stderr.strip()[-600:]])
        return
    for old, new in sorted(RENAMES.items()):
        # the quotes around the name follow the locale ('' or ‘’)
        pat = r"\W%s\W is deprecated: use %s\b" % (re.escape(old), re.escape(new))
        if not re.search(pat, cc.stderr):
            problems.append("no deprecation warning naming %s for %s" % (new, old))
    report("api/deprecated-names warn (%d names)" % len(RENAMES), problems)
    p = subprocess.run([exe], capture_output=True, text=True)
    report("api/deprecated-names run", [] if p.returncode == 0 and p.stdout.strip() == "ok"
           else ["exit %d: %s %s" % (p.returncode, p.stdout.strip(), p.stderr.strip()[-300:])])


main()
finish()
