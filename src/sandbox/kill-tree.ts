// Shell scripts that start a command so its process tree can be found again, and kill that whole tree inside the
// container with shell builtins only (no fork: it works while a fork bomb holds every pid).
//
// Every command records "SESSION GROUP START" in a group file: Docker makes each exec a session leader, `timeout`
// makes its own process group, and START is the wrapper's start time in clock ticks since boot (/proc/PID/stat
// field 22). A command's tree is then every process (but PID 1 and the killer) that is in that session or group, or
// that started at or after START in a session no older process belongs to and no other live exec or spawn owns: this
// catches `setsid` escapees and daemons that cleared their environment, and spares background jobs of earlier
// commands (their sessions hold processes older than START) and other entropo processes.

/** Environment variable that marks every process of one exec (found through /proc/PID/environ when killing). */
export const MARKER_VARIABLE = "ENTROPO_EXEC_ID";
/** Printed by the kill script when it ran to its end (a kill exec that could not start prints nothing). */
export const KILL_DONE = "entropo-kill-done";
/**
 * Passes over /proc before the kill script stops waiting for the tree to be gone. The loop never forks (in dash a
 * failed fork ends the script), so it spins: a pass over a handful of processes takes well under a millisecond.
 */
const MAX_PASSES = 20000;
/** Passes spent stopping the tree before it is killed anyway. */
const STOP_PASSES = 2000;

/** File inside the container that holds "SESSION GROUP START" of the exec or spawn with this marker. */
export const groupFileOf = (marker: string) => `/tmp/.entropo-exec-${marker}`;

/** Builtins that set ${20} to the start time of the shell itself (the command is saved in $c first). */
const READ_OWN_START = `c=$1; read -r l < /proc/$$/stat; set -- \${l##*) }`;

/** The exec wrapper: runs the command under `timeout` in its own process group and records its tree's identity. */
export function execWrapperScript(marker: string, timeoutSeconds: number): string {
  const file = groupFileOf(marker);
  return (
    `${READ_OWN_START}; timeout -s KILL ${timeoutSeconds} /bin/sh -c "$c" & p=$!; ` +
    `{ echo "$$ $p \${20}" > ${file}; } 2>/dev/null; { wait $p; } 2>/dev/null; rc=$?; ` +
    // A timed-out command (137) keeps its file: the host's kill script reads it and removes it.
    `[ $rc = 137 ] || rm -f ${file}; exit $rc`
  );
}

/** The spawn wrapper: records session and group (both its own pid, no start time) and execs the command. */
export function spawnWrapperScript(marker: string): string {
  return `{ echo "$$ $$" > ${groupFileOf(marker)}; } 2>/dev/null; exec /bin/sh -c "$1"`;
}

/** Printed by a fork-free kill script when the command left no group file (the caller then runs the full script). */
export const KILL_NO_FILE = "entropo-kill-nofile";

export type KillScriptOptions = {
  /** Also kill processes started since the command began (exec timeouts); off for a spawned server. */
  byStartTime: boolean;
  /** Never fork (run by the warden's shell, where a failed fork would end it): no marker scan, removal last. */
  forkFree?: boolean;
};

/**
 * The kill script. It loops until no process of the tree is left (zombies waiting for init included), kills what
 * still carries the marker in its environment (not when fork-free), removes the group file and prints KILL_DONE.
 */
export function killTreeScript(marker: string, options: KillScriptOptions): string {
  const file = groupFileOf(marker);
  const lines = [
    `F=${file}; S=-; G=-; T=; me=$$; keep=" $$ "; old=" "`,
    `{ read -r S G T < $F; } 2>/dev/null`,
    options.forkFree ? `[ "$S" = - ] && echo ${KILL_NO_FILE}` : ``,
    options.byStartTime ? `` : `T=`,
    `for f in /tmp/.entropo-exec-*; do [ "$f" = "$F" ] && continue; { read -r s x < "$f" && keep="$keep$s "; } 2>/dev/null; done`,
    `if [ -n "$T" ]; then for d in /proc/[0-9]*; do`,
    `  { read -r l < "$d/stat"; } 2>/dev/null || continue; set -- \${l##*) }`,
    `  [ "\${20}" -lt "$T" ] && case $old in *" $4 "*) ;; *) old="$old$4 ";; esac`,
    `done; fi`,
    // Stop every process of the tree first (a stopped process cannot fork, and stopping frees no pid for a fork bomb
    // to refill), then SIGKILL them all, then wait until none is left.
    `n=0; sig=STOP; while :; do left=0; running=0; for d in /proc/[0-9]*; do`,
    `  p=\${d#/proc/}; { [ "$p" = 1 ] || [ "$p" = "$me" ]; } && continue`,
    `  { read -r l < "$d/stat"; } 2>/dev/null || continue; set -- \${l##*) }; hit=`,
    `  if [ "$4" = "$S" ] || [ "$3" = "$G" ]; then hit=1`,
    `  elif [ -n "$T" ] && [ "\${20}" -ge "$T" ]; then case "$keep$old" in *" $4 "*) ;; *) hit=1;; esac; fi`,
    `  [ -n "$hit" ] || continue`,
    `  if [ "$1" = Z ]; then [ "$2" = 1 ] && left=$((left+1)); continue; fi; left=$((left+1))`,
    `  if [ $sig = KILL ]; then kill -9 "$p" 2>/dev/null; else case $1 in T|t) ;; *) running=1; kill -STOP "$p" 2>/dev/null;; esac; fi`,
    `done; n=$((n+1))`,
    `if [ $sig = STOP ]; then { [ $running = 0 ] || [ $n -ge ${STOP_PASSES} ]; } && sig=KILL`,
    `else [ $left = 0 ] && break; [ $n -ge ${MAX_PASSES} ] && break; fi; done`,
  ];
  if (options.forkFree) {
    lines.push(`echo ${KILL_DONE}; rm -f $F 2>/dev/null`);
  } else {
    lines.push(
      // Escapees that kept the environment (and processes of a command whose group file was never written).
      `for f in $(grep -lsz '^${MARKER_VARIABLE}=${marker}$' /proc/[0-9]*/environ 2>/dev/null); do`,
      `  p=\${f#/proc/}; p=\${p%/environ}; [ "$p" = "$me" ] || kill -9 "$p" 2>/dev/null; done`,
      `rm -f $F 2>/dev/null; echo ${KILL_DONE}`,
    );
  }
  return lines.filter((line) => line !== "").join("\n");
}
