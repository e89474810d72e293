#!/usr/bin/env python3
"""Reads a staff kiosk makes, for as long as it runs, and their latencies.

The kiosk (display/www/staff.js) keeps /api/staff/events open, asks for /api/orders?limit=20
every 10 s and 800 ms after each lane change (under webhook load: about once a second), and
/healthz every 5 s. This plays that kiosk at its busiest: one stream, orders every
--orders-every seconds (default 1), health every 5 s, until SIGTERM or --seconds; then prints
one line: request counts and p50/p99/max latency in ms.

  bench/kiosk_reads.py --port PORT --token TOKEN [--seconds S] [--orders-every S] [--limit N]
                       [--no-stream] [--no-polls]

--no-stream and --no-polls leave out one half, to tell which of them costs the webhooks.
"""
import argparse
import http.client
import signal
import threading
import time


def percentile(values, p):
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def hold_stream(port, token, stop):
    """Keeps the staff event stream open and drains it, as the kiosk does."""
    while not stop.is_set():
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/staff/events?token=" + token)
            response = conn.getresponse()
            while not stop.is_set():
                try:
                    if not response.read1(65536):
                        break
                except TimeoutError:
                    continue
            conn.close()
        except OSError:
            time.sleep(0.2)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--token", required=True)
    parser.add_argument("--seconds", type=float, default=3600)
    parser.add_argument("--orders-every", type=float, default=1.0)
    parser.add_argument("--limit", type=int, default=20)
    parser.add_argument("--no-stream", action="store_true")
    parser.add_argument("--no-polls", action="store_true")
    args = parser.parse_args()

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    if not args.no_stream:
        threading.Thread(target=hold_stream, args=(args.port, args.token, stop), daemon=True).start()
    if args.no_polls:
        stop.wait(args.seconds)

    conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
    headers = {"Authorization": "Bearer " + args.token}
    latencies = {"orders": [], "health": []}
    failures = 0
    deadline = time.monotonic() + args.seconds
    next_orders = time.monotonic()
    next_health = time.monotonic()
    while not stop.is_set() and time.monotonic() < deadline:
        now = time.monotonic()
        for name, due, path in (("orders", next_orders, f"/api/orders?limit={args.limit}"),
                                ("health", next_health, "/healthz")):
            if now < due:
                continue
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    failures += 1
            except OSError:
                failures += 1
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=30)
            latencies[name].append((time.perf_counter() - started) * 1000)
            if name == "orders":
                next_orders = now + args.orders_every
            else:
                next_health = now + 5
        stop.wait(max(0.0, min(next_orders, next_health) - time.monotonic()))
    stop.set()
    parts = []
    for name, values in latencies.items():
        parts.append(f"{name}_requests={len(values)} {name}_p50_ms={percentile(values, 50):.2f} "
                     f"{name}_p99_ms={percentile(values, 99):.2f} "
                     f"{name}_max_ms={max(values) if values else float('nan'):.2f}")
    print("KIOSK " + " ".join(parts) + f" failures={failures}", flush=True)


if __name__ == "__main__":
    main()
