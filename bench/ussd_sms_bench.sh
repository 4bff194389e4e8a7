#!/usr/bin/env bash
# ussd (issue 3): MO -> reply throughput through a private Kannel, Hunar's
# real command against Kannel's own static-text service in the same run,
# as a ratio (goal >= 50%).  Expects Kore up (bench/run does it).
# USSD_SMS_BENCH_N messages per run (2000), USSD_SMS_BENCH_ROUNDS (3).
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
exec python3 "$ROOT/bench/ussd_sms_bench.py" "${USSD_SMS_BENCH_N:-2000}" \
    "${USSD_SMS_BENCH_ROUNDS:-3}"
