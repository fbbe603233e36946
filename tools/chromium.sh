#!/usr/bin/env bash
# Make sure Debian's chromium is installed: the county console's browser tests drive it with
# Playwright (executable_path), never a browser downloaded at test time. Idempotent; prints one
# line. Installs with apt-get as root or through sudo; otherwise stops with the command to run.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  echo "chromium.sh: $(command -v chromium) is installed"
  exit 0
fi
install=(apt-get install -y --no-install-recommends chromium fonts-noto-cjk)
if [ "$(id -u)" -eq 0 ]; then
  "${install[@]}" || { apt-get update && "${install[@]}"; }
elif command -v sudo >/dev/null 2>&1; then
  sudo "${install[@]}" || { sudo apt-get update && sudo "${install[@]}"; }
else
  echo "chromium.sh: the console's browser tests need chromium; run as root: ${install[*]}" >&2
  exit 1
fi
echo "chromium.sh: chromium installed"
