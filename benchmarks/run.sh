#!/usr/bin/env sh
# Runs every benchmark with the settings in their annotations (forks >= 2 everywhere): about 15 minutes on
# 2 cores. Needs Redis at 127.0.0.1:6379 and PostgreSQL at 127.0.0.1:5432 (database test, user postgres) for the
# shared-cache and credential-move benchmarks.
# Extra arguments go to JMH, e.g. a regexp to run some ("CacheHit"), -prof gc, or the smoke settings
#   benchmarks/run.sh -f 1 -wi 1 -i 1 -w 200ms -r 200ms
# Results: the console table, and benchmarks/target/jmh-result.json; benchmarks/summarize.py turns one or more
# such files into the ratio table of BENCHMARKS.md.
set -eu
cd "$(dirname "$0")/.."
if [ ! -f benchmarks/target/benchmarks.jar ]; then
  mvn -B -q -ntp -o package -pl benchmarks -am -DskipTests
fi
exec java -jar benchmarks/target/benchmarks.jar -rf json -rff benchmarks/target/jmh-result.json "$@"
