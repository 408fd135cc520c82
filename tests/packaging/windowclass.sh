#!/bin/sh
# Runs the program given (with its arguments) on the X display xvfb-run made, waits for its
# first visible window and prints that window's WM_CLASS as xprop shows it, then stops it.
set -eu
"$@" &
pid=$!
window=$(timeout 60 xdotool search --sync --onlyvisible --pid "$pid" | head -n 1)
xprop -id "$window" WM_CLASS
kill "$pid"
wait "$pid" || true
