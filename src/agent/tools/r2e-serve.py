# entropo's persistent tool server (`python r2e_tools.py --serve`): runs file_editor/search calls one after another in
# one process, each exactly as a fresh `python r2e_tools.py TOOL ARGS...` would (same sys.argv, same stdout/stderr
# buffering and write order, exit status, warnings and tracebacks), so a call costs no process start.
# Shipped next to r2e_tools.py as r2e_serve.py. Python >= 3.6, standard library only.
#
# It also runs shell commands (execute_bash) as a separate process each, the way the sandbox's exec runs them: the host
# sends `timeout -s KILL T /bin/sh -c CMD`, which starts in a new session (timeout makes it its process group too, and
# the shell a member of it, as under the exec wrapper) with /dev/null as stdin and the server's original environment
# plus the request's; "SESSION GROUP START" goes to the request's group file (src/sandbox/kill-tree.ts), kept after a
# timeout (status 137) for the host's tree kill. Its stdout and stderr are read until both end, or until 2 s after the
# process exited while background processes still hold them (the wait Docker gives an exec's streams).
#
# Protocol on the process's stdin/stdout (binary):
#   request  = 4-byte big-endian length + UTF-8 JSON, either
#              {"argv": [TOOL, ARGS...], "cwd": DIR or null (the start dir)}                       a helper tool call
#              {"exec": {"argv": [...], "env": {NAME: VALUE}, "max": BYTES, "group_file": PATH}, "cwd": DIR or null}
#   reply    = 1-byte kind + 4-byte big-endian length + payload, kinds:
#     H  hello, sent once at start (payload: pid)
#     A  request accepted, sent before the tool runs (no ack = the request never started, safe to resend)
#     R  result: 4-byte signed exit status + the bytes the process would have written to stdout and stderr, in order
#     X  exec result: 4-byte signed exit status + 1-byte truncated flag + chunks (1-byte stream 1|2, 4-byte length, bytes)
#     F  this call cannot be emulated here (payload: reason); the host runs it as a separate process instead
import importlib
import io
import json
import os
import selectors
import signal
import struct
import subprocess
import sys
import time
import traceback
import warnings

CALL_STATEMENT = "TOOLS[sys.argv[1]](sys.argv[2:])"
# Seconds an exec's streams are still read after its process exited (Docker closes an exec's streams at that point).
STREAM_WAIT_AFTER_EXIT = 2.0


class Recorder(io.RawIOBase):
    """Raw stream that keeps every write, in order, in a shared list (stdout and stderr share one list)."""

    def __init__(self, chunks):
        io.RawIOBase.__init__(self)
        self.chunks = chunks

    def writable(self):
        return True

    def write(self, data):
        self.chunks.append(bytes(data))
        return len(data)


def read_exact(fd, size):
    parts = []
    while size > 0:
        part = os.read(fd, size)
        if not part:
            return None
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def send(fd, kind, payload=b""):
    view = memoryview(kind + struct.pack(">I", len(payload)) + payload)
    while len(view):
        view = view[os.write(fd, view):]


def block_size(fd):
    # What io.open picks for a fresh interpreter's std stream on this kind of file (a pipe under docker exec).
    try:
        size = os.fstat(fd).st_blksize
    except OSError:
        size = 0
    return size if size > 1 else io.DEFAULT_BUFFER_SIZE


class FreshStreams(object):
    """Text streams configured like the ones a fresh interpreter creates for fds 1 and 2."""

    def __init__(self):
        self.templates = [(sys.__stdout__, block_size(1)), (sys.__stderr__, block_size(2))]

    def make(self, chunks):
        made = []
        for template, size in self.templates:
            made.append(
                io.TextIOWrapper(
                    io.BufferedWriter(Recorder(chunks), size),
                    encoding=template.encoding,
                    errors=template.errors,
                    line_buffering=template.line_buffering,
                    write_through=getattr(template, "write_through", False),
                )
            )
        return made


def call_code(main):
    # The tool call compiled at the file name, line and column it has in the helper, so a traceback shows the same
    # `File ".../r2e_tools.py", line N, in <module>` frame as a fresh process.
    with open(main.__file__, "r", encoding="utf-8") as handle:
        lines = handle.read().split("\n")
    for index, line in enumerate(lines):
        if line.strip() == CALL_STATEMENT:
            depth = (len(line) - len(line.lstrip(" "))) // 4
            if index >= depth:
                blocks = ["    " * level + "if 1:" for level in range(depth)]
                source = "\n" * (index - depth) + "\n".join(blocks + [line]) + "\n"
                return compile(source, main.__file__, "exec")
    return compile(CALL_STATEMENT + "\n", main.__file__, "exec")


def exit_status(code):
    # Python's own handling of SystemExit at interpreter exit.
    if code is None:
        return 0
    if isinstance(code, int):
        return code & 0xFF
    try:
        sys.stderr.write(str(code) + "\n")
    except Exception:  # noqa: BLE001
        pass
    return 1


def refresh_chardet(main):
    # A fresh process imports chardet at start: pick it up once the agent has installed it.
    if getattr(main, "chardet", None) is not None:
        return
    try:
        importlib.invalidate_caches()
        main.chardet = importlib.import_module("chardet")
    except Exception:  # noqa: BLE001
        main.chardet = None


def run_call(main, code, streams, argv):
    chunks = []
    saved = sys.stdout, sys.stderr, sys.argv
    fresh = streams.make(chunks)  # kept referenced, as sys.__stdout__ keeps them in a fresh process
    sys.stdout, sys.stderr = fresh
    sys.argv = [main.__file__] + list(argv)
    status = 0
    try:
        with warnings.catch_warnings():  # warnings show again, as in a fresh process
            warnings.onceregistry.clear()
            main.install_utf8_stdout()
            refresh_chardet(main)
            try:
                exec(code, main.__dict__)
            except SystemExit as exc:
                status = exit_status(exc.code)
            except BaseException:  # noqa: BLE001 - printed like the interpreter's own handler
                kind, value, tb = sys.exc_info()
                traceback.print_exception(kind, value, tb.tb_next)
                status = 1
            for stream in (sys.stdout, sys.stderr):
                try:
                    stream.flush()
                except Exception:  # noqa: BLE001
                    pass
    finally:
        sys.stdout, sys.stderr, sys.argv = saved
    return status, b"".join(chunks)


def original_environment():
    # The environment this process was started with (/proc/self/environ is not changed by Python's own startup, e.g.
    # PEP 538's LC_CTYPE coercion), so a command sees what `docker exec` would give it.
    try:
        with open("/proc/self/environ", "rb") as handle:
            entries = handle.read().split(b"\0")
        pairs = (entry.split(b"=", 1) for entry in entries if b"=" in entry)
        return dict((os.fsdecode(key), os.fsdecode(value)) for key, value in pairs)
    except OSError:
        return dict(os.environ)


class NotStarted(Exception):
    """The command's process could not be started (nothing ran: the host may run it another way)."""


def run_exec(spec, base_env):
    env = dict(base_env)
    env.update(spec.get("env") or {})
    room = int(spec.get("max") or 8 * 1024 * 1024)
    try:
        proc = subprocess.Popen(
            spec["argv"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            start_new_session=True,
        )
    except (OSError, ValueError) as exc:  # e.g. no pid left, an argument too long or holding a NUL byte
        raise NotStarted(str(exc))
    group_file = spec.get("group_file")
    if group_file:
        write_group_file(group_file, proc.pid)
    chunks, truncated = [], False
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ, b"1")
    selector.register(proc.stderr, selectors.EVENT_READ, b"2")
    stop_at = None
    while selector.get_map():
        if stop_at is None and proc.poll() is not None:
            stop_at = time.monotonic() + STREAM_WAIT_AFTER_EXIT
        wait = 0.05 if stop_at is None else stop_at - time.monotonic()
        if wait <= 0:
            break
        for key, _ in selector.select(wait):
            data = os.read(key.fileobj.fileno(), 65536)
            if not data:
                selector.unregister(key.fileobj)
                continue
            piece = data[: max(0, room)]
            truncated = truncated or len(piece) < len(data)
            room -= len(piece)
            if piece:
                chunks.append(key.data + struct.pack(">I", len(piece)) + piece)
    selector.close()
    proc.stdout.close()
    proc.stderr.close()
    status = proc.wait()
    status = 128 - status if status < 0 else status
    if group_file and status != 137:
        try:
            os.unlink(group_file)
        except OSError:
            pass
    return struct.pack(">iB", status, 1 if truncated else 0) + b"".join(chunks)


def write_group_file(path, pid):
    # The process leads its session and group; START is its start time in clock ticks (/proc/PID/stat field 22).
    try:
        with open("/proc/%d/stat" % pid, "rb") as handle:
            start = handle.read().rsplit(b")", 1)[1].split()[19].decode("ascii")
        with open(path, "w") as handle:
            handle.write("%d %d %s\n" % (pid, pid, start))
    except (OSError, IndexError):
        pass


def shrug(signum, frame):
    pass


def survive_signals():
    # `pkill python` (SIGTERM) or `kill -INT` from an agent's command must not end the server while it reads that
    # command's output. Handlers, not SIG_IGN: a handler is reset to the default in every program the server starts.
    for name in ("SIGTERM", "SIGINT", "SIGHUP", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGALRM"):
        try:
            signal.signal(getattr(signal, name), shrug)
        except (AttributeError, OSError, ValueError):
            pass


def serve(main):
    survive_signals()
    streams = FreshStreams()
    code = call_code(main)
    requests, replies = os.dup(0), os.dup(1)
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    home = os.getcwd()  # the sandbox's workdir, where every separate helper process would start
    base_env = original_environment()
    send(replies, b"H", str(os.getpid()).encode("ascii"))
    while True:
        head = read_exact(requests, 4)
        body = head and read_exact(requests, struct.unpack(">I", head)[0])
        if body is None or head is None:
            return 0
        request = json.loads(body.decode("utf-8"))
        try:
            os.chdir(request.get("cwd") or home)
        except OSError as exc:
            send(replies, b"F", str(exc).encode("utf-8", "replace"))
            continue
        send(replies, b"A")
        if "exec" in request:
            try:
                send(replies, b"X", run_exec(request["exec"], base_env))
            except NotStarted as exc:
                send(replies, b"F", str(exc).encode("utf-8", "replace"))
            except Exception as exc:  # noqa: BLE001 - it ran: report the failure as its result, never run it again
                message = ("entropo tool server: %s\n" % exc).encode("utf-8", "replace")
                send(replies, b"X", struct.pack(">iB", 255, 0) + b"2" + struct.pack(">I", len(message)) + message)
            continue
        status, output = run_call(main, code, streams, request["argv"])
        send(replies, b"R", struct.pack(">i", status) + output)
