#!/usr/bin/env bash
# Policy as code, offline: installs the policy pack (policy/), type-checks it, runs its tests (a
# passing and a violating fixture per rule, the offline engine, mutation tests on the real dev plan,
# the workflows), validates the GitHub workflows against the workflow schema, and runs every policy
# against the synthesized dev and prod plans with each stack's pack config. No mandatory violation
# may remain. scripts/test.sh calls it after the synth has written build/synth/dev and build/synth/prod;
# it also runs on its own once those exist. Ends with one line: "policy: N passed, M failed".
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD

passed=0
failed=0
failures=()
ok() { passed=$((passed + 1)); }
ko() { failed=$((failed + 1)); failures+=("$1"); }
finish() {
  if [ ${#failures[@]} -gt 0 ]; then
    echo "== policy failures: ${failures[*]}"
  fi
  echo "policy: $passed passed, $failed failed"
  [ "$failed" -eq 0 ]
  exit $?
}

command -v npm >/dev/null 2>&1 || { echo "npm is required (apt-get install nodejs npm)" >&2; ko "npm"; finish; }

echo "== policy pack: npm ci"
if ! npm --prefix policy ci --no-audit --no-fund; then
  ko "npm ci"
  finish
fi

echo "== policy pack: type check (TypeScript $(node -p 'require("./policy/node_modules/typescript/package.json").version'))"
if npm --prefix policy run --silent typecheck; then ok; else ko "typecheck"; fi

echo "== policy pack: tests (rules, offline engine, mutations of the dev plan, CLI, workflows)"
tap=$(mktemp)
dev_plan="$root/build/synth/dev/plan.json"
if [ -f "$dev_plan" ]; then
  export POLICY_DEV_PLAN="$dev_plan"
else
  echo "(no $dev_plan: the mutation tests use policy/test/fixtures/dev-plan.json)"
fi
(cd policy && node --test --test-concurrency=2 --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$tap" test/*.test.mjs)
test_status=$?
t_pass=$(grep -E '^# pass [0-9]+' "$tap" | tail -1 | awk '{print $3}')
t_fail=$(grep -E '^# fail [0-9]+' "$tap" | tail -1 | awk '{print $3}')
rm -f "$tap"
passed=$((passed + ${t_pass:-0}))
failed=$((failed + ${t_fail:-0}))
if [ "$test_status" -ne 0 ] && [ "${t_fail:-0}" -eq 0 ]; then ko "test runner"; fi
[ "${t_fail:-0}" -eq 0 ] || failures+=("tests")

echo "== GitHub workflows against the workflow schema (action-validator)"
if npm --prefix policy run --silent validate-workflows; then ok; else ko "workflow validation"; fi

# Every policy against the synthesized plans, each stack with its own pack config; prod-domain (the
# prod stack in domain mode, when scripts/test.sh has synthesized it) with prod's.
for target in dev:dev prod:prod prod-domain:prod; do
  plan="build/synth/${target%%:*}/plan.json"
  config="policy/config.${target##*:}.json"
  if [ ! -f "$plan" ]; then
    if [ "${target%%:*}" = prod-domain ]; then continue; fi
    echo "== offline policy check: $plan is missing (run the synth first)"
    ko "check ${target%%:*}"
    continue
  fi
  echo "== offline policy check of $plan with $config"
  if npm --prefix policy run --silent check -- "$plan" --config "$config"; then ok; else ko "check ${target%%:*}"; fi
done

finish
