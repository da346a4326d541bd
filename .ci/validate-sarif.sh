#!/usr/bin/env bash
# Validates SARIF files with Microsoft's SARIF Multitool using the rules GitHub code scanning applies
# ("Sarif;Ghas"). Fails on any error or warning; notes (suggestions such as code snippets) are allowed.
#
#   .ci/validate-sarif.sh report.sarif [more.sarif ...]
#
# The Multitool is installed with npm into $FAULTLINE_TOOL_CACHE (default ~/.cache/faultline) on first use,
# pinned to one version so results do not change under us.
set -euo pipefail

MULTITOOL_VERSION=5.7.0
cache="${FAULTLINE_TOOL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/faultline}/sarif-multitool-$MULTITOOL_VERSION"

if [ "$#" -eq 0 ]; then
  echo "usage: $0 FILE.sarif..." >&2
  exit 2
fi

tool=""
for candidate in "$cache"/node_modules/@microsoft/sarif-multitool-*/Sarif.Multitool; do
  [ -f "$candidate" ] && tool="$candidate"
done
if [ -z "$tool" ]; then
  command -v npm >/dev/null || { echo "validate-sarif: npm is needed to install the SARIF Multitool" >&2; exit 2; }
  mkdir -p "$cache"
  echo "validate-sarif: installing @microsoft/sarif-multitool@$MULTITOOL_VERSION into $cache" >&2
  npm install --prefix "$cache" --no-audit --no-fund --silent "@microsoft/sarif-multitool@$MULTITOOL_VERSION" >&2
  for candidate in "$cache"/node_modules/@microsoft/sarif-multitool-*/Sarif.Multitool; do
    [ -f "$candidate" ] && tool="$candidate"
  done
  [ -n "$tool" ] || { echo "validate-sarif: no Multitool binary for this platform in $cache" >&2; exit 2; }
fi
# npm may skip the package's postinstall (which only sets the execute bit).
[ -x "$tool" ] || chmod u+x "$tool"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

failed=0
for file in "$@"; do
  if [ ! -f "$file" ]; then
    echo "validate-sarif: $file: no such file" >&2
    failed=1
    continue
  fi
  out="$work/validation.sarif"
  rm -f "$out"
  # The exit code says whether the tool ran, not whether the file is clean: the verdict is in its own SARIF.
  if ! "$tool" validate --rule-kind "Sarif;Ghas" --output "$out" "$file" >"$work/console.txt" 2>&1 || [ ! -f "$out" ]; then
    cat "$work/console.txt" >&2
    echo "validate-sarif: $file: the Multitool failed to run" >&2
    failed=1
    continue
  fi
  # Results without a level are warnings (SARIF's default); tool notifications at error level fail too.
  verdict="$(node -e '
    const log = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    let bad = 0;
    for (const run of log.runs || []) {
      for (const r of run.results || []) {
        const level = r.level || "warning";
        if (level !== "error" && level !== "warning") continue;
        bad++;
        const loc = (((r.locations || [])[0] || {}).physicalLocation || {}).region || {};
        const text = (r.message && (r.message.text || [r.message.id].concat(r.message.arguments || []).join(" "))) || "";
        console.error(`${process.argv[2]}:${loc.startLine || 0}: ${level} ${r.ruleId}: ${text}`);
      }
      for (const inv of run.invocations || []) {
        for (const n of (inv.toolExecutionNotifications || []).concat(inv.toolConfigurationNotifications || [])) {
          if ((n.level || "warning") === "error") { bad++; console.error(`${process.argv[2]}: tool error: ${n.message.text}`); }
        }
      }
    }
    console.log(bad);
  ' "$out" "$file")"
  if [ "$verdict" != "0" ]; then
    echo "validate-sarif: $file: $verdict error(s)/warning(s)" >&2
    failed=1
  else
    echo "validate-sarif: $file: valid (Sarif;Ghas, no errors or warnings)"
  fi
done
exit "$failed"
