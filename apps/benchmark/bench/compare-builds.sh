#!/bin/bash
# Steps/s of two builds of gankit side by side: `gankit --threads 1 train` of each workload, the two
# builds alternating per workload; steps/s = 1 / the median seconds per step after the first 5
# (log.jsonl). For before/after figures of a speed change:
#
#   git worktree add /tmp/before <commit> && (cd /tmp/before && npx -y pnpm@10 install && npx -y pnpm@10 build)
#   bash apps/benchmark/bench/compare-builds.sh /tmp/before/apps/benchmark/dist/cli.js apps/benchmark/dist/cli.js
#
# Run it on a quiet machine (it prints the load average before and after).
set -euo pipefail
if [ $# -ne 2 ]; then echo "usage: $0 <before cli.js> <after cli.js>" >&2; exit 2; fi
before=$(realpath "$1"); after=$(realpath "$2")
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
median() {
  node -e "const l=require('fs').readFileSync(process.argv[1],'utf8').trim().split('\n').map(JSON.parse).slice(5).map(s=>s.seconds).sort((a,b)=>a-b); console.log((1/l[Math.floor(l.length/2)]).toFixed(2))" "$1/log.jsonl"
}
run() { # label steps train-args...
  local label=$1 steps=$2; shift 2
  local line="$label"
  for cli in "$before" "$after"; do
    rm -rf "$work/run"
    node "$cli" --threads 1 train "$@" --steps "$steps" --out "$work/run" > /dev/null 2>&1
    line="$line  $(median "$work/run")"
  done
  echo "$line"
}
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "workload  before  after (steps/s)"
run mlp-points 600 --variant vanilla --preset small --dataset ring8
run mlp-mnist 60 --variant vanilla --dataset mnist-embedded
run dcgan-small 150 --variant dcgan --preset small --dataset mnist-embedded
run dcgan-standard 15 --variant dcgan --dataset mnist-embedded
run infogan-half 40 --variant infogan --preset half --dataset mnist-embedded
# The main job's own MNIST runs (gankit --quick: the small presets)
run vanilla-small-mnist 300 --variant vanilla --preset small --dataset mnist-embedded
run cgan-small 150 --variant cgan --preset small --dataset mnist-embedded
run acgan-small 150 --variant acgan --preset small --dataset mnist-embedded
run wgan-gp-small 40 --variant wgan-gp --preset small --dataset mnist-embedded
run infogan-small 150 --variant infogan --preset small --dataset mnist-embedded
run vanilla-grid25 600 --variant vanilla --preset small --dataset grid25
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
