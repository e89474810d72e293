#!/usr/bin/env python3
"""Screen-feed benchmark: time from a webhook to its lane change arriving at connected
event-stream clients, with 1 and 50 clients, then with 50 clients while checkouts arrive at
full speed (wrk, 16 senders); the daemon's RSS after each step and its peak under load.

    bench/stream_latency.py [--events 300] [--load-seconds 10] [--lanecastd PATH ...]

Give --lanecastd more than once to compare builds side by side in one run: the binaries take
turns (--rounds times), each with a fresh daemon and database, and every line names its binary.

Each timed webhook is a zone entry (with the reference live cart, as AiFi sends it) or exit
at the clients' lane. Two figures per run: from the moment the webhook is sent (includes
parsing and the COMMIT, so an upper bound of commit-to-screen) and from the moment its HTTP
answer arrives (the change is queued for the screens once the COMMIT is done, so its event
can arrive before the answer: a lower bound, often 0). Commit to screen lies between them.
Targets 127.0.0.1 only."""

import argparse
import http.client
import json
import os
import re
import selectors
import socket
import statistics
import subprocess
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "blackbox"))
import harness  # noqa: E402
from harness import Daemon, fixture, zone_event  # noqa: E402

CHECKOUT_BODY = os.path.join(ROOT, "tests", "fixtures", "checkout-reference-example.json")


def open_stream(port, lane):
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(f"GET /api/lanes/{lane}/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n".encode())
    sock.setblocking(False)
    return sock


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def rss_kib(pid, field="VmRSS"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1])
    return None


def timed_body(lane, i, live_cart):
    body = zone_event(zone=lane, session=f"s{i // 2}",
                      time_of_origin=f"2026-11-28T{10 + i // 3600:02d}:{(i // 60) % 60:02d}:{i % 60:02d}Z")
    if i % 2 == 0 and live_cart is not None:
        body["cart"] = live_cart
    return json.dumps(body)


def run(daemon, clients, events, label, load_seconds=0):
    lane = f"bench-{clients}{'-load' if load_seconds else ''}"
    sockets = [open_stream(daemon.port, lane) for _ in range(clients)]
    selector = selectors.DefaultSelector()
    counts = {s: 0 for s in sockets}
    arrivals = {}  # event index -> list of arrival times
    done = threading.Event()

    def reader():
        for s in sockets:
            selector.register(s, selectors.EVENT_READ)
        while not done.is_set():
            for key, _ in selector.select(timeout=0.1):
                data = key.fileobj.recv(65536)
                now = time.perf_counter()
                # Each lane change is one "event: lane" line; the snapshot comes first.
                n = data.count(b"event: lane")
                for _ in range(n):
                    arrivals.setdefault(counts[key.fileobj], []).append(now)
                    counts[key.fileobj] += 1

    peak = [0]

    def sample_rss():
        while not done.is_set():
            peak[0] = max(peak[0], rss_kib(daemon.process.pid) or 0)
            time.sleep(0.05)

    thread = threading.Thread(target=reader)
    thread.start()
    sampler = threading.Thread(target=sample_rss)
    sampler.start()
    time.sleep(0.5)  # every client has its snapshot
    wrk, wrk_until = None, None
    if load_seconds:
        env = dict(os.environ, LANECAST_TOKEN=daemon.token, LANECAST_BODY=CHECKOUT_BODY,
                   LANECAST_RUN=str(int(time.time()) % 1000))
        wrk = subprocess.Popen(["wrk", "-t2", "-c16", f"-d{load_seconds}s", "--timeout", "10s",
                                "-s", os.path.join(ROOT, "bench", "checkout.lua"),
                                f"http://127.0.0.1:{daemon.port}/aifi/checkout"],
                               env=env, stdout=subprocess.PIPE, text=True)
        wrk_until = time.perf_counter() + load_seconds - 1
        time.sleep(1)  # at full speed before the first timed webhook
    live_cart = fixture("checkout-zone-entered-reference-shape.json").get("cart")
    sent, answered = [], []
    conn = http.client.HTTPConnection("127.0.0.1", daemon.port)
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {daemon.token}"}
    for i in range(events):
        if wrk_until and time.perf_counter() > wrk_until:
            break
        action = "entered" if i % 2 == 0 else "left"
        body = timed_body(lane, i, live_cart)
        t0 = time.perf_counter()
        conn.request("POST", f"/aifi/checkout-zone/{action}", body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        t1 = time.perf_counter()
        assert response.status == 200, response.status
        sent.append(t0)
        answered.append(t1)
        time.sleep(0.01)
    load = ""
    if wrk:
        out, _ = wrk.communicate()
        match = re.search(r"^RESULT (.*)$", out, re.M)
        load = match.group(1) if match else "wrk: no result"
    time.sleep(0.5)
    rss = rss_kib(daemon.process.pid)
    done.set()
    thread.join()
    sampler.join()
    for s in sockets:
        s.close()
    from_send, from_answer, missing = [], [], 0
    for i in range(len(sent)):
        times = arrivals.get(i, [])
        missing += clients - len(times)
        from_send += [(t - sent[i]) * 1000 for t in times]
        from_answer += [max(0.0, (t - answered[i]) * 1000) for t in times]
    result = {
        "daemon": label, "clients": clients, "under_load": bool(load_seconds), "events": len(sent),
        "deliveries": len(from_send), "missing": missing,
        "send_to_screen_p50_ms": round(statistics.median(from_send), 3),
        "send_to_screen_p99_ms": round(percentile(from_send, 99), 3),
        "answer_to_screen_p50_ms": round(statistics.median(from_answer), 3),
        "answer_to_screen_p99_ms": round(percentile(from_answer, 99), 3),
        "rss_kib": rss, "peak_rss_kib": peak[0],
    }
    if load:
        result["checkouts"] = load.replace(" ", ",")
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--load-seconds", type=int, default=10, help="0 skips the step under load")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--lanecastd", action="append",
                        help="a lanecastd binary; repeat to compare (default build/daemon/lanecastd)")
    args = parser.parse_args()
    binaries = args.lanecastd or [os.path.join(ROOT, "build", "daemon", "lanecastd")]
    for _ in range(args.rounds):
        for binary in binaries:
            harness.LANECASTD = binary
            label = os.path.relpath(binary, ROOT) if binary.startswith(ROOT) else binary
            with Daemon(extra_args=["--set", "display.max_streams=500", "--set", "display.max_streams_per_address=500",
                                    "--set", "display.idle_timeout_s=3600"]) as daemon:
                steps = [(1, 0), (50, 0)] + ([(50, args.load_seconds)] if args.load_seconds else [])
                for clients, load_seconds in steps:
                    result = run(daemon, clients, args.events, label, load_seconds)
                    print(" ".join(f"{k}={v}" for k, v in result.items()), flush=True)
                print(f"daemon={label} peak_rss_kib={rss_kib(daemon.process.pid, 'VmHWM')}", flush=True)


if __name__ == "__main__":
    main()
