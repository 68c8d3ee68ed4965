#!/usr/bin/env bash
# A newcomer's first day, taken from README.md itself: every command line of the `## Command line`
# section's ```sh blocks runs, in order, on a fresh database in an empty folder, and must work as
# written. A block right after `<!-- newcomer: not run (why) -->` is skipped (it installs things
# on PATH). A line whose comment says `# exit N: TEXT` must exit N with TEXT on stderr (the
# README's "Mistakes" block); every other line must exit 0.
#
# The only changes made to a line before it runs, each because the walk is not a person at a desk:
#   npm run …                   → npm --prefix "$ROOT" run …   (the walk runs in its own empty folder)
#   docs/examples/…             → $ROOT/docs/examples/…
#   aw-export.json              → $ROOT/test/fixtures/activitywatch-day.json (an ActivityWatch export)
#   ~/calendar.ics              → $ROOT/test/fixtures/calendar/day-with-meetings.ics
#   --duration 600              → --duration 6, while xdotool types into the focused window until it ends
#   127.0.0.1:8000              → 127.0.0.1:$PORT (a free port)
#   ENTRY_ID                    → the first 8 characters of the first pending entry's id
#   npm run billops:dev         → started in the background (--port $PORT, its database in the folder)
# BILLOPS_TOKEN is removed from the environment: only the lines that set it have one.
#
# Needs DISPLAY (an X server with a focused window: test/newcomer/readme.test.ts starts Xvfb),
# xdotool, and node_modules. Usage: bash test/newcomer/walk-readme.sh   (README=FILE to walk another)
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
README=${README:-$ROOT/README.md}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/billops-newcomer-XXXXXX")
SERVER_PID=
TYPIST_PID=
cleanup() {
  if [ -n "$TYPIST_PID" ]; then touch "$WORK/.captured"; wait "$TYPIST_PID" 2>/dev/null; fi
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; fi
  rm -rf "$WORK"
}
trap cleanup EXIT
unset BILLOPS_TOKEN

PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
cli() { (cd "$WORK" && npm --prefix "$ROOT" run --silent cli -- "$@"); }

# The lines to run: the ```sh blocks between "## Command line" and the next "## " heading.
mapfile -t LINES < <(awk '
  /^## / { inside = ($0 == "## Command line") ; next }
  !inside { next }
  /^<!-- newcomer: not run/ { skip_next = 1; next }
  /^```sh$/ { in_block = 1; skipping = skip_next; skip_next = 0; next }
  /^```$/ { in_block = 0; next }
  in_block && !skipping && $0 !~ /^[[:space:]]*(#|$)/ { print }
' "$README")
if [ "${#LINES[@]}" -eq 0 ]; then
  echo "newcomer: no command lines found in the ## Command line section of $README"
  exit 1
fi

start_server() {
  # one process (not npx → tsx → node), so cleanup stops the server itself
  (cd "$ROOT" && exec node --import tsx tools/reference-server/main.ts --port "$PORT" --db "$WORK/server.db") >"$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 100); do
    grep -q "BillOps reference server on" "$WORK/server.log" 2>/dev/null && return 0
    sleep 0.2
  done
  echo "newcomer: the reference server did not start:"; cat "$WORK/server.log"
  return 1
}

# Types into the focused window until the capture line has finished (however long npm and the
# capture start take on a loaded machine), then stops.
type_meanwhile() {
  rm -f "$WORK/.captured"
  (
    for _ in $(seq 1 600); do
      [ -e "$WORK/.captured" ] && break
      xdotool type --delay 40 "billable work" && xdotool key Return
      sleep 0.3
    done
  ) >/dev/null 2>&1 &
  TYPIST_PID=$!
}

first_pending_id() {
  cli entries --db time.db --status pending --json | node -e 'const e = JSON.parse(require("fs").readFileSync(0, "utf8")); if (!e[0]) process.exit(1); console.log(e[0].id.slice(0, 8))'
}

failures=0
ran=0
fail() {
  failures=$((failures + 1))
  printf 'newcomer: FAILED README line:\n  %s\n%s\n' "$1" "$2"
}

for line in "${LINES[@]}"; do
  # "command   # comment": the comment starts at two or more spaces and a '#'
  command=$(sed -E 's/[[:space:]]{2,}#[[:space:]].*$//' <<<"$line")
  comment=$(sed -nE 's/^.*[[:space:]]{2,}#[[:space:]](.*)$/\1/p' <<<"$line")
  expected_code=0
  expected_text=
  if [[ "$comment" =~ ^exit\ ([0-9]+):\ (.*)$ ]]; then
    expected_code=${BASH_REMATCH[1]}
    expected_text=${BASH_REMATCH[2]}
  fi

  if [[ "$command" =~ ^npm\ run\ billops:dev$ ]]; then
    ran=$((ran + 1))
    start_server || fail "$line" "(see above)"
    continue
  fi

  run=$command
  run=${run//npm run /npm --prefix \"$ROOT\" run }
  run=${run//docs\/examples\//$ROOT/docs/examples/}
  run=${run//aw-export.json/$ROOT/test/fixtures/activitywatch-day.json}
  run=${run//\~\/calendar.ics/$ROOT/test/fixtures/calendar/day-with-meetings.ics}
  run=${run//127.0.0.1:8000/127.0.0.1:$PORT}
  if [[ "$run" == *"--duration 600"* ]]; then
    run=${run//--duration 600/--duration 6}
    type_meanwhile
  fi
  if [[ "$run" == *ENTRY_ID* ]]; then
    id=$(first_pending_id) || { fail "$line" "no pending entry to take ENTRY_ID from"; continue; }
    run=${run//ENTRY_ID/$id}
  fi

  ran=$((ran + 1))
  (cd "$WORK" && bash -c "$run") >"$WORK/.stdout" 2>"$WORK/.stderr" </dev/null
  code=$?
  if [ -n "$TYPIST_PID" ]; then
    touch "$WORK/.captured"
    wait "$TYPIST_PID" 2>/dev/null
    TYPIST_PID=
  fi
  if [ "$code" -ne "$expected_code" ]; then
    fail "$line" "  exit $code, expected $expected_code; stderr:
$(tail -n 5 "$WORK/.stderr")"
  elif [ -n "$expected_text" ] && ! grep -qF -- "$expected_text" "$WORK/.stderr"; then
    fail "$line" "  stderr does not say \"$expected_text\":
$(tail -n 5 "$WORK/.stderr")"
  fi

  # capture must have recorded what xdotool typed, not merely exited 0
  if [[ "$command" == *" capture "* ]] && [ "$code" -eq 0 ]; then
    keys=$(cli export --db time.db --what signals --format json 2>/dev/null | node -e 'const s = JSON.parse(require("fs").readFileSync(0, "utf8")); console.log(s.filter((x) => x.type === "keyboard").length)')
    [ "${keys:-0}" -gt 0 ] || fail "$line" "  capture exited 0 but stored no keyboard signal"
  fi
done

# Where the README promises to get: an approved entry that reached BillOps.
if [ -f "$WORK/time.db" ]; then
  synced=$(cli entries --db time.db --status approved --json 2>/dev/null | node -e 'const e = JSON.parse(require("fs").readFileSync(0, "utf8")); console.log(e.filter((x) => x.sync_state === "synced").length)')
  echo "newcomer: ran $ran README lines; $synced approved entries synced"
  if grep -q -- ' sync ' "$README" && [ "${synced:-0}" -lt 1 ]; then fail "(the whole walk)" "  no entry was synced"; fi
else
  echo "newcomer: ran $ran README lines"
fi

if [ "$failures" -gt 0 ]; then
  echo "newcomer: $failures README line(s) failed"
  exit 1
fi
echo "newcomer: every README line worked as written"
