"""A warm Python for the script tests: forks a process that has already imported torch and vgtheory.

The experiment scripts (experiments/replicate.sh, experiments/gpu/run_s6.sh) start ``python`` five or six
times; each start imports torch and sympy (about 4 s of CPU on the 2-core dev machine), several times what the
tiny training itself costs. The tests put a ``python`` first on PATH (:func:`write_shim`) that hands its
command line, environment, working directory and standard streams to this server; the server forks, and the
child runs the command as a fresh interpreter would (``-m module``, ``-`` for a script on stdin, or a script
path) and reports its exit status. Each command runs in its own fork of the same freshly-imported server, so
no command sees another's state. Any other command line, or a different PYTHONPATH / OMP_NUM_THREADS than the
server's, is run by the real interpreter (``exec``), so the shim can never change what a command does.

Run as ``python pyserver.py SOCKET``; the shim is ``python -I pyserver.py --client SOCKET ARGS...``.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import socket
import struct
import sys

#: Environment variables that shape the interpreter or its imports: a request that differs is run for real.
SHAPING = ("PYTHONPATH", "OMP_NUM_THREADS", "PYTHONHASHSEED", "PYTHONSAFEPATH")


def _command(argv: list[str]) -> tuple[str, str] | None:
    """('module', name), ('stdin', '-') or ('script', path) for the command lines served here, else None."""
    if len(argv) >= 2 and argv[0] == "-m" and not argv[1].startswith("-"):
        return "module", argv[1]
    if argv and argv[0] == "-":
        return "stdin", "-"
    if argv and not argv[0].startswith("-") and argv[0].endswith(".py"):
        return "script", argv[0]
    return None


def _run_child(request: dict) -> int:
    import runpy

    kind, target = _command(request["argv"])
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    rest = request["argv"][2:] if kind == "module" else request["argv"][1:]
    # sys.path[0] as the real interpreter sets it: the working directory for -m and -, the script's folder.
    sys.path[0] = os.getcwd() if kind != "script" else os.path.dirname(os.path.abspath(target))
    sys.stdin = open(0, closefd=False)  # noqa: SIM115
    sys.stdout = open(1, "w", closefd=False)  # noqa: SIM115
    sys.stderr = open(2, "w", closefd=False)  # noqa: SIM115
    try:
        if kind == "module":
            sys.argv = [target, *rest]  # runpy puts the module's file name here, as python -m does
            runpy.run_module(target, run_name="__main__", alter_sys=True)
        elif kind == "stdin":
            sys.argv = ["-", *rest]
            code = compile(sys.stdin.read(), "<stdin>", "exec")
            exec(code, {"__name__": "__main__", "__builtins__": __builtins__})  # noqa: S102
        else:
            sys.argv = [target, *rest]
            runpy.run_path(target, run_name="__main__")
        status = 0
    except SystemExit as exc:
        code = exc.code
        status = code if isinstance(code, int) else (0 if code is None else 1)
        if code is not None and not isinstance(code, int):
            print(code, file=sys.stderr)
    except BaseException:  # noqa: BLE001 - as the interpreter does: the traceback on stderr, status 1
        import traceback

        traceback.print_exc()
        status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except OSError:
            pass
    return status


def _reap(_signum, _frame) -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def serve(path: str) -> None:
    """Accept requests on the Unix socket ``path`` until killed; one fork per request."""
    import torch

    importlib.import_module("vgtheory.empirical.cli")  # with vgtheory: what every served command imports

    torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "1")))
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(8)
    signal.signal(signal.SIGCHLD, _reap)  # waited for, so that their CPU time counts as the server's children's
    print("ready", flush=True)
    while True:
        conn, _ = listener.accept()
        msg, fds, _, _ = socket.recv_fds(conn, 1 << 20, 3)
        request = json.loads(msg.decode())
        if os.fork() == 0:
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the command may wait for its own children
            listener.close()
            for target, fd in enumerate(fds):
                os.dup2(fd, target)
                os.close(fd)
            conn.sendall(struct.pack("!i", os.getpid()))
            real_exit, me = os._exit, os.getpid()

            def reported_exit(status: int) -> None:
                # A command may end by os._exit (vgtheory's CLI after check skips the teardown): its
                # status must still reach the client (only this process's: a forked worker's is not).
                if os.getpid() == me:
                    conn.sendall(struct.pack("!i", status))
                real_exit(status)

            os._exit = reported_exit
            reported_exit(_run_child(request))
        for fd in fds:
            os.close(fd)
        conn.close()


def client(path: str, real_python: str, argv: list[str]) -> None:
    """The shim: hand the command to the server if it serves it, else become the real interpreter."""
    shaping = json.loads(os.environ.get("VGTHEORY_PYSERVER_ENV", "{}"))
    if _command(argv) is None or any(os.environ.get(k) != shaping.get(k) for k in SHAPING):
        os.execv(real_python, [real_python, *argv])
    request = {"argv": argv, "cwd": os.getcwd(), "env": dict(os.environ)}
    conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        conn.connect(path)
    except OSError:  # no server (gone or not started): the real interpreter
        os.execv(real_python, [real_python, *argv])
    socket.send_fds(conn, [json.dumps(request).encode()], [0, 1, 2])
    pid = struct.unpack("!i", _exactly(conn, 4))[0]

    def forward(signum, _frame):  # timeout(1) and Ctrl-C reach the command, as with a real interpreter
        os.kill(pid, signum)

    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, forward)
    reply = _exactly(conn, 4)
    sys.exit(struct.unpack("!i", reply)[0] if len(reply) == 4 else 1)


def _exactly(conn: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            break
        data += chunk
    return data


if __name__ == "__main__":
    if sys.argv[1] == "--client":
        client(sys.argv[2], sys.argv[3], sys.argv[4:])
    else:
        serve(sys.argv[1])
