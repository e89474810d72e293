#!/usr/bin/env python3
"""Restarts under load: what `systemctl restart lanecast` does with lanecast.socket and
lanecast-https.socket, done here without systemd. This script holds both listening sockets
(as systemd would) and hands them to one lanecastd after another (LISTEN_FDS, names "http"
and "https"), stopping each with SIGTERM while senders post webhooks, each on a new
connection, over HTTPS or plain HTTP. Every webhook must be answered 200; the script counts
those that were not, and reports the restarts' length.

  bench/restarts.py [--restarts N] [--senders S] [--plain] [--lanecastd PATH]

Needs openssl (for a throwaway certificate). Targets 127.0.0.1 only.
"""

import argparse
import concurrent.futures
import http.client
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
TOKEN = "bench-token-0123456789abcdef"


def listening_socket():
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(512)
    return sock


def start(args, work, plain, tls):
    """One lanecastd on the two inherited sockets (fds 3 and 4), ready when it answers."""
    command = [args.lanecastd, "--config-dir", os.path.join(work, "etc"),
               "--set", f"storage.path={os.path.join(work, 'lanecast.db')}",
               "--set", f"auth.tokens={TOKEN}",
               "--set", f"tls.cert_file={os.path.join(work, 'cert.pem')}",
               "--set", f"tls.key_file={os.path.join(work, 'key.pem')}",
               "--set", "log.level=warning"]
    def sockets_at_3_and_4():
        # In the child only: the parent's fds 3 and 4 may be anything.
        plain_fd, tls_fd = os.dup(plain.fileno()), os.dup(tls.fileno())
        os.dup2(plain_fd, 3)
        os.dup2(tls_fd, 4)

    # LISTEN_PID must be the daemon's own: a shell sets it to its $$ and then execs.
    with open(os.path.join(work, "lanecastd.log"), "ab") as log:
        return subprocess.Popen(
            ["sh", "-c", 'LISTEN_PID=$$ exec "$@"', "sh", *command], preexec_fn=sockets_at_3_and_4,
            pass_fds=(plain.fileno(), tls.fileno()),
            env=dict(os.environ, LISTEN_FDS="2", LISTEN_FDNAMES="http:https"),
            stdout=subprocess.DEVNULL, stderr=log)


def post(port, context, body):
    if context is not None:
        conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=30, context=context)
    else:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("POST", "/aifi/checkout", body=body,
                     headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json",
                              "Connection": "close"})
        answer = conn.getresponse()
        answer.read()
        return None if answer.status == 200 else f"HTTP {answer.status}"
    except OSError as error:
        return repr(error)
    finally:
        conn.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--restarts", type=int, default=20)
    parser.add_argument("--senders", type=int, default=8)
    parser.add_argument("--plain", action="store_true", help="send over plain HTTP, not HTTPS")
    parser.add_argument("--lanecastd", default=os.path.join(ROOT, "build", "daemon", "lanecastd"))
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="lanecast-restarts-")
    try:
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
                        "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1", "-addext",
                        "subjectAltName=IP:127.0.0.1", "-keyout", os.path.join(work, "key.pem"),
                        "-out", os.path.join(work, "cert.pem")], check=True, capture_output=True)
        plain, tls = listening_socket(), listening_socket()
        context = None
        port = plain.getsockname()[1]
        if not args.plain:
            context = ssl.create_default_context(cafile=os.path.join(work, "cert.pem"))
            port = tls.getsockname()[1]
        with open(os.path.join(ROOT, "tests", "fixtures", "checkout-reference-example.json")) as f:
            template = json.load(f)

        stop = threading.Event()
        results = []
        lock = threading.Lock()
        next_id = iter(range(1, 10**9))

        def sender():
            while not stop.is_set():
                with lock:
                    order_id = next(next_id)
                template_copy = dict(template, orderId=order_id)
                why = post(port, context, json.dumps(template_copy).encode())
                with lock:
                    results.append((order_id, why))

        daemon = start(args, work, plain, tls)
        time.sleep(1.0)
        if daemon.poll() is not None:
            with open(os.path.join(work, "lanecastd.log")) as log:
                raise SystemExit(f"restarts: lanecastd exited with {daemon.returncode}:\n{log.read()}")
        pool = concurrent.futures.ThreadPoolExecutor(max_workers=args.senders)
        for _ in range(args.senders):
            pool.submit(sender)
        stops = []
        for _ in range(args.restarts):
            time.sleep(0.5)
            began = time.monotonic()
            daemon.send_signal(signal.SIGTERM)
            code = daemon.wait(timeout=60)
            stops.append(time.monotonic() - began)
            if code != 0:
                print(f"restarts: lanecastd exited with {code}", file=sys.stderr)
            daemon = start(args, work, plain, tls)
        time.sleep(1.0)
        if daemon.poll() is not None:
            with open(os.path.join(work, "lanecastd.log")) as log:
                raise SystemExit(f"restarts: lanecastd exited with {daemon.returncode}:\n{log.read()}")
        stop.set()
        pool.shutdown(wait=True)
        daemon.send_signal(signal.SIGTERM)
        daemon.wait(timeout=60)

        failures = [(i, why) for i, why in results if why]
        stops.sort()
        print(f"lanecastd {args.lanecastd}: {args.restarts} restarts, {args.senders} senders over "
              f"{'plain HTTP' if args.plain else 'HTTPS'}, a new connection per webhook")
        print(f"webhooks={len(results)} not_answered_200={len(failures)} "
              f"stop_ms_median={stops[len(stops) // 2] * 1000:.0f} stop_ms_max={stops[-1] * 1000:.0f}")
        for order_id, why in failures[:10]:
            print(f"  order {order_id}: {why}")
        return 1 if failures else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
