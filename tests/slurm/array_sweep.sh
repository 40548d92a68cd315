#!/usr/bin/env bash
# The cluster path on a real Slurm: installs Debian's slurm-wlm and munge if missing, starts munged,
# slurmctld and slurmd on this machine (no systemd; node pinned to 127.0.0.1; proctrack/linuxproc,
# task/none, no accounting), submits scripts/slurm/sweep.sbatch as a 4-task array, waits, merges
# the slices and checks the merged file equals the same sweep run locally; then runs a small
# calibration through scripts/slurm/calibrate.sh (a 3-task array per wave, chained, and a job that
# writes the file) and checks it equals the same calibration run locally; then stops the daemons
# it started. Needs root (it installs packages and starts daemons) and a built build-test/siege.
#   tests/slurm/array_sweep.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root=$PWD
siege=${SIEGE:-$root/build-test/siege}
[[ -x $siege ]] || { echo "array_sweep: build first (scripts/quickstart test)" >&2; exit 2; }
[[ $(id -u) -eq 0 ]] || { echo "array_sweep: needs root to start munged, slurmctld and slurmd" >&2; exit 2; }

missing=()
for package in slurm-wlm munge python3-xarray; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if ((${#missing[@]})); then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

work=$(mktemp -d /tmp/siege-slurm.XXXXXX)
chmod 755 "$work"  # munged runs as the munge user and must reach its folder
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT

# munge: its own socket, key and pid under $work, run as the munge user.
mkdir -p "$work/munge"
[[ -s /etc/munge/munge.key ]] || { dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null;
                                   chown munge:munge /etc/munge/munge.key; chmod 400 /etc/munge/munge.key; }
mkdir -p /run/munge /var/lib/munge /var/log/munge
chown munge:munge /run/munge /var/lib/munge /var/log/munge "$work/munge"
chmod 755 /run/munge
socket=/run/munge/munge.socket.2
runuser -u munge -- /usr/sbin/munged --pid-file="$work/munge/munged.pid" --socket="$socket" \
  --log-file="$work/munge/munged.log" --seed-file="$work/munge/munged.seed"
for _ in $(seq 50); do [[ -s $work/munge/munged.pid ]] && break; sleep 0.1; done
pids+=("$(cat "$work/munge/munged.pid")")

# Slurm: a private configuration (SLURM_CONF), one node at 127.0.0.1 named after this host.
host=$(hostname -s)
cpus=$(nproc)
mkdir -p "$work/spool/ctld" "$work/spool/d" "$work/logs" "$root/sweeps"
export SLURM_CONF=$work/slurm.conf
cat > "$SLURM_CONF" <<CONF
ClusterName=siegetest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
AuthInfo=socket=$socket
SlurmUser=root
SlurmdUser=root
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/builtin
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
StateSaveLocation=$work/spool/ctld
SlurmdSpoolDir=$work/spool/d
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/logs/slurmctld.log
SlurmdLogFile=$work/logs/slurmd.log
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=1024 State=UNKNOWN
PartitionName=test Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
/usr/sbin/slurmctld -i
for _ in $(seq 50); do [[ -s $work/slurmctld.pid ]] && break; sleep 0.1; done
pids+=("$(cat "$work/slurmctld.pid")")
/usr/sbin/slurmd
for _ in $(seq 50); do [[ -s $work/slurmd.pid ]] && break; sleep 0.1; done
pids+=("$(cat "$work/slurmd.pid")")
for _ in $(seq 150); do
  sinfo -h -o %t 2>/dev/null | grep -qE '^(idle|mix|alloc)' && break
  sleep 0.2
done
sinfo -h -o '%P %t %D' | grep -qE 'idle|mix' || { echo "array_sweep: the node did not come up" >&2;
  tail -20 "$work/logs/slurmctld.log" "$work/logs/slurmd.log" >&2; exit 1; }
echo "array_sweep: slurm is up ($(sinfo -h -o '%P %t %D'))"

# The sweep: 4 tasks through the template, then the merge, then the same sweep locally. The sweep
# file names no scenario (it may only name one in its own folder): the template passes --scenario on.
sweep=tests/sweeps/waer_lhs.yaml
scenario=scenarios/waer.yaml
rm -f sweeps/waer_lhs-*.h5 sweeps/waer_lhs-*.h5.manifest
job=$(SIEGE=$siege sbatch --parsable --array=0-3 --cpus-per-task=1 --chdir="$root" \
      --output="$work/logs/task-%a.log" scripts/slurm/sweep.sbatch "$sweep" 4 --scenario "$scenario")
echo "array_sweep: submitted array job $job"
for _ in $(seq 600); do
  [[ -z $(squeue -h -j "$job" 2>/dev/null) ]] && break
  sleep 0.5
done
[[ -z $(squeue -h -j "$job" 2>/dev/null) ]] || { echo "array_sweep: the array did not finish in 5 minutes" >&2; exit 1; }
for k in 0 1 2 3; do
  [[ -s sweeps/waer_lhs-${k}of4.h5 ]] || { echo "array_sweep: task $k wrote nothing" >&2; cat "$work"/logs/task-*.log >&2; exit 1; }
done
"$siege" merge sweeps/waer_lhs-{0,1,2,3}of4.h5 -o "$work/merged.h5" -q
"$siege" sweep "$sweep" --scenario "$scenario" -o "$work/local.h5" -q
/usr/bin/python3 - "$work/merged.h5" "$work/local.h5" <<'PY'  # Debian's, with xarray
import sys
import numpy as np
import xarray as xr
merged, local = (xr.open_dataset(p) for p in sys.argv[1:])
assert merged.sizes["run"] == local.sizes["run"] == 16
for name in local.data_vars:
    np.testing.assert_array_equal(merged[name].values, local[name].values, err_msg=name)
print("array_sweep: the merged 4-task array equals the local sweep (16 runs, every variable)")
PY
rm -f sweeps/waer_lhs-*.h5 sweeps/waer_lhs-*.h5.manifest
rmdir sweeps 2>/dev/null || true

# The calibration: scripts/slurm/calibrate.sh submits an array of 3 tasks per wave, chained, and a
# last job that writes the file; it must equal the same calibration run here without Slurm.
mkdir -p "$work/calibration"
cp tests/calibration/classroom.calibration.yaml tests/calibration/classroom_truth.observations.yaml \
   scenarios/classroom.yaml "$work/calibration/"
calibration=$work/calibration/classroom.calibration.yaml
(cd "$work" && SIEGE=$siege CPUS_PER_TASK=1 TIME_LIMIT=00:10:00 "$root/scripts/slurm/calibrate.sh" "$calibration" 3 \
   "$work/slurm-calibration.h5")
for _ in $(seq 600); do
  [[ -z $(squeue -h 2>/dev/null) ]] && break
  sleep 0.5
done
[[ -z $(squeue -h 2>/dev/null) ]] || { echo "array_sweep: the calibration jobs did not finish in 5 minutes" >&2; exit 1; }
[[ -s $work/slurm-calibration.h5 ]] || { echo "array_sweep: the calibration wrote nothing" >&2;
  cat "$work"/logs/siege-calibrate-*.log >&2; exit 1; }
ls "$work"/slurm-calibration.h5.wave3.shard2of3.manifest >/dev/null
"$siege" calibrate "$calibration" -o "$work/local-calibration.h5" -q
/usr/bin/python3 - "$work/slurm-calibration.h5" "$work/local-calibration.h5" <<'PY'
import sys
import numpy as np
import xarray as xr
slurm, local = (xr.open_dataset(p) for p in sys.argv[1:])
assert slurm.sizes["point"] == local.sizes["point"] == 36
for name in local.data_vars:
    np.testing.assert_array_equal(slurm[name].values, local[name].values, err_msg=name)
print("array_sweep: the calibration run as 3 chained Slurm arrays of 3 tasks equals the local one (every variable)")
PY
