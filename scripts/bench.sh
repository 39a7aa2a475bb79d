#!/usr/bin/env bash
# Reproduces the figures of the README's "Deploy time and program speed" section. Not run by CI.
#
#   bash scripts/bench.sh            deploy simulation of dev and prod, JVM starts (hyperfine),
#                                    evaluation alone in a warm JVM (JMH); about 5 minutes on 2 cores
#   bash scripts/bench.sh --suite    also times the README's test command in a fresh clone of HEAD and the
#                                    Java unit tests alone (a few more minutes; installs what test.sh installs)
#
# Results go to build/bench/ (BENCH_OUT to change): hyperfine's startup.md/json, JMH's jmh.json, deploy-sim.json per stack.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${BENCH_OUT:-build/bench}"
mkdir -p "$out"
suite=false
[ "${1:-}" = "--suite" ] && suite=true

command -v hyperfine >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq hyperfine >/dev/null; }
command -v python3 >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq python3 >/dev/null; }
echo "== machine: $(nproc) cores, $(java -version 2>&1 | head -1)"

echo "== the runnable jar (target/dbos-conductor.jar) and the benchmark jar (bench/target/benchmarks.jar)"
mvn -B -q package -DskipTests
mvn -B -q -f bench/pom.xml package

echo "== deploy simulation: the first pulumi up, each resource taking its typical creation time"
for stack in dev prod; do
  java -jar target/dbos-conductor.jar synth --stack "$stack" --out "$out/synth-$stack" --simulate-deploy | grep "deploy simulation" \
    | sed "s/^ */$stack: /"
  cp "$out/synth-$stack/deploy-sim.json" "$out/deploy-sim-$stack.json"
done

echo "== JVM start + evaluation, as the engine's jar executor starts the program (hyperfine, medians)"
mkdir -p bench/target/floor
printf 'public class Floor { public static void main(String[] args) { } }\n' > bench/target/floor/Floor.java
javac -d bench/target/floor bench/target/floor/Floor.java
# A class-data-sharing archive of the classes a synth loads (JDK 17: made by one run with ArchiveClassesAtExit).
rm -f "$out/dbos-conductor.jsa"
java -XX:ArchiveClassesAtExit="$out/dbos-conductor.jsa" -jar target/dbos-conductor.jar synth --stack dev --out "$out/cds" >/dev/null 2>&1
cds="-XX:SharedArchiveFile=$out/dbos-conductor.jsa"
c1="-XX:TieredStopAtLevel=1"
# The engine starts the jar twice per preview or up: once to list the plugins it needs (pulumi-java's jar
# executor runs com.pulumi.bootstrap.internal.Main packages), once to run the program.
plugins="-cp target/dbos-conductor.jar com.pulumi.bootstrap.internal.Main packages"
hyperfine -N --warmup 2 --runs 10 --export-json "$out/startup.json" --export-markdown "$out/startup.md" \
  -n 'floor: java -version' 'java -version' \
  -n 'floor: java Floor (empty main)' 'java -cp bench/target/floor Floor' \
  -n 'synth dev (jar executor)' "java -jar target/dbos-conductor.jar synth --stack dev --out $out/h-dev" \
  -n 'synth prod (jar executor)' "java -jar target/dbos-conductor.jar synth --stack prod --out $out/h-prod" \
  -n 'synth dev, CDS' "java $cds -jar target/dbos-conductor.jar synth --stack dev --out $out/h-dev-cds" \
  -n 'synth dev, C1 + CDS' "java $c1 $cds -jar target/dbos-conductor.jar synth --stack dev --out $out/h-dev-tuned" \
  -n 'synth prod, C1 + CDS' "java $c1 $cds -jar target/dbos-conductor.jar synth --stack prod --out $out/h-prod-tuned" \
  -n 'plugin list' "java $plugins" \
  -n 'plugin list, CDS' "java $cds $plugins" \
  -n 'plugin list, C1 + CDS' "java $c1 $cds $plugins" \
  >/dev/null
python3 - "$out/startup.json" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
floor = next(r for r in results if r["command"].startswith("floor: java Floor"))["median"]
for r in results:
    print(f"  {r['command']:<34} median {r['median']:6.3f} s   x{r['median'] / floor:5.1f} the empty-main floor")
EOF

echo "== evaluation alone under the mock cloud, warm JVM (JMH SampleTime, 1 fork, 10 x 2 s after 5 x 2 s warm-up)"
java -cp bench/target/benchmarks.jar:target/dbos-conductor.jar org.openjdk.jmh.Main -rf json -rff "$out/jmh.json" \
  org.dbosconductor.bench.EvaluationBenchmark >"$out/jmh.log" 2>&1
python3 - "$out/jmh.json" <<'EOF'
import json, sys
for b in json.load(open(sys.argv[1])):
    p = b["primaryMetric"]["scorePercentiles"]
    print(f"  evaluate {b['params']['stack']:<5} median {p['50.0']:6.0f} ms   p90 {p['90.0']:6.0f} ms")
EOF

if $suite; then
  echo "== the README's test command in a fresh clone of HEAD"
  rm -rf "$out/clone"
  git clone -q . "$out/clone"
  start=$(date +%s)
  (cd "$out/clone" && bash scripts/test.sh >"../test-sh.log" 2>&1)
  echo "  bash scripts/test.sh: $(( $(date +%s) - start )) s ($(tail -1 "$out/test-sh.log"))"
  echo "== the Java unit tests alone (mvn test, dependencies already installed)"
  start=$(date +%s)
  (cd "$out/clone" && mvn -B -q -o test >"../mvn-test.log" 2>&1)
  echo "  mvn test: $(( $(date +%s) - start )) s wall; surefire sum: $(python3 - "$out/clone/target/surefire-reports" <<'EOF'
import glob, re, sys
total = 0.0
for f in glob.glob(sys.argv[1] + "/TEST-*.xml"):
    head = open(f).read(4000)
    total += float(re.search(r'<testsuite [^>]*time="([0-9.]+)"', head).group(1))
print(f"{total:.1f} s")
EOF
)"
fi
