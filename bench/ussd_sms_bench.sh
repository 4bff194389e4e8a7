#!/usr/bin/env bash
# ussd (issues 3, 13): MO -> reply throughput through a private Kannel,
# Hunar's real commands against Kannel's own static-text service and a
# Kore echo in the same run, as ratios (goals >= 50% of the static text,
# >= 85% of the echo).  Twice: every process on every CPU, then the
# gateway and Hunar on CPUs of their own (USSD_SMS_BENCH_SPLIT, where
# there are two or more).  Expects Kore up (bench/run does it).
# USSD_SMS_BENCH_N messages per run (2000), USSD_SMS_BENCH_ROUNDS (3).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
run() { python3 "$ROOT/bench/ussd_sms_bench.py" \
    "${USSD_SMS_BENCH_N:-2000}" "${USSD_SMS_BENCH_ROUNDS:-3}"; }
echo "== shared: every process on every CPU"
run || exit 1
[ "$(nproc)" -ge 2 ] || exit 0
echo "== split: the gateway on half the CPUs, Hunar on the other half"
USSD_SMS_BENCH_SPLIT=1 run
