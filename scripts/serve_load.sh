#!/usr/bin/env bash
# Load test of `zhengming serve`: wrk (Debian's package) posting one-sentence
# texts from the seed documents to POST /annotate on loopback, then the
# server is stopped. Prints wrk's report (requests/s, latency percentiles,
# errors) and the machine's load before the run.
#
#   scripts/serve_load.sh [BINARY] [SECONDS] [CONNECTIONS] [THREADS] [JOBS]
#
# BINARY defaults to .build/release/zhengming (swift build -c release).
set -euo pipefail
cd "$(dirname "$0")/.."
binary=${1:-.build/release/zhengming}
seconds=${2:-20}
connections=${3:-32}
threads=${4:-2}
jobs=${5:-2}
port=${PORT:-18417}
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }

script=$(mktemp --suffix=.lua)
log=$(mktemp)
trap 'rm -f "$script" "$log"; [ -n "${server:-}" ] && kill "$server" 2>/dev/null; wait 2>/dev/null || true' EXIT

# One JSON body per sentence of the seeds (split at 。), as a Lua table.
python3 - "$script" <<'PY'
import json, pathlib, sys
sentences = []
for path in sorted(pathlib.Path("Corpus").glob("*.txt")):
    for part in path.read_text(encoding="utf-8").replace("\n", "。").split("。"):
        part = part.strip()
        if len(part) >= 8:
            sentences.append(part + "。")
bodies = ",\n".join("[==[" + json.dumps({"text": s}, ensure_ascii=False) + "]==]" for s in sentences)
pathlib.Path(sys.argv[1]).write_text(f"""
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local bodies = {{ {bodies} }}
local i = 0
request = function()
  i = i + 1
  return wrk.format(nil, "/annotate", nil, bodies[(i % #bodies) + 1])
end
""", encoding="utf-8")
print(f"{len(sentences)} sentences", file=sys.stderr)
PY

"$binary" serve --port "$port" --jobs "$jobs" 2>"$log" &
server=$!
for _ in $(seq 1 300); do
    grep -q "listening on" "$log" && break
    sleep 0.1
done
grep -q "listening on" "$log" || { cat "$log" >&2; exit 1; }
echo "load before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
wrk --latency -t "$threads" -c "$connections" -d "${seconds}s" -s "$script" "http://127.0.0.1:$port/"
