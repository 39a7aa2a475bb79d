#!/usr/bin/env bash
# End-to-end test of the sample DBOS application (app/) against a real, throwaway PostgreSQL on loopback:
#   1. go vet and go test in app/;
#   2. a cluster with an RDS-like admin `postgres` (CREATEDB CREATEROLE, not a superuser);
#   3. the platform's bootstrap SQL, taken from the synthesized ConfigMap, run as that admin;
#   4. the real `dbos migrate --app-role dbos_app_role`, built at the SDK version app/go.mod pins;
#   5. the app, running as the restricted dbos_app_role: the three-step workflow, the queue and its
#      metrics, input validation, SIGTERM in the middle of a workflow and its recovery after a restart;
#   6. the restricted role cannot change the DBOS schema.
# Run after `java -jar target/dbos-conductor.jar synth --stack dev` (reads build/synth/dev/manifests;
# APP_TEST_MANIFESTS=DIR reads another directory). Non-interactive, bounded in time, loopback only.
# Ends with one line `app: N passed, M failed`; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
MANIFESTS=${APP_TEST_MANIFESTS:-$ROOT/build/synth/dev/manifests}
STARTED=$(date +%s)

passed=0
failed=0
WORK=""
PG_DATA=""
APP_PID=""
SERVER_PREFIX=()

pass() { passed=$((passed + 1)); echo "  ok    $*"; }
flunk() { failed=$((failed + 1)); echo "  FAIL  $*"; }
# check DESCRIPTION COMMAND...: one counted check.
check() {
  local what=$1
  shift
  if "$@"; then pass "$what"; else flunk "$what"; fi
}
# fatal MESSAGE: a failed check after which nothing else can run.
fatal() {
  flunk "$*"
  exit 1
}
step() { echo "== [+$(($(date +%s) - STARTED))s] $*"; }

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [ -n "$APP_PID" ] && kill -0 "$APP_PID" 2>/dev/null; then
    kill -TERM "$APP_PID" 2>/dev/null
    for _ in $(seq 1 30); do kill -0 "$APP_PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$APP_PID" 2>/dev/null
    wait "$APP_PID" 2>/dev/null
  fi
  if [ -n "$PG_DATA" ] && [ -f "$PG_DATA/postmaster.pid" ]; then
    timeout 20 "${SERVER_PREFIX[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -m immediate -w -t 15 stop >/dev/null 2>&1 || {
      # Last resort: the postmaster this script started, by its pid.
      local pid
      pid=$(head -n1 "$PG_DATA/postmaster.pid" 2>/dev/null)
      [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null
    }
  fi
  if [ -n "$WORK" ] && [ -d "$WORK" ]; then
    if [ "$failed" -gt 0 ] || [ "$rc" -ne 0 ]; then
      for log in "$WORK/app.log" "$WORK/pg/server.log"; do
        [ -s "$log" ] && { echo "--- last lines of $log"; tail -n 40 "$log"; }
      done
    fi
    rm -rf "$WORK"
  fi
  echo "== app-test took $(($(date +%s) - STARTED)) s"
  if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1 # stopped by something that was not a counted check
  fi
  echo "app: $passed passed, $failed failed"
  if [ "$failed" -gt 0 ]; then exit 1; fi
  exit 0
}
trap cleanup EXIT
trap 'echo "interrupted"; exit 130' INT TERM

# ---------------------------------------------------------------------------------------------------
step "prerequisites"
command -v go >/dev/null 2>&1 || fatal "go is not installed: install Go 1.25 or newer (the toolchain app/go.mod needs)"
PG_BIN=""
for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5,5n); do
  if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ] && [ -x "$dir/postgres" ] && [ -x "$dir/psql" ]; then PG_BIN=$dir; fi
done
if [ -z "$PG_BIN" ] && command -v initdb >/dev/null 2>&1 && command -v psql >/dev/null 2>&1; then
  PG_BIN=$(dirname "$(readlink -f "$(command -v initdb)")")
fi
[ -n "$PG_BIN" ] && [ -x "$PG_BIN/psql" ] ||
  fatal "PostgreSQL is not installed (no initdb/pg_ctl/postgres/psql): run apt-get install postgresql (scripts/test.sh does)"
echo "  go: $(go version | cut -d' ' -f3-)  postgres: $("$PG_BIN/postgres" --version)"
for tool in timeout od seq; do command -v "$tool" >/dev/null 2>&1 || fatal "$tool is missing (coreutils)"; done
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || fatal "running as root, and there is no 'postgres' system user to run the server as (apt-get install postgresql creates it)"
  if command -v runuser >/dev/null 2>&1; then
    SERVER_PREFIX=(runuser -u postgres --)
  elif command -v setpriv >/dev/null 2>&1; then
    SERVER_PREFIX=(setpriv --reuid=postgres --regid=postgres --init-groups)
  else
    fatal "running as root, and neither runuser nor setpriv is there to run the server as 'postgres'"
  fi
fi
SDK_MODULE=github.com/dbos-inc/dbos-transact-golang
SDK_VERSION=$(cd app && GOFLAGS=-mod=mod timeout 300 go list -m -f '{{.Version}}' "$SDK_MODULE" 2>/dev/null)
[ -n "$SDK_VERSION" ] || fatal "could not read the $SDK_MODULE version from app/go.mod"
echo "  DBOS Go SDK pinned in app/go.mod: $SDK_VERSION"

WORK=$(mktemp -d /tmp/app-test.XXXXXX)
chmod 711 "$WORK"
mkdir -p "$WORK/bin"
# -buildvcs=false: no VCS stamping (git may be absent, or refuse a clone owned by another user).
export GOFLAGS="-mod=mod -buildvcs=false"

# ---------------------------------------------------------------------------------------------------
step "go vet and go test in app/"
if (cd app && timeout 600 go vet ./...) >"$WORK/vet.log" 2>&1; then pass "go vet ./..."; else
  cat "$WORK/vet.log"; flunk "go vet ./..."; fi
if (cd app && timeout 600 go test -count=1 ./...) >"$WORK/test.log" 2>&1; then
  pass "go test ./... ($(grep -c '^ok' "$WORK/test.log") packages)"
else
  cat "$WORK/test.log"; flunk "go test ./..."
fi

step "Dockerfiles (read, not built)"
dockerfile_pins_sdk() { grep -Eq "^ARG DBOS_VERSION=${SDK_VERSION//./\\.}\$" app/Dockerfile.migrate; }
check "Dockerfile.migrate installs the dbos CLI at $SDK_VERSION, the version app/go.mod pins" dockerfile_pins_sdk
# Every FROM names scratch, an earlier stage, a digest, or a tag other than latest.
pinned_images() {
  awk 'toupper($1) == "FROM" {
         img = ""; for (i = 2; i <= NF; i++) if ($i !~ /^--/) { img = $i; break }
         for (i = 1; i <= NF; i++) if (toupper($i) == "AS" && i < NF) stage[$(i + 1)] = 1
         if (img == "scratch" || (img in stage) || img ~ /@sha256:[0-9a-f]{64}$/) next
         n = split(img, parts, "/"); last = parts[n]
         if (last !~ /:/ || last ~ /:latest$/) { print FILENAME ": " img; bad = 1 }
       }
       END { exit bad }' app/Dockerfile app/Dockerfile.migrate
}
check "Dockerfiles pin every base image (no :latest, no untagged image)" pinned_images
non_root() { [ "$(grep -Ec '^USER[[:space:]]+[1-9][0-9]*(:[1-9][0-9]*)?[[:space:]]*$' app/Dockerfile app/Dockerfile.migrate | awk -F: '{s+=$2} END {print s}')" -ge 2 ]; }
check "both images run as a numeric non-root USER" non_root

# ---------------------------------------------------------------------------------------------------
step "bootstrap SQL from the synthesized manifests"
shopt -s nullglob
cms=("$MANIFESTS"/configmap-dbos-db-bootstrap-sql-*.yaml)
shopt -u nullglob
[ ${#cms[@]} -ge 1 ] || fatal "no $MANIFESTS/configmap-dbos-db-bootstrap-sql-*.yaml: run 'java -jar target/dbos-conductor.jar synth --stack dev' first"
if (cd app && timeout 300 go run ./internal/tools/bootstrapsql -o "$WORK/bootstrap.sql" "${cms[@]}") 2>"$WORK/extract.log"; then
  pass "bootstrap.sql extracted from $(basename "${cms[0]}") ($(wc -l <"$WORK/bootstrap.sql") lines)"
else
  cat "$WORK/extract.log"; fatal "extracting data.\"bootstrap.sql\" from ${cms[*]}"
fi

# ---------------------------------------------------------------------------------------------------
step "throwaway PostgreSQL on 127.0.0.1"
random_password() { od -An -N18 -tx1 /dev/urandom | tr -d ' \n'; }
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local p
  for _ in $(seq 1 50); do
    p=$((20000 + RANDOM % 40000))
    if port_free "$p"; then echo "$p"; return 0; fi
  done
  return 1
}
SUPER_PASSWORD=$(random_password)
ADMIN_PASSWORD=$(random_password)
APP_PASSWORD=$(random_password)
CONDUCTOR_PASSWORD=$(random_password)
DEX_PASSWORD=$(random_password)
PG_PORT=$(free_port) || fatal "no free TCP port on 127.0.0.1"
mkdir -p "$WORK/pg"
printf '%s\n' "$SUPER_PASSWORD" >"$WORK/pg/pwfile"
chmod 700 "$WORK/pg"
[ ${#SERVER_PREFIX[@]} -eq 0 ] || chown -R postgres:postgres "$WORK/pg"
PG_DATA=$WORK/pg/data
if ! timeout 60 env -u PGDATA LC_ALL=C "${SERVER_PREFIX[@]}" "$PG_BIN/initdb" -D "$PG_DATA" -U bootstrap \
  --pwfile="$WORK/pg/pwfile" --auth=scram-sha-256 -E UTF8 --no-locale --no-sync --no-instructions >"$WORK/initdb.log" 2>&1; then
  cat "$WORK/initdb.log"; PG_DATA=""; fatal "initdb"
fi
"${SERVER_PREFIX[@]}" tee -a "$PG_DATA/postgresql.conf" >/dev/null <<EOF

# app-test cluster: loopback TCP only, no Unix socket, no durability
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = ''
password_encryption = 'scram-sha-256'
max_connections = 60
shared_buffers = 16MB
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
printf 'host all all 127.0.0.1/32 scram-sha-256\n' | "${SERVER_PREFIX[@]}" tee "$PG_DATA/pg_hba.conf" >/dev/null
if timeout 40 env LC_ALL=C "${SERVER_PREFIX[@]}" "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$WORK/pg/server.log" -w -t 30 start >/dev/null 2>&1; then
  pass "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') started on 127.0.0.1:$PG_PORT as $([ ${#SERVER_PREFIX[@]} -eq 0 ] && id -un || echo postgres)"
else
  fatal "pg_ctl start (see $WORK/pg/server.log)"
fi

# psql_as USER PASSWORD DATABASE ARGS...: the real psql over TCP, password from PGPASSWORD only.
psql_as() {
  local user=$1 password=$2 db=$3
  shift 3
  timeout 60 env -u PGHOST -u PGPORT -u PGUSER -u PGDATABASE -u PGSERVICE -u PGOPTIONS \
    PGPASSWORD="$password" PGPASSFILE=/dev/null PGSSLMODE=disable PGCONNECT_TIMEOUT=5 PGAPPNAME=app-test \
    "$PG_BIN/psql" -X -w -q -h 127.0.0.1 -p "$PG_PORT" -U "$user" -d "$db" "$@"
}
super() { psql_as bootstrap "$SUPER_PASSWORD" "$1" -v ON_ERROR_STOP=1 -A -t -c "$2"; }

# The RDS master user: CREATEDB and CREATEROLE, not a superuser (RDS never gives one).
super postgres "CREATE ROLE postgres WITH LOGIN CREATEDB CREATEROLE NOSUPERUSER PASSWORD '$ADMIN_PASSWORD'" >/dev/null ||
  fatal "creating the admin role postgres"
admin_is_rds_like() { [ "$(super postgres "SELECT rolsuper::text || ',' || rolcreatedb::text || ',' || rolcreaterole::text FROM pg_roles WHERE rolname = 'postgres'")" = "false,true,true" ]; }
check "admin 'postgres' is RDS-like: NOSUPERUSER CREATEDB CREATEROLE" admin_is_rds_like
admin() { psql_as postgres "$ADMIN_PASSWORD" "$1" -v ON_ERROR_STOP=1 -A -t -c "$2"; }
app_sql() { psql_as dbos_app_role "$APP_PASSWORD" dbos_app -v ON_ERROR_STOP=1 -A -t -c "$1"; }

# ---------------------------------------------------------------------------------------------------
step "bootstrap SQL as the admin"
if psql_as postgres "$ADMIN_PASSWORD" postgres -v ON_ERROR_STOP=1 -v conductor_password="$CONDUCTOR_PASSWORD" \
  -v app_password="$APP_PASSWORD" -v dex_password="$DEX_PASSWORD" -f "$WORK/bootstrap.sql" >"$WORK/bootstrap.log" 2>&1; then
  pass "bootstrap.sql ran as the admin: $(grep -m1 'bootstrap:' "$WORK/bootstrap.log")"
else
  cat "$WORK/bootstrap.log"; fatal "bootstrap.sql as the admin"
fi
databases_exist() { [ "$(admin postgres "SELECT count(*) FROM pg_database WHERE datname IN ('dbos_conductor','dbos_app','dex')")" = 3 ]; }
check "databases dbos_conductor, dbos_app and dex exist" databases_exist
app_role_plain() { [ "$(admin postgres "SELECT rolsuper::text || rolcreatedb::text || rolcreaterole::text || rolbypassrls::text FROM pg_roles WHERE rolname = 'dbos_app_role'")" = "falsefalsefalsefalse" ]; }
check "dbos_app_role is NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS" app_role_plain
app_can_connect() { [ "$(app_sql "SELECT current_user")" = dbos_app_role ]; }
check "dbos_app_role logs in to dbos_app with its password" app_can_connect

# ---------------------------------------------------------------------------------------------------
step "dbos migrate --app-role dbos_app_role (CLI $SDK_VERSION) as the admin"
if (cd "$WORK" && GOFLAGS=-buildvcs=false GOBIN="$WORK/bin" CGO_ENABLED=0 timeout 600 go install "$SDK_MODULE/cmd/dbos@$SDK_VERSION") >"$WORK/cli.log" 2>&1; then
  pass "go install $SDK_MODULE/cmd/dbos@$SDK_VERSION"
else
  cat "$WORK/cli.log"; fatal "building the dbos CLI"
fi
DBOS=$WORK/bin/dbos
cli_has_app_role() { "$DBOS" migrate --help 2>&1 | grep -q -- '--app-role'; }
check "dbos migrate --help documents --app-role" cli_has_app_role
ADMIN_URL="postgres://postgres:$ADMIN_PASSWORD@127.0.0.1:$PG_PORT/dbos_app?sslmode=disable"
APP_URL="postgres://dbos_app_role:$APP_PASSWORD@127.0.0.1:$PG_PORT/dbos_app?sslmode=disable"
migrate() { (cd "$WORK" && DBOS_SYSTEM_DATABASE_URL="$ADMIN_URL" timeout 120 "$DBOS" migrate --app-role dbos_app_role) >>"$WORK/migrate.log" 2>&1; }
if migrate; then pass "dbos migrate --app-role dbos_app_role (DBOS_SYSTEM_DATABASE_URL = the admin's URL)"; else
  cat "$WORK/migrate.log"; fatal "dbos migrate"; fi
schema_owned_by_admin() { [ "$(admin dbos_app "SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'dbos'")" = postgres ]; }
check "schema dbos exists in dbos_app, owned by the admin" schema_owned_by_admin
echo "  tables: $(admin dbos_app "SELECT string_agg(tablename, ' ' ORDER BY tablename) FROM pg_tables WHERE schemaname = 'dbos'")"
no_app_owned_objects() { [ "$(admin dbos_app "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'dbos' AND c.relowner = 'dbos_app_role'::regrole")" = 0 ]; }
check "dbos_app_role owns nothing in schema dbos" no_app_owned_objects
check "dbos migrate is idempotent (second run succeeds)" migrate

# ---------------------------------------------------------------------------------------------------
step "the app as dbos_app_role"
if (cd app && CGO_ENABLED=0 timeout 600 go build -trimpath -o "$WORK/bin/dbos-app" .) >"$WORK/build.log" 2>&1; then
  pass "go build (CGO_ENABLED=0, static)"
else
  cat "$WORK/build.log"; fatal "building the app"
fi
APP_PORT=$(free_port) || fatal "no free TCP port for the app"
# start_app LOG: the app as dbos_app_role, without Conductor, in the background (sets APP_PID).
start_app() {
  (
    cd "$WORK" &&
      exec env -u DBOS_CONDUCTOR_URL -u DBOS_CONDUCTOR_KEY -u DBOS__APPVERSION -u DBOS__VMID -u DBOS__CLOUD \
        DBOS_SYSTEM_DATABASE_URL="$APP_URL" DBOS_APP_NAME=dbos-app DBOS_APP_VERSION=e2e PORT="$APP_PORT" \
        STEP_DURATION=1s SHUTDOWN_TIMEOUT=10s "$WORK/bin/dbos-app"
  ) >>"$1" 2>&1 &
  APP_PID=$!
}
# stop_app: SIGTERM, then wait at most 20 s; sets APP_RC (999: still running, killed).
stop_app() {
  local pid=$APP_PID
  APP_RC=999
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; wait "$pid" 2>/dev/null; else wait "$pid"; APP_RC=$?; fi
  APP_PID=""
}
start_app "$WORK/app.log"

# http PATH: sets CODE and BODY (HTTP/1.0 over bash's /dev/tcp; curl is not needed).
http() {
  local raw
  raw=$(timeout 15 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
    printf "GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n" "$2" >&3
    cat <&3' _ "$APP_PORT" "$1" 2>/dev/null | tr -d '\r')
  CODE=$(printf '%s\n' "$raw" | head -n1 | awk '{print $2}')
  BODY=$(printf '%s\n' "$raw" | sed '1,/^$/d')
  [ -n "$CODE" ]
}
json_num() { printf '%s' "$BODY" | sed -n "s/.*\"$1\":\\([0-9-]*\\).*/\\1/p"; }

# wait_healthy: /healthz answers 200 ok within 60 s (sets WAITED, in seconds).
wait_healthy() {
  local i
  for i in $(seq 1 120); do
    kill -0 "$APP_PID" 2>/dev/null || return 1
    if http /healthz && [ "$CODE" = 200 ] && [ "$BODY" = ok ]; then WAITED=$((i / 2)); return 0; fi
    sleep 0.5
  done
  return 1
}
wait_healthy || fatal "/healthz did not answer 200 ok within 60 s (app log below)"
pass "/healthz answered 200 ok after ~$WAITED s (SkipMigrations: the app verified the migrated schema)"

WF=e2e-steps-$RANDOM$RANDOM
http "/workflow/$WF"
started() { [ "$CODE" = 200 ] && printf '%s' "$BODY" | grep -q '"status":"started"'; }
check "GET /workflow/$WF starts the three-step workflow (200, status started)" started
steps=()
last=""
for _ in $(seq 1 60); do
  http "/last_step/$WF" || continue
  [ "$CODE" = 200 ] || break
  last=$(json_num last_step)
  [ "${#steps[@]}" -gt 0 ] && [ "${steps[-1]}" = "$last" ] || steps+=("$last")
  [ "$last" = 3 ] && break
  sleep 0.25
done
echo "  last_step series: ${steps[*]:-none} (HTTP $CODE)"
monotonic_to_3() {
  [ "$last" = 3 ] || return 1
  local prev=-1 s
  for s in "${steps[@]}"; do [ "$s" -gt "$prev" ] || return 1; prev=$s; done
}
check "/last_step/$WF rose step by step to 3" monotonic_to_3
wf_success() {
  local status
  for _ in $(seq 1 20); do
    status=$(app_sql "SELECT status FROM dbos.workflow_status WHERE workflow_uuid = '$WF'")
    [ "$status" = SUCCESS ] && return 0
    sleep 0.25
  done
  echo "  status of $WF: ${status:-none}"
  return 1
}
check "workflow $WF is SUCCESS in dbos.workflow_status" wf_success
http "/workflow/$WF"
check "starting $WF again is idempotent (200)" test "$CODE" = 200
http "/last_step/no-such-workflow-$RANDOM"
check "/last_step of an unknown workflow is 404" test "$CODE" = 404

step "queue taskQueue (worker concurrency 2): 6 sleeps of 2 s"
bad_inputs_rejected() {
  local raw ok=0
  for raw in abc -1 3601 1.5 99999999999999999999 2s; do
    http "/enqueue/$raw"
    if [ "$CODE" = 400 ] && printf '%s' "$BODY" | grep -qF 'parameter \"seconds\"' && printf '%s' "$BODY" | grep -q 'between 0 and 3600' &&
      printf '%s' "$BODY" | grep -qF "got \\\"$raw\\\""; then :; else
      echo "  /enqueue/$raw -> $CODE $BODY"; ok=1
    fi
  done
  http "/enqueue/abc"; echo "  e.g. /enqueue/abc -> $CODE $BODY"
  return $ok
}
check "GET /enqueue/{abc,-1,3601,1.5,99999999999999999999,2s} -> 400 naming \"seconds\", the value and 0..3600" bad_inputs_rejected
http /metrics/noSuchQueue
check "GET /metrics/noSuchQueue -> 404" test "$CODE" = 404
http /metrics/taskQueue
metrics_shape() { [ "$CODE" = 200 ] && printf '%s' "$BODY" | grep -Eq '^\{"queue_length":[0-9]+\}$'; }
check "GET /metrics/taskQueue -> 200 {\"queue_length\": N} (was $BODY)" metrics_shape
ids=()
for n in 1 2 3 4 5 6; do
  http /enqueue/2
  if [ "$CODE" = 200 ]; then ids+=("$(printf '%s' "$BODY" | sed -n 's/.*"workflow_id":"\([^"]*\)".*/\1/p')"); fi
done
check "6 x GET /enqueue/2 -> 200 with a workflow_id each" test "${#ids[@]}" -eq 6
series=()
peak=0
t0=$(date +%s)
for _ in $(seq 1 120); do
  http /metrics/taskQueue || { series+=("?"); sleep 0.5; continue; }
  q=$(json_num queue_length)
  series+=("${q:-?}")
  [ -n "$q" ] && [ "$q" -gt "$peak" ] && peak=$q
  [ "$peak" -gt 0 ] && [ "$q" = 0 ] && break
  sleep 0.5
done
drain=$(($(date +%s) - t0))
echo "  queue_length every 0.5 s: ${series[*]}"
check "queue_length rose above 0 (peak $peak)" test "$peak" -gt 0
check "queue_length fell back to 0 (after ~$drain s)" test "${series[-1]}" = 0
id_list=$(printf "'%s'," "${ids[@]}")
id_list=${id_list%,}
all_sleeps_succeeded() { [ "$(app_sql "SELECT count(*) FROM dbos.workflow_status WHERE workflow_uuid IN ($id_list) AND status = 'SUCCESS' AND queue_name = 'taskQueue'")" = 6 ]; }
check "the 6 sleep workflows are SUCCESS on taskQueue" all_sleeps_succeeded
# Dequeue (started_at_epoch_ms) to completion (updated_at): at most 2 overlap at any dequeue instant.
max_overlap=$(app_sql "SELECT max(c) FROM (SELECT (SELECT count(*) FROM dbos.workflow_status b WHERE b.workflow_uuid IN ($id_list)
  AND b.started_at_epoch_ms <= a.started_at_epoch_ms AND b.updated_at > a.started_at_epoch_ms) AS c
  FROM dbos.workflow_status a WHERE a.workflow_uuid IN ($id_list)) t")
check "worker concurrency 2 held: at most ${max_overlap:-?} sleeps ran at once" test "${max_overlap:-9}" -le 2

# ---------------------------------------------------------------------------------------------------
step "the restricted role cannot change the schema"
# must_fail DESCRIPTION SQL [DATABASE]: psql with ON_ERROR_STOP as dbos_app_role must fail on a privilege error.
must_fail() {
  local what=$1 sql=$2 db=${3:-dbos_app} out
  if out=$(psql_as dbos_app_role "$APP_PASSWORD" "$db" -v ON_ERROR_STOP=1 -c "$sql" 2>&1); then
    flunk "$what: succeeded as dbos_app_role"
  elif printf '%s' "$out" | grep -Eq 'permission denied|must be owner|not permitted'; then
    pass "$what: $(printf '%s' "$out" | grep -m1 -Eo '(permission denied|must be owner)[^"]*("[^"]*")?[^.]*' | head -c 90)"
  else
    flunk "$what: failed for another reason: $out"
  fi
}
must_fail "ALTER TABLE dbos.workflow_status" "ALTER TABLE dbos.workflow_status ADD COLUMN evil int"
must_fail "DROP TABLE dbos.operation_outputs" "DROP TABLE dbos.operation_outputs"
must_fail "CREATE TABLE in schema dbos" "CREATE TABLE dbos.evil (x int)"
must_fail "CREATE TABLE in schema public" "CREATE TABLE public.evil (x int)"
must_fail "CREATE SCHEMA" "CREATE SCHEMA evil"
must_fail "CREATE INDEX on dbos.workflow_status" "CREATE INDEX evil ON dbos.workflow_status (name)"
must_fail "CREATE TEMP TABLE" "CREATE TEMP TABLE evil (x int)"
app_cannot_reach_other_db() { ! psql_as dbos_app_role "$APP_PASSWORD" dbos_conductor -c "SELECT 1" >/dev/null 2>&1; }
check "dbos_app_role cannot connect to dbos_conductor" app_cannot_reach_other_db
reads_and_writes() { [ -n "$(app_sql "SELECT count(*) FROM dbos.workflow_status")" ] && app_sql "BEGIN; UPDATE dbos.workflow_status SET updated_at = updated_at WHERE workflow_uuid = '$WF'; ROLLBACK" >/dev/null; }
check "while it reads and writes the DBOS tables it was granted" reads_and_writes

# ---------------------------------------------------------------------------------------------------
step "graceful shutdown mid-workflow, then recovery"
# wf_status ID: the workflow's status in dbos.workflow_status, read as the app role.
wf_status() { app_sql "SELECT status FROM dbos.workflow_status WHERE workflow_uuid = '$1'"; }
http /enqueue/4
SLOW=$(printf '%s' "$BODY" | sed -n 's/.*"workflow_id":"\([^"]*\)".*/\1/p')
running=""
for _ in $(seq 1 40); do
  [ -n "$SLOW" ] || break
  [ "$(app_sql "SELECT status || ',' || (started_at_epoch_ms IS NOT NULL)::text FROM dbos.workflow_status WHERE workflow_uuid = '$SLOW'")" = "PENDING,true" ] && { running=1; break; }
  sleep 0.25
done
check "a 4 s sleep workflow is dequeued and running (PENDING) before SIGTERM" test -n "$running"
stop_app
clean_exit() { [ "$APP_RC" = 0 ] && grep -q '"msg":"dbos-app stopped"' "$WORK/app.log"; }
check "SIGTERM mid-workflow: the app drained and exited 0 within 20 s (exit $APP_RC)" clean_exit
still_pending() { [ "$(wf_status "$SLOW")" = PENDING ]; }
check "the interrupted sleep workflow is left PENDING, not failed (status $(wf_status "$SLOW"))" still_pending
start_app "$WORK/app.log"
wait_healthy || fatal "the restarted app did not become healthy within 60 s"
pass "the app restarted as dbos_app_role (healthy after ~$WAITED s)"
recovered() {
  local i
  for i in $(seq 1 60); do [ "$(wf_status "$SLOW")" = SUCCESS ] && return 0; sleep 0.5; done
  return 1
}
check "the restarted app recovered the interrupted workflow and completed it (SUCCESS within 30 s)" recovered
recovered_logged() { grep -q 'Recovered pending workflows' "$WORK/app.log"; }
check "the app logged the recovery" recovered_logged
stop_app
check "second SIGTERM: exit $APP_RC within 20 s" test "$APP_RC" = 0
no_app_errors() { ! grep -q '"level":"ERROR"' "$WORK/app.log"; }
check "the app logged no ERROR" no_app_errors
grep '"level":"ERROR"' "$WORK/app.log" | head -n 5 || true
exit 0 # the EXIT trap prints the summary and sets the exit status from the counted checks
