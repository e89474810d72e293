#!/usr/bin/env python3
"""Which pages one webhook's commit writes to the WAL, by table and index.

Starts lanecastd on a fresh database, stores --warmup reference checkouts (distinct orderIds)
so the b-trees have some depth, then more until the WAL restarts after a checkpoint, then sends
--count records one at a time (so each COMMIT holds exactly one record) and reads the frames
the WAL gained: frames per commit, and which b-tree each written page belongs to (SQLite's
dbstat, read through the WAL). First for checkouts, then for 50-line cart-mutator requests
(priced by the German example rules). The daemon checkpoints once the WAL passes 4000 pages:
--count records must fit in that.

  bench/wal_pages.py [--lanecastd PATH] [--warmup N] [--count N]
"""
import argparse
import collections
import http.client
import json
import os
import socket
import sqlite3
import struct
import subprocess
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOKEN = "bench-token-0123456789"


def wal_frames(path, page_size=4096):
    """The valid frames of a WAL file, in order: (page number, commit size or 0)."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 32:
        return []
    salt = data[16:24]
    frames = []
    offset = 32
    while offset + 24 + page_size <= len(data):
        page, commit = struct.unpack(">II", data[offset:offset + 8])
        if data[offset + 8:offset + 16] != salt:
            break
        frames.append((page, commit))
        offset += 24 + page_size
    return frames


def wal_salt(path):
    with open(path, "rb") as f:
        return f.read(32)[16:24]


def mutator_body(order_id, lines=50):
    categories = ["Getränke", "Backwaren", "Obst & Gemüse", "Bier", "Milchprodukte"]
    cart = []
    for i in range(1, lines + 1):
        cents = 99 + (i * 37) % 900
        cart.append({"id": f"item-{i}", "externalId": f"sku-{i}", "name": f"Artikel {i}",
                     "barcode": f"400{i:07d}", "category": categories[i % 5], "sku": f"sku-{i}",
                     "thumbnail": "", "price": float(f"{cents // 100}.{cents % 100:02d}"),
                     "productId": i, "quantity": 1 + i % 3, "taxLines": []})
    return {"sessionId": "bench-session", "session": {"sessionId": "bench-session"},
            "customer": {"id": "c1", "role": "customer"}, "storeId": 1, "storeExternalId": "bench",
            "timeOfOrigin": "2026-11-25T11:00:00Z", "timeOfIssue": "2026-11-25T11:00:02Z",
            "orderId": order_id, "status": "draft", "cart": cart, "totalPrice": "0.00",
            "totalTax": "0.00", "subtotalPrice": "0.00",
            "payment": {"paymentStatus": "success", "paymentTransactionIds": []}, "metadata": {}}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lanecastd", default=os.path.join(ROOT, "build", "daemon", "lanecastd"))
    parser.add_argument("--warmup", type=int, default=1500)
    parser.add_argument("--count", type=int, default=100)
    args = parser.parse_args()
    with open(os.path.join(ROOT, "tests", "fixtures", "checkout-reference-example.json")) as f:
        checkout_template = f.read()
    work = tempfile.mkdtemp()
    db_path = os.path.join(work, "lanecast.db")
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    daemon = subprocess.Popen([args.lanecastd, "--config-dir", os.path.join(work, "etc"),
                               "--set", f"http.listen=127.0.0.1:{port}", "--set", f"storage.path={db_path}",
                               "--set", f"auth.tokens={TOKEN}", "--set",
                               f"pricing.rules_file={ROOT}/packaging/examples/pricing-de.json"],
                              stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.05)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        headers = {"Authorization": "Bearer " + TOKEN, "Content-Type": "application/json"}
        order = [10_000_000]

        def send(kind):
            order[0] += 1
            if kind == "checkout":
                path, body = "/aifi/checkout", checkout_template.replace('"orderId": 0', f'"orderId": {order[0]}', 1)
            else:
                path, body = "/aifi/cart-mutator", json.dumps(mutator_body(order[0]))
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            assert response.status == 200, response.status

        for _ in range(args.warmup):
            send("checkout")
        print(f"{args.lanecastd}: after {args.warmup} checkouts, {args.count} commits of one record each")
        for kind in ("checkout", "cart_mutator"):
            # Start right after the WAL restarted (a checkpoint copied it all), so the records
            # measured fit in one generation of it.
            salt = wal_salt(db_path + "-wal")
            while wal_salt(db_path + "-wal") == salt:
                send("checkout")
            salt = wal_salt(db_path + "-wal")
            before = len(wal_frames(db_path + "-wal"))
            for _ in range(args.count):
                send(kind)
            frames = wal_frames(db_path + "-wal")
            if wal_salt(db_path + "-wal") != salt:
                print(f"  {kind}: the WAL restarted meanwhile; lower --count")
                continue
            added = frames[before:]
            commits = sum(1 for _, c in added if c)
            db = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
            try:
                owner = dict(db.execute("SELECT pageno, name FROM dbstat"))
            except sqlite3.OperationalError:
                owner = {}
            by_tree = collections.Counter(owner.get(p, "?") for p, _ in added)
            print(f"  {kind}: {len(added) / commits:.2f} frames per commit ({commits} commits); per commit by b-tree: " +
                  ", ".join(f"{name} {n / commits:.2f}" for name, n in by_tree.most_common()))
    finally:
        daemon.terminate()
        daemon.wait()
        subprocess.run(["rm", "-rf", work])


if __name__ == "__main__":
    main()
