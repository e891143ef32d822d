# Drives mini-swe-agent's Docker environment (minisweagent.environments.docker.DockerEnvironment, the package from the
# index) for `npm run bench -- sandbox`: one JSON request per stdin line, one JSON reply per line on the original stdout
# (everything mini prints goes to stderr). Times are measured here, around mini's own calls, in milliseconds.
#   {"op": "start", "image": I, "cwd": D}     -> {"ms": ...}                       start the long-lived environment
#   {"op": "exec", "command": C}              -> {"ms": ..., "returncode": N, "output": S}
#   {"op": "trial", "image": I, "cwd": D, "command": C} -> {"ms": ...}             start + one command + cleanup()
#   {"op": "stop"}                            -> {"ms": ...}                       cleanup() of the long-lived one
import json
import os
import sys
import tempfile
import time

replies = os.fdopen(os.dup(1), "w")
os.dup2(2, 1)
os.environ.setdefault("MSWEA_SILENT_STARTUP", "1")
os.environ.setdefault("MSWEA_GLOBAL_CONFIG_DIR", tempfile.mkdtemp(prefix="entropo-mini-config-"))

from minisweagent.environments.docker import DockerEnvironment  # noqa: E402


def elapsed_ms(started):
    return (time.perf_counter() - started) * 1000.0


def main():
    environment = None
    for line in sys.stdin:
        request = json.loads(line)
        op = request["op"]
        started = time.perf_counter()
        reply = {}
        if op == "start":
            environment = DockerEnvironment(image=request["image"], cwd=request["cwd"])
            reply = {"container": environment.container_id}
        elif op == "exec":
            result = environment.execute({"command": request["command"]})
            reply = {"returncode": result["returncode"], "output": result["output"]}
        elif op == "trial":
            trial = DockerEnvironment(image=request["image"], cwd=request["cwd"])
            result = trial.execute({"command": request["command"]})
            trial.cleanup()
            reply = {"returncode": result["returncode"], "container": trial.container_id}
            trial.container_id = None  # cleanup() already ran; __del__ would start a second `docker stop`
        elif op == "stop":
            environment.cleanup()
            reply = {"container": environment.container_id}
            environment.container_id = None
        reply["ms"] = elapsed_ms(started)
        replies.write(json.dumps(reply) + "\n")
        replies.flush()


if __name__ == "__main__":
    main()
