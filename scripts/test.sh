#!/usr/bin/env bash
# The README's test command. Installs what the tests need, runs every test layer, then synthesizes
# the dev and prod stacks offline and checks the output. Safe to run repeatedly.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v java >/dev/null 2>&1 || need_apt+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || need_apt+=(maven)
# A real nginx on loopback proves the Ingress routing table (IngressNginxRoutingTest).
[ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || need_apt+=(nginx-light)
# A real PostgreSQL (initdb, pg_ctl, psql) proves the database bootstrap script and its privileges (BootstrapSqlTest).
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || need_apt+=(postgresql)
# A real PgBouncer in front of that PostgreSQL proves session pooling, LISTEN/NOTIFY and max_client_conn (PgBouncerTest).
command -v pgbouncer >/dev/null 2>&1 || [ -x /usr/sbin/pgbouncer ] || need_apt+=(pgbouncer)
# Node.js runs tools/validate-crds (custom resources against the npm kubernetes-models).
command -v npm >/dev/null 2>&1 || need_apt+=(nodejs npm)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "== installing ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

echo "== unit and program tests, then the runnable jar"
mvn -B -ntp package

echo "== offline synth of every stack"
for stack in dev prod; do
  out="build/synth/$stack"
  java -jar target/dbos-conductor.jar synth --stack "$stack" --out "$out" --simulate-deploy
  for f in plan.json graph.mmd manifests deploy-sim.json; do
    [ -e "$out/$f" ] || { echo "synth of $stack did not write $out/$f" >&2; exit 1; }
  done
done

echo "== the sample DBOS app against a real PostgreSQL (dbos migrate, workflows, queue depth, privileges)"
bash scripts/app-test.sh

echo "== custom resources against kubernetes-models"
npm --prefix tools/validate-crds ci --no-audit --no-fund
npm --prefix tools/validate-crds test
# Domain mode adds cert-manager's ClusterIssuer: synthesize it too, so its custom resource is validated.
java -jar target/dbos-conductor.jar synth --stack prod --out build/synth/prod-domain \
  --set dbos-conductor:domain=dbos.example.com --set dbos-conductor:acmeEmail=ops@example.com \
  --set dbos-conductor:hostedZoneId=Z0123456789ABC >/dev/null
node tools/validate-crds/validate.mjs build/synth/dev/manifests build/synth/prod/manifests build/synth/prod-domain/manifests

echo "== policy pack: rule fixtures, mutations, workflow validation, offline check of every plan"
bash scripts/policy-test.sh
# One closing line over every JUnit report, in the plain "N passed, N failed" form.
total=0; bad=0
for report in target/surefire-reports/TEST-*.xml; do
  head=$(grep -m1 -o '<testsuite [^>]*>' "$report")
  t=$(sed -E 's/.* tests="([0-9]+)".*/\1/' <<<"$head")
  f=$(sed -E 's/.* failures="([0-9]+)".*/\1/' <<<"$head")
  e=$(sed -E 's/.* errors="([0-9]+)".*/\1/' <<<"$head")
  s=$(sed -E 's/.* skipped="([0-9]+)".*/\1/' <<<"$head")
  total=$((total + t - s)); bad=$((bad + f + e))
done
echo "== all checks passed"
echo "java: $((total - bad)) passed, $bad failed"
