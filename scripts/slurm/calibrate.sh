#!/usr/bin/env bash
# A siege calibration on Slurm: one job array per wave, each task running its slice of the wave,
# each array waiting for the one before (afterok), then one job that writes the calibration file.
# Run it on the login node:
#
#   scripts/slurm/calibrate.sh scenarios/history/calibration.yaml 16 [OUTPUT.h5]   # 16 tasks a wave
#   squeue --me                                                                    # wait for the last job
#
# Every task appends its finished runs to its own manifest beside the output, so a task that is cut
# off (time limit, node failure) loses nothing: submit this script again with the same arguments
# and the waves run only what is missing. Set SIEGE to the siege binary (default build/siege), and
# SBATCH_* variables or the EDIT lines for your cluster.
set -euo pipefail
calibration=${1:?usage: scripts/slurm/calibrate.sh CALIBRATION.yaml TASKS [OUTPUT.h5]}
tasks=${2:?give the number of tasks per wave}
output=${3:-calibrations/$(basename "${calibration%.yaml}").h5}
siege=${SIEGE:-build/siege}
cpus=${CPUS_PER_TASK:-4}           # EDIT: threads per task (runs and their stages share them)
time_limit=${TIME_LIMIT:-02:00:00} # EDIT: wall time per task
waves=$(sed -n 's/^waves: *\([0-9][0-9]*\).*/\1/p' "$calibration")
waves=${waves:-3}                  # siege's default
mkdir -p "$(dirname "$output")" logs
task="\"$siege\" calibrate \"$calibration\" -o \"$output\" --threads $cpus"
dependency=()
for wave in $(seq "$waves"); do
  job=$(sbatch --parsable --job-name="siege-calibrate-w$wave" --array=0-$((tasks - 1)) --cpus-per-task="$cpus" \
        --time="$time_limit" --output="logs/siege-calibrate-%A_%a.log" "${dependency[@]}" --wrap "$task")
  echo "wave $wave: array job $job"
  dependency=(--dependency="afterok:$job")
done
job=$(sbatch --parsable --job-name=siege-calibrate-file --cpus-per-task="$cpus" --time="$time_limit" \
      --output="logs/siege-calibrate-%j.log" "${dependency[@]}" --wrap "$task")
echo "calibration file: job $job writes $output"
