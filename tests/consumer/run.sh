#!/usr/bin/env bash
# The consumer test: what a stranger does with the packages, in a temporary folder outside the repository.
#
#  1. packs every package of the solution into a local folder feed (the journey tool for this machine's platform and
#     the portable fallback only, to keep it fast) and checks each package's metadata and dependencies;
#  2. creates two fresh projects (QuickStart, Host; files under tests/consumer/) that reference the packages from that
#     feed, never the projects; their Program.cs are the README's quick start and host application, extracted from
#     README.md between the `consumer-test:` markers, so the README cannot drift from what compiles;
#  3. runs the quick start and checks what it prints; starts the host, posts a touch over HTTP and checks the answer
#     and that the SQLite store was written;
#  4. installs the journey tool from the feed with `dotnet tool install --tool-path` and runs
#     `journey demo --customers 2000`, checking its summary and report.
#
# Usage: bash tests/consumer/run.sh        (exit 0 when every step passed; prints the failing step otherwise)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
work=$(mktemp -d "${TMPDIR:-/tmp}/cj-consumer.XXXXXX")
host_pid=
cleanup() {
  if [ -n "$host_pid" ]; then kill "$host_pid" 2>/dev/null || true; wait "$host_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
started=$SECONDS
step() { printf 'consumer test [%3d s] %s\n' $((SECONDS - started)) "$*"; }
fail() { printf 'consumer test FAILED: %s\n' "$*" >&2; exit 1; }
run_logged() { # NAME COMMAND...: runs the command with its output in a log, shown only when it fails
  local name=$1; shift
  "$@" > "$work/$name.log" 2>&1 || { cat "$work/$name.log" >&2; fail "$name: $*"; }
}

version=$(dotnet msbuild "$repo/src/CustomerJourney/CustomerJourney.csproj" -getProperty:Version)
rid=$(dotnet --info | awk '/^ *RID:/ { print $2; exit }')
tool_rids=$(dotnet msbuild "$repo/src/CustomerJourney.Cli/CustomerJourney.Cli.csproj" -getProperty:ToolPackageRuntimeIdentifiers)
case ";$tool_rids;" in
  *";$rid;"*) pack_rids="$rid;any" ;;   # this platform's own tool package and the portable one
  *) pack_rids="any" ;;
esac

# 1. pack
feed="$work/feed"
step "packing $version into a local feed (journey tool for: ${pack_rids//;/, })"
run_logged pack dotnet pack "$repo/CustomerJourney.Packages.slnf" -c Release -o "$feed" -nologo "-p:ToolPackageRuntimeIdentifiers=\"$pack_rids\""
python3 "$repo/tests/consumer/check_packages.py" "$feed" "$version" "$rid" "$pack_rids" || fail "package checks"

# the global packages folder may hold an older build of the same version: drop ours, so restore takes the feed's
packages=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: *//')
for nupkg in "$feed"/*.nupkg; do
  id=$(basename "$nupkg" ".$version.nupkg")
  rm -rf "${packages%/}/${id,,}/$version"
done

# 2. fresh projects outside the repository, from the feed
app="$work/app"
mkdir -p "$app"
cp "$repo/tests/consumer/Directory.Build.props" "$app/"
cp -r "$repo/tests/consumer/QuickStart" "$repo/tests/consumer/Host" "$repo/tests/consumer/Aot" "$app/"
cp "$repo/samples/CustomerJourney.Aot/Program.cs" "$app/Aot/"
cat > "$app/nuget.config" <<EOF
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="customerjourney-local" value="$feed" />
  </packageSources>
</configuration>
EOF
python3 "$repo/tests/consumer/extract_snippet.py" "$repo/README.md" quick-start > "$app/QuickStart/Program.cs"
python3 "$repo/tests/consumer/extract_snippet.py" "$repo/README.md" host > "$app/Host/Program.cs"
step "building the README's quick start and host application against the packages"
run_logged build-quick-start dotnet build "$app/QuickStart" -c Release -nologo -p:CustomerJourneyVersion="$version"
run_logged build-host dotnet build "$app/Host" -c Release -nologo -p:CustomerJourneyVersion="$version"
grep -qF "$feed" "$app/QuickStart/obj/project.assets.json" || fail "the quick start did not restore CustomerJourney from the local feed"

# 3. run them
step "running the quick start"
output=$(dotnet "$app/QuickStart/bin/Release/net10.0/QuickStart.dll")
echo "  $output"
[[ "$output" =~ ^consideration\ since\ .+,\ 1\ touches$ ]] || fail "the quick start printed '$output', not 'consideration since <time>, 1 touches'"

step "running the host application and posting a touch"
mkdir -p "$app/host-run"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
(cd "$app/host-run" && exec dotnet "$app/Host/bin/Release/net10.0/Host.dll" --urls "http://127.0.0.1:$port") > "$work/host.log" 2>&1 &
host_pid=$!
if ! answer=$(python3 - "$port" <<'PY'
import sys, time, urllib.request
url = f"http://127.0.0.1:{sys.argv[1]}/customers/c-42/touches/search-ad"
opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # loopback: never through a proxy
deadline = time.monotonic() + 60
while True:
    try:
        with opener.open(urllib.request.Request(url, method="POST"), timeout=10) as response:
            print(response.read().decode())
            break
    except OSError:
        if time.monotonic() > deadline:
            raise
        time.sleep(0.25)
PY
); then
  cat "$work/host.log" >&2
  fail "the host did not answer POST /customers/c-42/touches/search-ad"
fi
echo "  POST /customers/c-42/touches/search-ad -> $answer"
[ "$answer" = "Advanced: awareness -> consideration" ] || fail "the host answered '$answer', not 'Advanced: awareness -> consideration'"
kill "$host_pid"; wait "$host_pid" 2>/dev/null || true; host_pid=
[ -s "$app/host-run/journeys.db" ] || fail "the host did not write its SQLite store (journeys.db)"

# NativeAOT: the core package in a published native app, without trim or AOT warnings (links with clang; skip with
# CJ_CONSUMER_AOT=0)
if [ "${CJ_CONSUMER_AOT:-1}" = 0 ]; then
  step "NativeAOT publish skipped (CJ_CONSUMER_AOT=0)"
elif ! command -v clang >/dev/null; then
  step "NativeAOT publish skipped: no clang to link with (Debian: apt-get install clang zlib1g-dev)"
else
  step "publishing samples/CustomerJourney.Aot with NativeAOT against the package"
  run_logged publish-aot dotnet publish "$app/Aot" -c Release -r "$rid" -o "$app/aot-out" -nologo -p:CustomerJourneyVersion="$version"
  if grep -E "warning (IL|AOT)[0-9]+" "$work/publish-aot.log"; then fail "the NativeAOT publish had trim or AOT warnings"; fi
  aot_output=$("$app/aot-out/Aot") || { echo "$aot_output" >&2; fail "the NativeAOT app failed"; }
  echo "$aot_output" | tail -n 1 | sed 's/^/  /'
  [ "$(echo "$aot_output" | tail -n 1)" = "NativeAOT run ok" ] || fail "the NativeAOT app did not finish its run"
fi

# 4. the journey tool
step "installing the journey tool from the feed"
run_logged tool-install dotnet tool install CustomerJourney.Cli --version "$version" --tool-path "$work/tools" --add-source "$feed"
if [ "$pack_rids" != any ]; then
  [ -d "$work/tools/.store/customerjourney.cli/$version/customerjourney.cli.$rid" ] \
    || { find "$work/tools/.store" -maxdepth 3 >&2; fail "dotnet tool install did not pick the $rid package"; }
fi
"$work/tools/journey" --help | grep -q "docs/cli.md" || fail "journey --help does not name its reference"
step "journey demo --customers 2000"
(cd "$work" && "$work/tools/journey" demo --customers 2000) > "$work/demo.log" 2>&1 || { cat "$work/demo.log" >&2; fail "journey demo"; }
sed 's/^/  /' "$work/demo.log" | head -n 12
grep -q "journey-demo.html" "$work/demo.log" || fail "journey demo did not say where it wrote the report"
[ "$(wc -c < "$work/journey-demo.html")" -gt 20000 ] || fail "journey demo wrote no report"
grep -q "<html" "$work/journey-demo.html" || fail "journey-demo.html is not HTML"

step "passed"
