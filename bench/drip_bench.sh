#!/usr/bin/env bash
# The morning drip at scale (issue 15) on the loopback cluster: brings the
# cluster up if it is not (and down again afterwards), stops the cluster's
# own sender for the run, and runs bench/drip_bench.py.
#   DRIP_N=100000 DRIP_SENDERS=4 DRIP_RAW_S=15 bash bench/drip_bench.sh
#   HUNAR_SMS_DLR=lesson=final ...   the lessons' delivery-report policy
#   DRIP_CALLBACK_PORT=port ...      reports to another receiver (a null
#                                    one: what Kannel's reports cost alone)
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
CL=infra/cluster/cluster
mkdir -p var
for p in haproxy patroni pgbouncer redis-sentinel etcd wrk; do
	command -v $p >/dev/null ||
	    { echo "drip: $p missing: make cluster-up installs the cluster's packages"; exit 1; }
done
# (status says 1 when any part is down -- the sender this bench stops --
# so its answer is read, not its exit code)
st=$(bash $CL status 2>/dev/null)
if ! grep -q '^haproxy up' <<<"$st"; then
	bash $CL up >/dev/null || { echo "drip: cluster up failed"; exit 1; }
	trap 'bash $CL down >/dev/null' EXIT
fi
# Stopped on purpose (its PID file goes): the cluster's supervisor
# leaves it down for the run.
bash $CL stop sender1 >/dev/null 2>&1
python3 bench/drip_bench.py
rc=$?
bash $CL start sender1 >/dev/null 2>&1
exit $rc
