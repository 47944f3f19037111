#!/usr/bin/env sh
# Runs all five benchmarks (and the hit breakdown) with the settings in their annotations: ~9.5 min on 2 cores.
# Extra arguments go to JMH, e.g. a regexp to run some ("CacheHit"), -prof gc, or the smoke settings
#   benchmarks/run.sh -f 1 -wi 1 -i 1 -w 200ms -r 200ms
# Results: the console table, and benchmarks/target/jmh-result.json.
set -eu
cd "$(dirname "$0")/.."
if [ ! -f benchmarks/target/benchmarks.jar ]; then
  mvn -B -q -pl benchmarks package -DskipTests
fi
exec java -jar benchmarks/target/benchmarks.jar -rf json -rff benchmarks/target/jmh-result.json "$@"
