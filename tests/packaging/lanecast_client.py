#!/usr/bin/env python3
"""Talks to an installed lanecastd the way AiFi and an operator do, for the packaging tests.

Runs inside the test containers (Debian's python3, standard library only):

  lanecast_client.py send   --first N --count C [--prefix P]   checkouts N..N+C-1, one at a time
  lanecast_client.py storm  --first N --count C [--workers W] [--duration S]
                                                                the same, W at a time, each on a
                                                                new connection, no retries,
                                                                spread evenly over S seconds
  lanecast_client.py events                                    every stored event, as JSON
  lanecast_client.py wait-healthy [--timeout S]                until GET /healthz answers 200

Every webhook must be answered 200 on its first attempt; anything else is reported and makes
the exit status 1. The bearer token is the first token line of --token-file. With --tls-ca FILE
every request goes over HTTPS, checking the server's certificate against that CA.
"""

import argparse
import concurrent.futures
import copy
import http.client
import json
import os
import ssl
import sys
import time

FIXTURE = "checkout-reference-example.json"


def read_token(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                return line
    raise SystemExit(f"lanecast_client: no token in {path}")


def connect(args):
    if args.tls_ca:
        context = ssl.create_default_context(cafile=args.tls_ca)
        return http.client.HTTPSConnection(args.host, args.port, timeout=args.timeout, context=context)
    return http.client.HTTPConnection(args.host, args.port, timeout=args.timeout)


def request(args, method, path, body=None, token=None):
    conn = connect(args)
    try:
        headers = {"Connection": "close"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = f"Bearer {token}"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def checkout_body(template, order_id):
    body = copy.deepcopy(template)
    body["orderId"] = order_id
    return json.dumps(body).encode()


def post_checkout(args, template, token, order_id):
    try:
        status, data = request(args, "POST", "/aifi/checkout", checkout_body(template, order_id), token)
    except OSError as error:
        return order_id, f"connection error: {error!r}"
    if status != 200:
        return order_id, f"HTTP {status}: {data[:200]!r}"
    if args.prefix is not None:
        external = json.loads(data).get("externalId")
        if external != f"{args.prefix}{order_id}":
            return order_id, f"externalId {external!r}, expected {args.prefix}{order_id}"
    return order_id, None


def load_template(args):
    with open(os.path.join(args.fixtures, FIXTURE), encoding="utf-8") as f:
        return json.load(f)


def send(args, workers):
    template = load_template(args)
    token = read_token(args.token_file)
    ids = range(args.first, args.first + args.count)
    started = time.monotonic()
    spacing = args.duration / args.count if args.count else 0

    def paced(order_id):
        # Request k leaves at started + k * spacing, so a restart in the middle meets traffic.
        delay = started + (order_id - args.first) * spacing - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        return post_checkout(args, template, token, order_id)

    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(paced, ids))
    failures = [(i, why) for i, why in results if why]
    elapsed = time.monotonic() - started
    print(f"lanecast_client: {len(results) - len(failures)} of {len(results)} checkouts "
          f"answered 200 in {elapsed:.1f} s")
    for order_id, why in failures[:20]:
        print(f"  order {order_id}: {why}")
    return 1 if failures else 0


def events(args):
    collected, after = [], 0
    while True:
        status, data = request(args, "GET", f"/api/events?after={after}&limit=1000")
        if status != 200:
            raise SystemExit(f"lanecast_client: /api/events answered {status}: {data[:200]!r}")
        page = json.loads(data)
        collected.extend(page["events"])
        if not page["events"]:
            break
        after = page["nextAfter"]
    json.dump(collected, sys.stdout, sort_keys=True)
    print()
    return 0


def wait_healthy(args):
    deadline = time.monotonic() + args.wait
    last = None
    while time.monotonic() < deadline:
        try:
            status, data = request(args, "GET", "/healthz")
            if status == 200:
                return 0
            last = f"HTTP {status}: {data[:200]!r}"
        except OSError as error:
            last = repr(error)
        time.sleep(0.2)
    print(f"lanecast_client: not healthy after {args.wait} s: {last}")
    return 1


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("command", choices=["send", "storm", "events", "wait-healthy"])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--timeout", type=float, default=30)
    parser.add_argument("--tls-ca")
    parser.add_argument("--token-file", default="/etc/lanecast/credentials/webhook-tokens")
    parser.add_argument("--fixtures", default=os.environ.get("LANECAST_FIXTURES", "/fixtures"))
    parser.add_argument("--first", type=int, default=1)
    parser.add_argument("--count", type=int, default=10)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--duration", type=float, default=0)
    parser.add_argument("--prefix")
    parser.add_argument("--wait", type=float, default=30)
    args = parser.parse_args()
    if args.command == "send":
        return send(args, 1)
    if args.command == "storm":
        return send(args, args.workers)
    if args.command == "events":
        return events(args)
    return wait_healthy(args)


if __name__ == "__main__":
    sys.exit(main())
