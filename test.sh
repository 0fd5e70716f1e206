#!/usr/bin/env bash
# shellcheck disable=SC2317 # trap handlers only look unreachable to shellcheck
# Runs the whole test suite against a throwaway PostgreSQL server.
#
#   ./test.sh [extra `dotnet test` args...]
#
# The last line of output is always "N passed, N failed" (CI reads it; skipped
# tests are counted on the line before); the exit status is non-zero if a test
# failed, the build failed, or no test ran.
#
# Environment:
#   WORKFLOW_TEST_POSTGRES  use this server (Npgsql connection string) instead of
#                           provisioning one
#   WORKFLOW_SOLUTION       solution to test, relative to this directory
#                           (default: Workflow.Orleans.sln)
#   WORKFLOW_TEST_ARTIFACTS where tests leave files to look at, such as the
#                           dashboard's screenshots (default: TestResults/artifacts)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# We parse dotnet's summary lines, so keep them in English.
export DOTNET_CLI_UI_LANGUAGE=en
# Reused MSBuild nodes outlive the build while holding our output pipe open,
# which would keep `tee` (and so this script) waiting.
export MSBUILDDISABLENODEREUSE=1

SOLUTION=${WORKFLOW_SOLUTION:-Workflow.Orleans.sln}

# Traps can fire while a function's output goes to a log file; they write to
# the original stdout/stderr, kept as fds 3 and 4 (closed for long-lived children).
exec 3>&1 4>&2

WORK_DIR=$(mktemp -d "${TMPDIR:-/tmp}/workflow-tests.XXXXXX")
RESULTS_DIR=$WORK_DIR/results   # one .trx per test assembly
LOG=$WORK_DIR/dotnet-test.log   # copy of dotnet's output, for the summary lines
PG_DIR=""                       # throwaway cluster, once provisioned
PG_BIN=""
PG_PID=""                       # the postgres server (our child)
RC_GUARD=""                     # policy-rc.d we created while installing PostgreSQL
TEST_PID=""                     # `dotnet test` job (its own process group)
INTERRUPTED=""
SUMMARY_PRINTED=""

say() { printf '==> %s\n' "$*"; }
# Exits through on_exit, which still prints a summary line.
die() { printf 'test.sh: error: %s\n' "$*" >&2; exit 1; }

# After an interrupted or killed run, test hosts and vstest may outlive dotnet
# (they ignore SIGINT) and would keep writing into our temp dir: give the job's
# process group a moment, then kill what is left of it.
kill_stragglers() {
  for _ in {1..25}; do
    kill -0 -- "-$1" 2>/dev/null || return 0
    sleep 0.2
  done
  kill -KILL -- "-$1" 2>/dev/null
  return 0
}

# Idempotent, silent (it may run after the summary line) and never fails.
cleanup() {
  set +e
  if [[ -n $TEST_PID ]]; then
    kill -TERM -- "-$TEST_PID" 2>/dev/null
    wait "$TEST_PID" 2>/dev/null
    kill_stragglers "$TEST_PID"
    TEST_PID=""
  fi
  if [[ -n $PG_PID ]]; then
    # Immediate shutdown: the data is thrown away anyway.
    as_pg "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate -w -t 30 stop >/dev/null 2>&1 ||
      kill -KILL "$(head -n 1 "$PG_DIR/data/postmaster.pid" 2>/dev/null)" 2>/dev/null
    # The server is our child: reap it so no <defunct> process is left behind.
    wait "$PG_PID" 2>/dev/null
    PG_PID=""
  fi
  PG_DIR=""
  if [[ -n $RC_GUARD ]]; then
    rm -f "$RC_GUARD" 2>/dev/null || sudo -n rm -f "$RC_GUARD" 2>/dev/null
    RC_GUARD=""
  fi
  rm -rf "$WORK_DIR" 2>/dev/null
  return 0
}

# Any early exit (error, interrupt before tests ran) still ends with a summary
# line and a non-zero status.
on_exit() {
  local rc=$?
  exec 1>&3 2>&4
  cleanup
  if [[ -z $SUMMARY_PRINTED ]]; then
    echo "0 passed, 1 failed"
    exit $((rc == 0 ? 1 : rc))
  fi
}

on_signal() {
  if [[ -n $TEST_PID ]]; then
    # While tests run: stop them (harder on a repeated signal) and let the
    # main flow print the summary.
    local sig=TERM
    [[ -n $INTERRUPTED ]] && sig=KILL
    INTERRUPTED=$1
    kill -"$sig" -- "-$TEST_PID" 2>/dev/null || true
  else
    exec 1>&3 2>&4
    printf 'test.sh: interrupted (SIG%s)\n' "$1" >&2
    exit 130
  fi
}

trap on_exit EXIT
trap 'on_signal INT' INT
trap 'on_signal TERM' TERM
trap 'on_signal HUP' HUP

# Runs a PostgreSQL tool as the cluster owner. initdb refuses to run as root, so
# root uses the `postgres` user (created by Debian's package); anyone else runs
# the tools directly. The cd avoids "could not identify current directory"
# when postgres may not read our working directory.
as_pg() {
  if [[ $EUID -eq 0 ]]; then
    (cd "$PG_DIR" && runuser -u postgres -- "$@")
  else
    (cd "$PG_DIR" && "$@")
  fi
}

# Prints the directory holding initdb and pg_ctl.
find_pg_bin() {
  local dir bin
  # Debian keeps server binaries off PATH, one directory per major version:
  # take the newest.
  while read -r dir; do
    [[ -x $dir/initdb && -x $dir/pg_ctl ]] && { echo "$dir"; return 0; }
  done < <(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V -r)
  # Other layouts have them on PATH (resolve symlinks to find pg_ctl's sibling).
  bin=$(command -v initdb 2>/dev/null) || return 1
  dir=$(dirname "$(readlink -f "$bin")")
  [[ -x $dir/pg_ctl ]] && { echo "$dir"; return 0; }
  return 1
}

install_pg() {
  local -a sudo=()
  if [[ $EUID -ne 0 ]]; then
    if ! { command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; }; then
      die "PostgreSQL server binaries (initdb, pg_ctl) not found in /usr/lib/postgresql/*/bin or on PATH, and installing them needs root or passwordless sudo. Install the 'postgresql' package, or set WORKFLOW_TEST_POSTGRES to an existing server."
    fi
    sudo=(sudo -n)
  fi
  command -v apt-get >/dev/null 2>&1 ||
    die "PostgreSQL server binaries not found and apt-get is not available to install them; install PostgreSQL or set WORKFLOW_TEST_POSTGRES."
  say "PostgreSQL not found; installing Debian's postgresql package"
  # The package would start Debian's system cluster; we only want our own
  # throwaway server, so refuse service starts during the install.
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    RC_GUARD=/usr/sbin/policy-rc.d
    printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee "$RC_GUARD" >/dev/null
    "${sudo[@]}" chmod 755 "$RC_GUARD"
  fi
  "${sudo[@]}" apt-get update -q || die "apt-get update failed"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql </dev/null ||
    die "apt-get install postgresql failed"
  if [[ -n $RC_GUARD ]]; then
    "${sudo[@]}" rm -f "$RC_GUARD"
    RC_GUARD=""
  fi
}

# The dashboard's browser test drives Debian's chromium (browsers cannot be
# downloaded here); install it like PostgreSQL when it is missing.
CHROMIUM=/usr/bin/chromium
ensure_chromium() {
  [[ -x $CHROMIUM ]] && return 0
  local -a sudo=()
  if [[ $EUID -ne 0 ]]; then
    if ! { command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; }; then
      die "$CHROMIUM not found, and installing it needs root or passwordless sudo. Install Debian's 'chromium' package."
    fi
    sudo=(sudo -n)
  fi
  command -v apt-get >/dev/null 2>&1 || die "$CHROMIUM not found and apt-get is not available to install it."
  say "Chromium not found; installing Debian's chromium package"
  "${sudo[@]}" apt-get update -q || die "apt-get update failed"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium </dev/null ||
    die "apt-get install chromium failed"
}

# True while process $1 runs (kill -0 would also accept an unreaped zombie).
running() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat%% *} != Z ]]
}

# Prints a TCP port nothing listens on. A race with another process is
# possible; provision_pg retries with a new port if the server fails to start.
pick_port() {
  local port
  for _ in {1..100}; do
    port=$((20000 + RANDOM % 30000))
    # Refused connection => nobody listens there.
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  return 1
}

provision_pg() {
  if ! PG_BIN=$(find_pg_bin); then
    install_pg
    PG_BIN=$(find_pg_bin) || die "installed postgresql, but still no initdb/pg_ctl in /usr/lib/postgresql/*/bin"
  fi
  say "Using PostgreSQL from $PG_BIN"

  # Data dir and unix socket live in our temp dir, which postgres must be able
  # to traverse (but not list) when we are root.
  PG_DIR=$WORK_DIR/pg
  mkdir "$PG_DIR"
  if [[ $EUID -eq 0 ]]; then
    id postgres >/dev/null 2>&1 ||
      die "running as root, but there is no 'postgres' user to own the server (initdb refuses root)"
    chmod 711 "$WORK_DIR"
    chown postgres: "$PG_DIR"
  fi

  # Trust auth: the server is private to this run and only listens on loopback.
  # --no-locale: the caller's LANG may name a locale this machine lacks.
  as_pg "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres -A trust -E UTF8 --no-locale \
    >"$PG_DIR/initdb.log" 2>&1 ||
    { cat "$PG_DIR/initdb.log" >&2; die "initdb failed"; }
  cat >>"$PG_DIR/data/postgresql.conf" <<EOF
listen_addresses = '127.0.0.1'
unix_socket_directories = '$PG_DIR'
# The data is thrown away after the run, and what tests kill is processes, never this machine: the page cache keeps
# every commit across a server crash without waiting for the disk.
fsync = off
EOF

  # The server runs as our background child (not daemonized by pg_ctl) so that
  # we can reap it on exit. A port grabbed by someone else between pick_port
  # and the bind makes it exit at once; then try another port.
  local port="" attempt deadline
  for attempt in 1 2 3 4 5; do
    port=$(pick_port) || die "no free TCP port found"
    as_pg "$PG_BIN/postgres" -D "$PG_DIR/data" -p "$port" \
      >"$PG_DIR/server.log" 2>&1 </dev/null 3>&- 4>&- &
    PG_PID=$!
    deadline=$((SECONDS + 60))
    until as_pg "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres; do
      if ! running "$PG_PID"; then
        wait "$PG_PID" 2>/dev/null || true
        PG_PID="" port=""
        break
      fi
      ((SECONDS < deadline)) || { tail -n 30 "$PG_DIR/server.log" >&2; die "PostgreSQL not ready after 60s"; }
      sleep 0.2
    done
    [[ -n $port ]] && break
    say "PostgreSQL did not start (attempt $attempt); retrying on another port"
  done
  [[ -n $port ]] || { tail -n 30 "$PG_DIR/server.log" >&2; die "could not start PostgreSQL"; }

  export WORKFLOW_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  say "PostgreSQL ready on 127.0.0.1:$port (data in $PG_DIR)"
}

# Summing per-assembly results. Sets PASSED FAILED SKIPPED.
# Source 1: the .trx files, one <UnitTestResult outcome="..."> per test.
# Source 2: dotnet's "Passed!  - Failed: X, Passed: Y, Skipped: Z, ..." line
# per assembly. The trx files are authoritative (they also cover a test host
# that crashed before printing its line); the console lines are a fallback in
# case a trx file was lost. Whichever saw more tests wins.
count_results() {
  local tp=0 tf=0 ts=0 cp=0 cf=0 cs=0 outcome n f p s files
  shopt -s nullglob
  local trx=("$RESULTS_DIR"/*.trx "$RESULTS_DIR"/*/*.trx)
  shopt -u nullglob
  if ((${#trx[@]})); then
    while read -r n outcome; do
      case $outcome in
        Passed) tp=$((tp + n)) ;;
        Failed | Error | Timeout | Aborted | PassedButRunAborted) tf=$((tf + n)) ;;
        *) ts=$((ts + n)) ;; # NotExecuted (skipped), Inconclusive, ...
      esac
    done < <(grep -ho '<UnitTestResult [^>]*' "${trx[@]}" |
               sed -n 's/.* outcome="\([A-Za-z]*\)".*/\1/p' | sort | uniq -c)
  fi
  files=0
  while read -r f p s; do
    cf=$((cf + f)) cp=$((cp + p)) cs=$((cs + s)) files=$((files + 1))
  done < <(sed -n 's/^ *[A-Za-z]*! *- Failed: *\([0-9]*\), Passed: *\([0-9]*\), Skipped: *\([0-9]*\),.*/\1 \2 \3/p' "$LOG" 2>/dev/null)

  if ((cp + cf + cs > tp + tf + ts)); then
    say "Counts from $files assembly summary line(s) (trx files incomplete)"
    PASSED=$cp FAILED=$cf SKIPPED=$cs
  else
    say "Counts from ${#trx[@]} trx file(s)"
    PASSED=$tp FAILED=$tf SKIPPED=$ts
  fi
}

# --- main ---------------------------------------------------------------------

[[ -e $SOLUTION ]] || die "solution $SOLUTION not found in $PWD"

if [[ -n ${WORKFLOW_TEST_POSTGRES:-} ]]; then
  say "Using the caller's WORKFLOW_TEST_POSTGRES; not provisioning a server"
else
  provision_pg
fi

ensure_chromium
ARTIFACTS_DIR=${WORKFLOW_TEST_ARTIFACTS:-$PWD/TestResults/artifacts}
mkdir -p "$ARTIFACTS_DIR"
export WORKFLOW_TEST_ARTIFACTS=$ARTIFACTS_DIR

say "dotnet test $SOLUTION -c Release $*"
mkdir -p "$RESULTS_DIR"
# Background job in its own process group so an interrupt can stop the whole
# tree (MSBuild, test hosts); `wait` (unlike a foreground job) lets traps run.
# Default trx names are unique per assembly (dotnet appends [1], [2], ...).
set -m
(
  set -o pipefail
  dotnet test "$SOLUTION" -c Release --logger trx --results-directory "$RESULTS_DIR" "$@" \
    </dev/null 2>&1 | tee "$LOG"
) 3>&- 4>&- &
TEST_PID=$!
set +m
rc=0
while :; do
  wait "$TEST_PID" && rc=0 || rc=$?
  kill -0 "$TEST_PID" 2>/dev/null || break # otherwise a signal interrupted wait
done
if [[ -n $INTERRUPTED ]] || ((rc > 128)); then
  kill_stragglers "$TEST_PID"
fi
TEST_PID=""

count_results
BUILD_ERRORS=$(grep -E ': error [A-Z]+[0-9]+' "$LOG" 2>/dev/null | sed 's/^ *//' | sort -u || true)
if [[ -n $BUILD_ERRORS ]]; then
  # Tests of the projects that did not build never ran: count the build itself.
  FAILED=$((FAILED + 1))
  say "Build errors (counted as 1 failure):"
  head -n 30 <<<"$BUILD_ERRORS"
elif ((rc != 0 && FAILED == 0)); then
  # dotnet failed although no test did (crashed test host, bad arguments, ...).
  FAILED=1
  if [[ -n $INTERRUPTED ]]; then
    say "Interrupted by SIG$INTERRUPTED; counted as 1 failure"
  else
    say "dotnet test exited with code $rc without a failed test; counted as 1 failure"
  fi
fi
((PASSED + FAILED > 0)) || say "No tests ran"

# Stop the server and remove temp files now, so the summary stays the last line.
cleanup
SUMMARY_PRINTED=1
[[ -d $ARTIFACTS_DIR/dashboard ]] && say "Dashboard screenshots: $ARTIFACTS_DIR/dashboard"
say "$SKIPPED skipped"
echo "$PASSED passed, $FAILED failed"
[[ -z $INTERRUPTED ]] || exit 130
((FAILED == 0 && PASSED > 0)) || exit 1
exit 0
