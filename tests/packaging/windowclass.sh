#!/bin/sh
# Runs the program given (with its arguments) on the X display xvfb-run made, waits for its
# first visible window and prints that window's WM_CLASS as xprop shows it. The program is
# stopped (and so stops what it started) however this ends.
set -eu
"$@" &
pid=$!
trap 'kill "$pid" 2>/dev/null; wait "$pid" || true' EXIT
window=$(timeout 60 xdotool search --sync --onlyvisible --pid "$pid" | head -n 1)
xprop -id "$window" WM_CLASS
