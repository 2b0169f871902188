#!/bin/sh
# Golden CLI tests: each tests/golden/<case>/ holds
#   cmd        the command line, run by sh in a scratch copy of the case
#              folder ($SDT is the binary, $REF the shared reference data)
#   exit       the expected exit code (default 0)
#   stderr     the expected standard error, exactly (optional)
#   stdout     the expected standard output, exactly; without it the case
#              must write nothing there
#   files/     files the command must have written, compared exactly (optional)
#   long-double a marker: the output's last digits come from long double
#              arithmetic (the exact accumulator's final division), which
#              valgrind emulates at double precision; under valgrind
#              (SDT_VALGRIND=1, make valgrind) such a case is held to its
#              exit code and memcheck's verdict, not to its output
# Prints "PASS <case>" or "FAIL <case>: why" per case. GOLDEN_CASES (names
# separated by spaces) runs only those cases (make mutate).
: "${SDT:?SDT must name the sdtscore binary}"
REF="${SHARED:-../shared}/reference"
export SDT REF
root=$(cd "$(dirname "$0")/golden" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for dir in "$root"/*/; do
	case=$(basename "$dir")
	[ -f "$dir/cmd" ] || continue
	if [ -n "$GOLDEN_CASES" ]; then
		case " $GOLDEN_CASES " in *" $case "*) ;; *) continue ;; esac
	fi
	work="$tmp/$case"
	mkdir -p "$work"
	cp -R "$dir"/. "$work"/
	( cd "$work" && $VALGRIND_WRAP sh ./cmd >"$tmp/$case.out" 2>"$tmp/$case.err" )
	rc=$?
	want=0
	[ -f "$dir/exit" ] && want=$(cat "$dir/exit")
	why=""
	[ "$rc" = "$want" ] || why="exit $rc, expected $want"
	if [ -z "$why" ] && [ -n "$SDT_VALGRIND" ] && [ -f "$dir/long-double" ]; then
		echo "PASS golden/$case (under valgrind: exit code and memcheck only)"
		continue
	fi
	if [ -z "$why" ] && [ -f "$dir/stderr" ] && ! cmp -s "$dir/stderr" "$tmp/$case.err"; then
		why="stderr differs: $(diff "$dir/stderr" "$tmp/$case.err" | head -5 | tr '\n' ' ')"
	fi
	if [ -z "$why" ] && [ -f "$dir/stdout" ] && ! cmp -s "$dir/stdout" "$tmp/$case.out"; then
		why="stdout differs: $(diff "$dir/stdout" "$tmp/$case.out" | head -5 | tr '\n' ' ')"
	fi
	if [ -z "$why" ] && [ ! -f "$dir/stdout" ] && [ -s "$tmp/$case.out" ]; then
		why="standard output not empty, and the case has no stdout file: $(head -c 100 "$tmp/$case.out" | tr '\n' ' ')"
	fi
	if [ -z "$why" ] && [ -d "$dir/files" ]; then
		for f in $(cd "$dir/files" && find . -type f); do
			cmp -s "$dir/files/$f" "$work/$f" || why="$why file $f differs;"
		done
	fi
	if [ -z "$why" ]; then
		echo "PASS golden/$case"
	else
		echo "FAIL golden/$case: $why"
	fi
done
