#!/usr/bin/env bash
# A one-node Slurm cluster on this machine for the Slurm executor's tests (test/pipeline/slurm/):
# munge, slurmctld and slurmd from Debian's packages, started without systemd. Idempotent: a cluster
# that already answers `sinfo` is left alone. Needs root (or sudo).
#   bash scripts/setup-slurm.sh          install (apt) if missing, configure, start
#   bash scripts/setup-slurm.sh --stop   stop the daemons this script started
# The node is `localhost` with 2 CPUs in partition `debug` (the default); job state lives in
# /var/spool/rungs-slurm. Not a production configuration: no accounting, no cgroups.
set -euo pipefail

sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
state=/var/spool/rungs-slurm
conf=/etc/slurm/slurm.conf

if [ "${1:-}" = "--stop" ]; then
  for pidfile in "$state/slurmd.pid" "$state/slurmctld.pid"; do
    [ -f "$pidfile" ] && $sudo kill "$(cat "$pidfile")" 2>/dev/null || true
  done
  exit 0
fi

missing=()
command -v pgrep >/dev/null 2>&1 || missing+=(procps)
command -v munged >/dev/null 2>&1 || missing+=(munge)
command -v slurmctld >/dev/null 2>&1 || missing+=(slurmctld)
command -v slurmd >/dev/null 2>&1 || missing+=(slurmd)
command -v sbatch >/dev/null 2>&1 || missing+=(slurm-client)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup-slurm: installing ${missing[*]} (apt-get)" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  # policy-rc.d keeps the packages from starting daemons through init scripts; this script starts them.
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

node_up() { timeout 5 sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated|completing)'; }
if node_up; then
  echo "setup-slurm: a Slurm cluster already answers (sinfo); left as it is" >&2
  exit 0
fi

# munge: the key exists once the package is installed; the daemon runs as user munge.
if ! pgrep -x munged >/dev/null 2>&1; then
  [ -s /etc/munge/munge.key ] || $sudo sh -c 'dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null && chown munge:munge /etc/munge/munge.key && chmod 400 /etc/munge/munge.key'
  $sudo mkdir -p /run/munge /var/log/munge /var/lib/munge
  $sudo chown munge:munge /run/munge /var/log/munge /var/lib/munge
  # --force: a munged killed earlier (a session's end) leaves its socket behind.
  if [ -n "$sudo" ]; then sudo -u munge /usr/sbin/munged --force; else runuser -u munge -- /usr/sbin/munged --force; fi
fi

$sudo mkdir -p "$state/ctld" "$state/d" /var/log/slurm
$sudo chown -R slurm:slurm "$state" /var/log/slurm
$sudo tee "$conf" >/dev/null <<EOF
# Written by rungs scripts/setup-slurm.sh: a one-node test cluster.
ClusterName=rungs-test
SlurmctldHost=localhost
SlurmUser=slurm
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$state/ctld
SlurmdSpoolDir=$state/d
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
MinJobAge=300
KillWait=5
Waittime=0
NodeName=localhost CPUs=2 RealMemory=1000 State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF

# -c: a test cluster starts with no jobs (a killed earlier run's pending jobs would otherwise run again).
pgrep -x slurmctld >/dev/null 2>&1 || $sudo /usr/sbin/slurmctld -c
pgrep -x slurmd >/dev/null 2>&1 || $sudo /usr/sbin/slurmd -N localhost

for _ in $(seq 1 30); do
  if node_up; then
    echo "setup-slurm: one-node cluster up ($(sinfo -h -o '%P %D %T' | head -1))" >&2
    exit 0
  fi
  sleep 1
done
echo "setup-slurm: the cluster did not come up; see /var/log/slurm/slurmctld.log and slurmd.log" >&2
sinfo 2>&1 >&2 || true
exit 1
