#!/bin/sh
# Runs every test suite and prints one closing "N passed, N failed" line.
# Unit tests are cmocka binaries ($UNIT); golden and Python tests print
# "PASS name" / "FAIL name: why" lines.
here=$(cd "$(dirname "$0")" && pwd)
root=$(pwd)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for t in $UNIT; do
	name=$(basename "$t")
	case "$t" in /*) bin=$t ;; *) bin=$root/$t ;; esac
	if (cd "$here" && "$bin") >"$log.u" 2>&1; then
		grep -E '^\[       OK \]' "$log.u" | sed "s/^\[       OK \] */PASS unit\/$name: /" >>"$log"
	else
		cat "$log.u"
		grep -E '^\[       OK \]' "$log.u" | sed "s/^\[       OK \] */PASS unit\/$name: /" >>"$log"
		grep -E '^\[  FAILED  \] [^0-9]' "$log.u" | grep -v 'test(s)' |
			sed "s/^\[  FAILED  \] */FAIL unit\/$name: /" >>"$log"
		grep -q "^FAIL unit/$name" "$log" || echo "FAIL unit/$name: crashed or exited non-zero" >>"$log"
	fi
	rm -f "$log.u"
done
sh "$here/run_golden.sh" >>"$log" 2>&1
for py in "$here"/py/test_*.py; do
	[ -f "$py" ] || continue
	/usr/bin/python3 "$py" >>"$log" 2>&1 || grep -q "^FAIL" "$log" ||
		echo "FAIL $(basename "$py"): exited non-zero" >>"$log"
done
grep -E '^FAIL' "$log"
pass=$(grep -c '^PASS' "$log")
fail=$(grep -c '^FAIL' "$log")
other=$(grep -vE '^(PASS|FAIL)' "$log" | head -20)
[ -n "$other" ] && printf '%s\n' "$other"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
