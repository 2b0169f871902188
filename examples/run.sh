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
"$sdt" report -i learning-leadership-pulse --by work_mode -o examples/out/report.xlsx \
	examples/learning-leadership-pulse.csv
# the same report in Finnish and Swedish, and a workbook per supervisor
for lang in fi sv; do
	"$sdt" report -i learning-leadership-pulse --by work_mode --lang "$lang" \
		-o "examples/out/report-$lang.xlsx" examples/learning-leadership-pulse.csv
done
mkdir -p examples/out/teams
"$sdt" report -i learning-leadership-pulse --by work_mode --split-by team -o examples/out/teams \
	examples/learning-leadership-pulse.csv
"$sdt" batch -i learning-leadership-pulse --anonymise-orgs -o examples/out/portfolio \
	examples/portfolio
echo "scores written to examples/out/scores.csv"
echo "report written to examples/out/report.xlsx (report-fi.xlsx, report-sv.xlsx: Finnish, Swedish)"
echo "supervisors' workbooks written to examples/out/teams/"
echo "portfolio reports and benchmark written to examples/out/portfolio/"
