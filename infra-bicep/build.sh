#!/usr/bin/env bash
# Builds and lints every Bicep file, failing on any error or warning.
#
#   bash infra-bicep/build.sh                     build + lint infra-bicep/
#   bash infra-bicep/build.sh DIR                 build + lint DIR instead (its own bicepconfig.json applies)
#   bash infra-bicep/build.sh --print-bicep-path  only install the Bicep CLI and print its path
#
# The Bicep CLI comes from the NuGet package Azure.Bicep.CommandLine.linux-x64 (version pinned in the root
# Directory.Packages.props), restored through infra-bicep/tools/BicepCli.csproj: dotnet is the only prerequisite.
set -euo pipefail

export DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tool_project="$here/tools/BicepCli.csproj"

fail() {
  echo "infra-bicep: FAIL - $*"
  exit 1
}

# Prints the Bicep CLI's path; explains a failure on stderr (its stdout may be captured).
install_bicep() {
  if ! command -v dotnet >/dev/null 2>&1; then
    echo "dotnet is not on PATH; it is needed to restore the Bicep CLI package" >&2
    return 1
  fi
  local log
  log="$(mktemp)"
  if ! dotnet restore "$tool_project" --nologo -v q >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    echo "could not restore the Bicep CLI package through $tool_project" >&2
    return 1
  fi
  rm -f "$log"
  # The package's build props define BicepPath (its tools/bicep), so the path follows NUGET_PACKAGES if set.
  local path
  path="$(dotnet msbuild "$tool_project" -nologo -getProperty:BicepPath | tail -n 1 | tr -d '\r' | tr '\\' '/')"
  if [[ -z "$path" || ! -f "$path" ]]; then
    echo "the Bicep CLI package was restored but its binary was not found (BicepPath='$path')" >&2
    return 1
  fi
  # NuGet extraction does not keep the executable bit.
  [[ -x "$path" ]] || chmod +x "$path"
  readlink -f "$path"
}

if [[ "${1:-}" == "--print-bicep-path" ]]; then
  install_bicep || fail "the Bicep CLI could not be installed (see above)"
  exit 0
fi

target="$(cd "${1:-$here}" && pwd)"
bicep="$(install_bicep)" || fail "the Bicep CLI could not be installed (see above)"

mapfile -t bicep_files < <(find "$target" -name '*.bicep' -not -path '*/obj/*' -not -path '*/bin/*' | sort)
mapfile -t param_files < <(find "$target" -name '*.bicepparam' -not -path '*/obj/*' -not -path '*/bin/*' | sort)
((${#bicep_files[@]} > 0)) || fail "no .bicep file under $target"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
diagnostics="$work/diagnostics.txt"
: >"$diagnostics"
broken=0

# Runs one bicep command from the target folder (patterns are relative to it), keeping its diagnostics;
# a non-zero exit counts even without a diagnostic line.
run() {
  local output
  if ! output="$(cd "$target" && "$bicep" "$@" 2>&1 >/dev/null)"; then
    broken=$((broken + 1))
    echo "bicep $* exited with an error" >>"$diagnostics"
  fi
  [[ -z "$output" ]] || printf '%s\n' "$output" >>"$diagnostics"
}

# One process per command over every file: the CLI's start-up dominates the time otherwise.
run build --pattern '**/*.bicep' --outdir "$work/templates"
run lint --pattern '**/*.bicep'
if ((${#param_files[@]} > 0)); then
  run build-params --pattern '**/*.bicepparam' --outdir "$work/parameters"
fi

# build and lint report the same linter findings: count each once.
report="$(sort -u "$diagnostics")"
warnings="$(grep -c ': Warning ' <<<"$report" || true)"
errors="$(grep -c ': Error ' <<<"$report" || true)"
files=$((${#bicep_files[@]} + ${#param_files[@]}))

if [[ -n "$report" ]]; then
  printf '%s\n' "$report"
fi
version="$("$bicep" --version | awk '{print $4}')"
if ((broken > 0 || warnings > 0 || errors > 0)); then
  fail "$files Bicep files checked: $errors errors, $warnings warnings, $broken failed commands (bicep $version)"
fi
echo "infra-bicep: PASS - $files Bicep files built and linted with no error or warning (bicep $version)"
