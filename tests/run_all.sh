#!/bin/sh
# Runs every test suite and prints one closing "N passed, N failed" line
# that counts each check once: a cmocka test case ($UNIT binaries), a
# golden case, a "PASS name" / "FAIL name: why" line of a Python test (or
# of a binary it relays). A unit binary that dies, or fails naming no test,
# and a Python file that crashes (a traceback), fails naming no check, or
# runs none, add one FAIL line of their own.
here=$(cd "$(dirname "$0")" && pwd)
root=$(pwd)
log=$(mktemp)
trap 'rm -f "$log" "$log.u" "$log.p" "$log.e"' EXIT

for t in $UNIT; do
	name=$(basename "$t")
	case "$t" in /*) bin=$t ;; *) bin=$root/$t ;; esac
	(cd "$here" && "$bin") >"$log.u" 2>&1
	rc=$?
	grep -E '^\[       OK \]' "$log.u" | sed "s/^\[       OK \] */PASS unit\/$name: /" >>"$log"
	[ "$rc" = 0 ] && continue
	cat "$log.u"
	# cmocka names a failed test twice: where it fails and in its summary
	grep -E '^\[  FAILED  \] [^0-9]' "$log.u" | grep -v 'test(s)' |
		sed "s/^\[  FAILED  \] */FAIL unit\/$name: /" | awk '!seen[$0]++' >"$log.p"
	cat "$log.p" >>"$log"
	# no test named, or a signal (cmocka's own exit is the failure count)
	if [ ! -s "$log.p" ] || [ "$rc" -gt 128 ]; then
		echo "FAIL unit/$name: crashed or exited $rc" >>"$log"
	fi
done

sh "$here/run_golden.sh" >>"$log" 2>&1

for py in "$here"/py/test_*.py; do
	[ -f "$py" ] || continue
	/usr/bin/python3 "$py" >"$log.p" 2>"$log.e"
	rc=$?
	cat "$log.p" "$log.e" >>"$log"
	file=$(basename "$py")
	if grep -q '^Traceback' "$log.e"; then
		echo "FAIL $file: crashed: $(tail -n 1 "$log.e")" >>"$log"
	elif [ "$rc" != 0 ] && ! grep -q '^FAIL' "$log.p"; then
		echo "FAIL $file: exited $rc naming no failed check" >>"$log"
	elif ! grep -qE '^(PASS|FAIL)' "$log.p"; then
		echo "FAIL $file: ran no check" >>"$log"
	fi
done

grep -E '^FAIL' "$log"
pass=$(grep -c '^PASS' "$log")
fail=$(grep -c '^FAIL' "$log")
other=$(grep -vE '^(PASS|FAIL)' "$log" | head -20)
[ -n "$other" ] && printf '%s\n' "$other"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]
