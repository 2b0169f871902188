#!/bin/sh
# Scores the bundled example and writes its Excel report: sh examples/run.sh PATH/TO/sdtscore
# (`make example` runs it with the freshly built binary). Works from any
# directory; the output goes to examples/out/.
set -eu
if [ $# -lt 1 ]; then
	echo "usage: sh examples/run.sh PATH/TO/sdtscore" >&2
	exit 2
fi
sdt=$1
# A relative binary path is taken from where we were called, before the cd.
case $sdt in
*/*) sdt=$(cd "$(dirname "$sdt")" && pwd)/$(basename "$sdt") ;;
esac
cd "$(dirname "$0")/.."
mkdir -p examples/out
"$sdt" score -i learning-leadership-pulse examples/learning-leadership-pulse.csv \
	-o examples/out/scores.csv
# this autumn's pulse beside the spring one, with response rates
report() {
	"$sdt" report -i learning-leadership-pulse --by work_mode --headcount examples/headcount.csv \
		--wave "Spring 2026=examples/learning-leadership-pulse-previous.csv" \
		--wave "Autumn 2026=examples/learning-leadership-pulse.csv" "$@"
}
report -o examples/out/report.xlsx
# the same report in Finnish and Swedish, and a workbook per supervisor
for lang in fi sv; do
	report --lang "$lang" -o "examples/out/report-$lang.xlsx"
done
mkdir -p examples/out/teams
report --split-by team -o examples/out/teams
"$sdt" batch -i learning-leadership-pulse --anonymise-orgs -o examples/out/portfolio \
	examples/portfolio
echo "scores written to examples/out/scores.csv"
echo "report written to examples/out/report.xlsx (report-fi.xlsx, report-sv.xlsx: Finnish, Swedish)"
echo "supervisors' workbooks written to examples/out/teams/"
echo "portfolio reports and benchmark written to examples/out/portfolio/"
