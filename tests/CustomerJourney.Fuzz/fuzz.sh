#!/usr/bin/env bash
# Fuzzes the parsers with AFL++ through SharpFuzz, each target for a fixed budget, from one instrumented build.
#
#   bash tests/CustomerJourney.Fuzz/fuzz.sh SECONDS [TARGET...]     targets: definition paths storespec events (default: all)
#
# Installs what it needs (Debian's afl++, the SharpFuzz.CommandLine instrumentation tool), builds this project into a
# scratch folder, instruments the assemblies under test, and runs afl-fuzz per target from the committed corpus in
# Corpus/TARGET. Findings go to $CJ_FUZZ_OUT (default: a new folder under /tmp) and are printed; the exit code is 1 when
# any target found a crash or a hang. Replay a finding with the uninstrumented copy:
#   dotnet OUT/plain/CustomerJourney.Fuzz.dll TARGET FILE
# Each input runs with a 5 s timeout (a hang) and a 512 MB managed heap (unbounded memory fails as a crash).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
seconds=${1:?usage: fuzz.sh SECONDS [TARGET...]}
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(definition paths storespec events)
out=${CJ_FUZZ_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/cj-fuzz.XXXXXX")}
mkdir -p "$out"

if ! command -v afl-fuzz >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends afl++ >/dev/null
  else
    echo "fuzz.sh: afl-fuzz is missing; install Debian's afl++ package" >&2
    exit 2
  fi
fi

tools="$out/tools"
if [ ! -x "$tools/sharpfuzz" ]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools" >/dev/null
fi

bin="$out/bin"
plain="$out/plain"   # not instrumented: instrumented assemblies only run under afl-fuzz
dotnet build "$here/CustomerJourney.Fuzz.csproj" -c Release -nologo -v quiet -o "$bin" >/dev/null
cp -r "$bin/." "$plain/" 2>/dev/null || { mkdir -p "$plain" && cp -r "$bin/." "$plain/"; }
for assembly in CustomerJourney.dll journey.dll Npgsql.dll; do   # Npgsql: its connection string parser reads store specs
  "$tools/sharpfuzz" "$bin/$assembly" >/dev/null
done

export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_SKIP_CPUFREQ=1 AFL_NO_AFFINITY=1 \
  AFL_QUIET=1 DOTNET_GCHeapHardLimit=0x20000000 DOTNET_TieredPGO=0 DOTNET_CLI_TELEMETRY_OPTOUT=1
found=0
for target in "${targets[@]}"; do
  findings="$out/$target"
  rm -rf "$findings"
  echo "== $target: $seconds s from $(ls "$here/Corpus/$target" | wc -l) seed(s)"
  afl-fuzz -V "$seconds" -i "$here/Corpus/$target" -o "$findings" -t 5000 -m none -- dotnet "$bin/CustomerJourney.Fuzz.dll" "$target" >"$findings.log" 2>&1 || {
    echo "afl-fuzz failed for $target; its log:" >&2
    tail -n 30 "$findings.log" >&2
    exit 2
  }
  stats="$findings/default/fuzzer_stats"
  grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|edges_found|total_edges|saved_crashes|saved_hangs|stability)\b' "$stats" | sed 's/^/  /'
  crashes=$(find "$findings/default/crashes" -type f -name 'id:*' | wc -l)
  hangs=$(find "$findings/default/hangs" -type f -name 'id:*' | wc -l)
  if [ "$crashes" -gt 0 ] || [ "$hangs" -gt 0 ]; then
    found=1
    echo "  FINDINGS in $findings/default/crashes and hangs; replay: dotnet $plain/CustomerJourney.Fuzz.dll $target FILE"
    for f in "$findings"/default/crashes/id:* ; do
      [ -f "$f" ] || continue
      (dotnet "$plain/CustomerJourney.Fuzz.dll" "$target" "$f" 2>&1 || true) | grep -m 2 -E 'Exception|   at ' | sed 's/^/    /' || true
    done
  fi
done
exit $found
