#!/usr/bin/env python3
"""Screen-feed benchmark: time from a webhook to its lane change arriving at connected
event-stream clients, with 1 and 50 clients, and the daemon's RSS with 50 clients.

    bench/stream_latency.py [--events 300] [--lanecastd build/daemon/lanecastd]

Two figures per run: from the moment the webhook is sent (includes parsing and the COMMIT,
so an upper bound of commit-to-screen) and from the moment its HTTP answer arrives (the
event is pushed right after the answer, so this is the stream's own delay; it can be 0).
Targets 127.0.0.1 only."""

import argparse
import http.client
import json
import os
import selectors
import socket
import statistics
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "blackbox"))
from harness import Daemon, zone_event  # noqa: E402


def open_stream(port, lane):
    sock = socket.create_connection(("127.0.0.1", port))
    sock.sendall(f"GET /api/lanes/{lane}/events HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n".encode())
    sock.setblocking(False)
    return sock


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def run(daemon, clients, events):
    lane = f"bench-{clients}"
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

    thread = threading.Thread(target=reader)
    thread.start()
    time.sleep(0.5)  # every client has its snapshot
    sent, answered = [], []
    conn = http.client.HTTPConnection("127.0.0.1", daemon.port)
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {daemon.token}"}
    for i in range(events):
        action = "entered" if i % 2 == 0 else "left"
        body = json.dumps(zone_event(zone=lane, session=f"s{i // 2}", time_of_origin=f"2026-11-28T10:{(i // 60) % 60:02d}:{i % 60:02d}Z"))
        t0 = time.perf_counter()
        conn.request("POST", f"/aifi/checkout-zone/{action}", body=body, headers=headers)
        response = conn.getresponse()
        response.read()
        t1 = time.perf_counter()
        assert response.status == 200, response.status
        sent.append(t0)
        answered.append(t1)
        time.sleep(0.01)
    time.sleep(0.5)
    rss = None
    with open(f"/proc/{daemon.process.pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                rss = int(line.split()[1])
    done.set()
    thread.join()
    for s in sockets:
        s.close()
    from_send, from_answer, missing = [], [], 0
    for i in range(events):
        times = arrivals.get(i, [])
        missing += clients - len(times)
        from_send += [(t - sent[i]) * 1000 for t in times]
        from_answer += [max(0.0, (t - answered[i]) * 1000) for t in times]
    return {
        "clients": clients, "events": events, "deliveries": len(from_send), "missing": missing,
        "send_to_screen_p50_ms": round(statistics.median(from_send), 3),
        "send_to_screen_p99_ms": round(percentile(from_send, 99), 3),
        "answer_to_screen_p50_ms": round(statistics.median(from_answer), 3),
        "answer_to_screen_p99_ms": round(percentile(from_answer, 99), 3),
        "rss_kib": rss,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--lanecastd", default=os.path.join(ROOT, "build", "daemon", "lanecastd"))
    args = parser.parse_args()
    os.environ["LANECASTD"] = args.lanecastd
    import harness
    harness.LANECASTD = args.lanecastd
    with Daemon(extra_args=["--set", "display.max_streams=500", "--set", "display.max_streams_per_address=500",
                            "--set", "display.idle_timeout_s=3600"]) as daemon:
        for clients in (1, 50):
            result = run(daemon, clients, args.events)
            print(" ".join(f"{k}={v}" for k, v in result.items()), flush=True)


if __name__ == "__main__":
    main()
