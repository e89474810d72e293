#!/usr/bin/env python3
"""Soak: hours of a store in minutes. Mixed webhooks at a fixed rate with display clients
connected, against the real daemon; one line of figures per minute, then the verdicts.

    bench/soak.py [--minutes 10] [--rate 1000] [--streams 20] [--lanecastd build/daemon/lanecastd]

Each shopping trip is four webhooks - zone entered, cart mutator (priced with the German example
rules), checkout completed, zone left - spread over four lanes; every display client follows one
lane's event stream. Load comes from --workers processes, each sending on one kept-alive
connection at its share of the rate on a fixed schedule; a latency is measured from the moment
a request was due, so a daemon that falls behind shows it (no coordinated omission).

It passes when: every webhook got a 2xx; every display client stayed connected and got events
every minute; the senders kept the rate; every acknowledged webhook is in the database; the
daemon's RSS after the warm-up minute grew by less than 10 %; the daemon stopped cleanly.
Not for CI: it runs for --minutes and wants the machine to itself. Targets 127.0.0.1 only."""

import argparse
import http.client
import json
import multiprocessing
import os
import socket
import sqlite3
import statistics
import sys
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "blackbox"))
import harness  # noqa: E402
from harness import GERMAN_RULES, TOKEN, Daemon, checkout, mutator_request, zone_event  # noqa: E402

LANES = ["lane-1", "lane-2", "lane-3", "lane-4"]
MARKER = 987654321


def templates():
    """Serialised bodies with MARKER where a trip's id goes: the senders only splice text."""
    session = f"soak-{MARKER}"
    return [
        ("/aifi/checkout-zone/entered", json.dumps(zone_event(session=session))),
        ("/aifi/cart-mutator", json.dumps(mutator_request(MARKER, session=session))),
        ("/aifi/checkout", json.dumps(checkout(MARKER, session=session))),
        ("/aifi/checkout-zone/left", json.dumps(zone_event(session=session))),
    ]


def sender(index, workers, rate, start, seconds, port, results):
    """Sends webhooks number index, index + workers, ... on schedule; each minute puts
    (index, minute, latencies in ms, errors, late) on `results`."""
    bodies = [(path, text.replace('"lane-1"', '"LANE"')) for path, text in templates()]
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"}
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    minute, latencies, errors, late = 0, [], [], 0
    n = index
    while True:
        due = start + n / rate
        if due - start >= seconds:
            break
        if int((due - start) // 60) != minute:
            results.put((index, minute, latencies, errors, late))
            minute, latencies, errors, late = int((due - start) // 60), [], [], 0
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        elif delay < -1.0:
            late += 1  # more than a second behind: the sender (or the daemon) cannot keep up
        trip, step = divmod(n, 4)
        path, text = bodies[step]
        body = text.replace(str(MARKER), str(trip + 1)).replace('"LANE"', f'"{LANES[trip % len(LANES)]}"')
        try:
            conn.request("POST", path, body=body.encode(), headers=headers)
            response = conn.getresponse()
            response.read()
            if not 200 <= response.status < 300:
                errors.append(f"{path}: {response.status}")
        except (OSError, http.client.HTTPException) as e:
            errors.append(f"{path}: {e!r}")
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        latencies.append((time.monotonic() - due) * 1000)
        n += workers
    results.put((index, minute, latencies, errors, late))
    results.put((index, None, None, None, None))


class Streams:
    """--streams display clients, each on one lane's event stream, counting events per minute."""

    def __init__(self, port, count, start):
        self.start = start
        self.events = [[0] for _ in range(count)]  # per client, per minute
        self.failures = []
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._follow, args=(port, i), daemon=True) for i in range(count)]

    def _follow(self, port, i):
        lane = LANES[i % len(LANES)]
        try:
            sock = socket.create_connection(("127.0.0.1", port), timeout=30)
            sock.sendall(f"GET /api/lanes/{lane}/events HTTP/1.1\r\nHost: soak\r\n"
                         "Accept: text/event-stream\r\n\r\n".encode())
            sock.settimeout(1)
            tail = b""
            while not self.stopping.is_set():
                try:
                    data = sock.recv(65536)
                except socket.timeout:
                    continue
                if not data:
                    self.failures.append(f"stream {i} ({lane}) closed by the daemon")
                    return
                seen = (tail + data).count(b"\ndata: ") - tail.count(b"\ndata: ")
                tail = data[-8:]
                minute = int((time.monotonic() - self.start) // 60)
                counts = self.events[i]
                while len(counts) <= minute:
                    counts.append(0)
                counts[minute] += seen
            sock.close()
        except OSError as e:
            self.failures.append(f"stream {i} ({lane}): {e!r}")

    def start_all(self):
        for t in self.threads:
            t.start()

    def stop(self):
        self.stopping.set()
        for t in self.threads:
            t.join(5)


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] if ordered else float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--rate", type=float, default=1000, help="webhooks per second")
    parser.add_argument("--streams", type=int, default=20, help="display clients")
    parser.add_argument("--workers", type=int, default=16,
                        help="sending processes, each with one request in flight (AiFi posts concurrently)")
    parser.add_argument("--warmup-minutes", type=int, default=1)
    parser.add_argument("--lanecastd", default=os.path.join(ROOT, "build", "daemon", "lanecastd"))
    args = parser.parse_args()
    harness.LANECASTD = args.lanecastd

    seconds = args.minutes * 60
    daemon = Daemon(extra_args=["--set", f"pricing.rules_file={GERMAN_RULES}",
                                "--set", "display.lanes=" + ",".join(LANES)]).start()
    pid = daemon.process.pid
    failures = []
    try:
        start = time.monotonic() + 1.0
        streams = Streams(daemon.port, args.streams, start)
        streams.start_all()
        results = multiprocessing.Queue()
        senders = [multiprocessing.Process(target=sender, args=(i, args.workers, args.rate, start, seconds,
                                                                daemon.port, results)) for i in range(args.workers)]
        for p in senders:
            p.start()

        minutes = int(-(-seconds // 60))
        per_minute = {m: {"latencies": [], "errors": [], "late": 0, "reported": 0} for m in range(minutes)}
        rss = {}
        finished, printed = 0, 0
        print(f"soak: {args.rate:.0f} webhooks/s for {args.minutes:g} min, {args.streams} display clients, "
              f"{args.workers} senders; lanecastd pid {pid}")
        print("minute   sent  errors  late  p50 ms  p90 ms  p99 ms p99.9 ms  max ms  rss MB  db MB  "
              "stream events (min/client)")
        while finished < args.workers:
            try:
                index, minute, latencies, errors, late = results.get(timeout=1)
            except Exception:
                index = None
            now_minute = int((time.monotonic() - start) // 60)
            if time.monotonic() >= start:
                rss.setdefault(now_minute, []).append(rss_mb(pid))
            if index is not None:
                if minute is None:
                    finished += 1
                else:
                    bucket = per_minute[minute]
                    bucket["latencies"] += latencies
                    bucket["errors"] += errors
                    bucket["late"] += late
                    bucket["reported"] += 1
            while printed < minutes and per_minute[printed]["reported"] == args.workers:
                print_minute(printed, per_minute[printed], rss.get(printed, [0.0]), daemon.db_path, streams)
                printed += 1
        for p in senders:
            p.join()
        time.sleep(1.0)  # the last events reach the screens
        streams.stop()
        rss.setdefault(minutes - 1, []).append(rss_mb(pid))
        while printed < minutes:
            print_minute(printed, per_minute[printed], rss.get(printed, [0.0]), daemon.db_path, streams)
            printed += 1
        failures += verdicts(args, per_minute, rss, streams, daemon)
    finally:
        code = daemon.stop(timeout=60)
        if code != 0:
            failures.append(f"lanecastd exited with {code} on SIGTERM")
        with sqlite3.connect(f"file:{daemon.db_path}?mode=ro", uri=True) as db:
            check = db.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            failures.append(f"quick_check: {check}")
        daemon.cleanup()
    if failures:
        print("soak: FAILED\n  " + "\n  ".join(failures))
        sys.exit(1)
    print("soak: passed")


def print_minute(minute, bucket, rss_samples, db_path, streams):
    lat = bucket["latencies"]
    counts = [c[minute] if len(c) > minute else 0 for c in streams.events]
    db_mb = sum(os.path.getsize(db_path + s) for s in ("", "-wal") if os.path.exists(db_path + s)) / 1e6
    print(f"{minute + 1:>6} {len(lat):>6} {len(bucket['errors']):>7} {bucket['late']:>5} "
          f"{percentile(lat, 50):>7.2f} {percentile(lat, 90):>7.2f} {percentile(lat, 99):>7.2f} "
          f"{percentile(lat, 99.9):>8.2f} {max(lat) if lat else 0:>7.1f} {max(rss_samples):>7.1f} {db_mb:>6.0f}  "
          f"{min(counts)}..{max(counts)}", flush=True)


def verdicts(args, per_minute, rss, streams, daemon):
    failures = []
    all_latencies = [x for b in per_minute.values() for x in b["latencies"]]
    errors = [e for b in per_minute.values() for e in b["errors"]]
    late = sum(b["late"] for b in per_minute.values())
    sent = len(all_latencies)
    expected = int(args.rate * args.minutes * 60)
    if errors:
        failures.append(f"{len(errors)} webhooks failed, e.g. {errors[:3]}")
    if sent < expected * 0.99 or late > expected * 0.01:
        failures.append(f"the senders did not keep the rate: {sent} of {expected} sent, {late} over 1 s late")
    failures += streams.failures
    for minute in range(int(-(-args.minutes // 1))):
        quiet = [i for i, c in enumerate(streams.events) if len(c) <= minute or c[minute] == 0]
        if quiet:
            failures.append(f"minute {minute + 1}: display clients {quiet} got no event")
    with sqlite3.connect(f"file:{daemon.db_path}?mode=ro", uri=True) as db:
        stored = db.execute("SELECT count(*) FROM events").fetchone()[0]
    if stored != sent - len(errors):
        failures.append(f"{sent - len(errors)} webhooks acknowledged but {stored} stored")
    warm = [m for m in sorted(rss) if m >= args.warmup_minutes]
    growth = None
    if len(warm) >= 2:
        baseline, final = statistics.median(rss[warm[0]]), statistics.median(rss[warm[-1]])
        growth = (final - baseline) / baseline * 100
        if growth >= 10:
            failures.append(f"RSS grew {growth:.1f} % after the warm-up ({baseline:.1f} -> {final:.1f} MB)")
    print(f"total: {sent} webhooks in {args.minutes:g} min ({sent / (args.minutes * 60):.0f}/s), {len(errors)} errors, "
          f"{stored} stored; latency p50 {percentile(all_latencies, 50):.2f} ms, p99 {percentile(all_latencies, 99):.2f} ms, "
          f"p99.9 {percentile(all_latencies, 99.9):.2f} ms, max {max(all_latencies or [0]):.1f} ms; "
          f"stream events {sum(sum(c) for c in streams.events)}; RSS after warm-up "
          + (f"{growth:+.1f} %" if growth is not None else "not measured (run longer than the warm-up)"))
    return failures


if __name__ == "__main__":
    main()
