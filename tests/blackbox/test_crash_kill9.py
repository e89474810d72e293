"""kill -9 at random moments, under concurrent webhook load and during a schema migration:
whatever was acknowledged is still there, byte for byte, and the database checks out."""

import hashlib
import http.client
import json
import os
import random
import re
import shutil
import sqlite3
import tempfile
import threading
import time
import unittest

from harness import TOKEN, Daemon, checkout, main, mutator_request, stored_bytes, zone_event

# Rounds of load then kill -9; every fourth round adds a kill during start-up: 25 kills.
ROUNDS = int(os.environ.get("LANECAST_CRASH_ROUNDS", "20"))
REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
APPLICATION_ID = 1280197459  # 'LNCS', storage/database.h
CURRENT_SCHEMA = 7  # storage/schema.cpp: a v1 file migrates straight to it in one transaction


def sha(data):
    return hashlib.sha256(data).hexdigest()


def read_only(path):
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)


def integrity(path):
    with read_only(path) as db:
        return [row[0] for row in db.execute("PRAGMA integrity_check")]


class WebhookLoad:
    """Threads posting checkouts, zone events and cart-mutator requests, each with an id of
    its own, over kept-alive connections; they ride out the daemon's deaths by reconnecting.
    `acknowledged` maps (kind, key) to the SHA-256 of the body that got a 2xx."""

    def __init__(self, port, threads=4):
        self.port = port
        self.acknowledged = {}
        self.sent = set()
        self.refusals = []
        self.connection_failures = 0
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.templates = self._templates()
        self.threads = [threading.Thread(target=self._run, args=(i,), daemon=True) for i in range(threads)]

    @staticmethod
    def _templates():
        # One serialisation each, ids spliced in as text: the load is bounded by the daemon,
        # not by building JSON in Python.
        marker = 987654321
        return {
            "checkout": ("/aifi/checkout", json.dumps(checkout(marker, session=f"crash-{marker}"))),
            "cart_mutator": ("/aifi/cart-mutator", json.dumps(mutator_request(marker, session=f"crash-{marker}"))),
            "zone_entered": ("/aifi/checkout-zone/entered", json.dumps(zone_event(session=f"crash-{marker}"))),
            "zone_left": ("/aifi/checkout-zone/left", json.dumps(zone_event(session=f"crash-{marker}"))),
        }

    def _next(self, worker, n):
        kind = ("checkout", "zone_entered", "checkout", "cart_mutator", "zone_left")[n % 5]
        ident = (worker + 1) * 10_000_000 + n
        path, template = self.templates[kind]
        body = template.replace("987654321", str(ident)).encode()
        key = f"crash-{ident}" if kind.startswith("zone") else ident
        return kind, key, path, body

    def _run(self, worker):
        headers = {"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"}
        conn, n = None, 0
        while not self.stopping.is_set():
            n += 1
            kind, key, path, body = self._next(worker, n)
            with self.lock:
                self.sent.add((kind, key))
            try:
                if conn is None:
                    conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
                conn.request("POST", path, body=body, headers=headers)
                response = conn.getresponse()
                answer = response.read()
            except (OSError, http.client.HTTPException) as error:
                if conn is not None:
                    conn.close()
                conn = None
                with self.lock:
                    self.connection_failed(error)
                time.sleep(0.01)
                continue
            with self.lock:
                self.answered(kind, key, body, response, answer)
            time.sleep(self.pause_after(response))
        if conn is not None:
            conn.close()

    # What a subclass may count differently; the two record methods run under self.lock.
    def connection_failed(self, error):
        # The daemon died mid-request (or is not back yet): the outcome is unknown, so this
        # webhook may or may not be stored.
        self.connection_failures += 1

    def answered(self, kind, key, body, response, answer):
        if 200 <= response.status < 300:
            self.acknowledged[(kind, key)] = sha(body)
        else:
            self.refusals.append((response.status, answer[:300]))

    def pause_after(self, response):
        return 0

    def start(self):
        for t in self.threads:
            t.start()

    def stop(self):
        self.stopping.set()
        for t in self.threads:
            t.join(30)

    def snapshot(self):
        with self.lock:
            return dict(self.acknowledged)


def stored_events(db_path, after_seq=0):
    """(kind, key) -> (seq, body hash) for events after `after_seq`."""
    rows = {}
    with read_only(db_path) as db:
        for seq, kind, order_id, session_id, body, compressed in db.execute(
                "SELECT seq, kind, order_id, session_id, body, compressed FROM events WHERE seq > ?"
                " ORDER BY seq", (after_seq,)):
            key = session_id if kind.startswith("zone") else order_id
            rows[(kind, key)] = (seq, sha(stored_bytes(body, compressed)))
    return rows


class ADaemonKilledUnderLoad(unittest.TestCase):
    def test_keeps_every_acknowledged_webhook_through_repeated_kill_9(self):
        seed = int(os.environ.get("LANECAST_CRASH_SEED", time.time_ns() % 2**32))
        rng = random.Random(seed)  # the kill moments; LANECAST_CRASH_SEED repeats a run
        daemon = Daemon().start()
        load = WebhookLoad(daemon.port)
        load.start()
        last_seq, kills = 0, []
        try:
            for round_no in range(1, ROUNDS + 1):
                time.sleep(rng.uniform(0.05, 0.6))
                acknowledged_before_kill = load.snapshot()
                daemon.kill9()
                kills.append(("load", len(acknowledged_before_kill)))
                if round_no % 4 == 0:
                    # And one in start-up: WAL recovery, opening, the listener coming up.
                    daemon.start(wait=False)
                    time.sleep(rng.uniform(0.0, 0.03))
                    daemon.kill9()
                    kills.append(("start-up", len(acknowledged_before_kill)))

                daemon.start()
                # Everything acknowledged before the kill is present, with the very bytes sent.
                present = stored_events(daemon.db_path)
                missing = sorted(set(acknowledged_before_kill) - set(present), key=str)
                self.assertEqual(missing[:20], [], f"round {round_no} (seed {seed}): {len(missing)} acknowledged webhooks lost")
                for key, (seq, digest) in present.items():
                    if seq > last_seq and key in acknowledged_before_kill:
                        self.assertEqual(digest, acknowledged_before_kill[key], f"stored body of {key} differs")
                last_seq = max([last_seq] + [seq for seq, _ in present.values()])
                self.assertEqual(integrity(daemon.db_path), ["ok"], f"round {round_no} (seed {seed})")

            time.sleep(0.3)
            load.stop()
            self.assertEqual(load.refusals, [], "a valid webhook was refused")
            final = stored_events(daemon.db_path)
            acknowledged = load.snapshot()
            self.assertGreaterEqual(len(kills), 20)
            self.assertGreater(len(acknowledged), 20 * len(kills), "too little load to mean anything")
            self.assertEqual(sorted(set(acknowledged) - set(final), key=str), [])
            self.assertEqual({k: d for k, (_, d) in final.items() if k in acknowledged}, acknowledged)
            self.assertEqual(set(final) - load.sent, set(), "stored something that was never sent")
            self.assertGreater(load.connection_failures, 0, "no request was ever cut by a kill")

            # Serves again, and a clean stop leaves a clean file.
            self.assertEqual(daemon.post("/aifi/checkout", checkout(1)).status, 200)
            self.assertEqual(daemon.request("GET", "/healthz").json()["status"], "ok")
            self.assertEqual(daemon.stop(), 0)
            self.assertEqual(integrity(daemon.db_path), ["ok"])
            print(f"\n{len(kills)} kills ({sum(1 for k, _ in kills if k == 'start-up')} in start-up), "
                  f"{len(acknowledged)} acknowledged webhooks, all kept byte for byte; "
                  f"{load.connection_failures} requests cut by a kill or refused while down; seed {seed}")
        finally:
            load.stop()
            daemon.cleanup()


# --- A kill during the v1 -> v2 migration ------------------------------------------------------

def schema_v1_sql():
    with open(os.path.join(REPO_ROOT, "storage", "schema.cpp"), encoding="utf-8") as f:
        source = f.read()
    match = re.search(r'kSchemaV1\[\] = R"sql\((.*?)\)sql"', source, re.S)
    assert match, "storage/schema.cpp no longer holds kSchemaV1 as a raw string"
    return match.group(1)


def make_v1_database(path, orders=6000, mutations_per_order=60):
    """A version 1 lanecast database as an older lanecastd left it: WAL mode, stamped, ~80 MB,
    so that the verified backup (about a second) and the v2 index (about 0.2 s) take long
    enough for kills to land inside them."""
    db = sqlite3.connect(path)
    db.executescript(schema_v1_sql())
    db.execute("PRAGMA journal_mode=WAL")
    now_us = int(time.time() * 1e6) - 3_600_000_000  # recent: retention must not prune it
    body = json.dumps(checkout(1))
    with db:
        seq = 0
        for order in range(1, orders + 1):
            seq += 1
            at = now_us + seq
            db.execute("INSERT INTO events (seq, kind, path, received_at_us, body, dedupe_key, session_id, "
                       "order_id, status, answer_http_status, answer) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                       (seq, "checkout", "/aifi/checkout", at,
                        body.replace('"orderId": 1,', f'"orderId": {order},').encode(),
                        f"checkout|{order}|completed|x", f"s-{order}", order, "completed", 200, "{}"))
            db.execute("INSERT INTO orders VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                       (order, f"LC-{order}", f"s-{order}", 1, "completed", 1, 1249, 82, 1167, "success", at, at, seq))
            db.execute("INSERT INTO order_revisions VALUES (?,?,?,?,?,?,?,?,?,?)",
                       (seq, order, "completed", 1, at, 1249, 82, 1167, "success", 1))
            db.execute("INSERT INTO sessions VALUES (?,?,?,?,?,?)", (f"s-{order}", at, at, "lane-1", order, seq))
            db.execute("INSERT INTO zone_presence (zone_id, session_id, entered_at_us, left_at_us, "
                       "attention_needed, last_seq) VALUES (?,?,?,?,?,?)",
                       (f"lane-{order % 4}", f"s-{order}", at - 60_000_000, at - 1, order % 2, seq))
            first = seq + 1
            seq += mutations_per_order
            db.executemany("INSERT INTO events (seq, kind, path, received_at_us, body, dedupe_key, order_id, "
                           "status, answer_http_status, answer) VALUES (?,?,?,?,?,?,?,?,?,?)",
                           [(s, "cart_mutator", "/aifi/cart-mutator", now_us + s, b"{}", f"cart_mutator|{s}",
                             order, "draft", 200, "{}") for s in range(first, seq + 1)])
            db.executemany("INSERT INTO mutations VALUES (?,?,?,?,?,?,?,?,?)",
                           [(s, order, "draft", "v", 50, 0, None, 1249, 82) for s in range(first, seq + 1)])
    db.execute("PRAGMA user_version=1")
    db.execute(f"PRAGMA application_id={APPLICATION_ID}")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


V1_TABLES = {"events": "seq", "orders": "order_id", "order_revisions": "seq", "mutations": "seq",
             "sessions": "session_id", "zone_presence": "zone_id, session_id"}


def differences(path, reference):
    """Per v1 table, the rows missing, added or changed against `reference`, compared inside
    SQLite row by row along the primary key."""
    with read_only(path) as db:
        db.execute("ATTACH ? AS ref", (f"file:{reference}?mode=ro",))
        # Since v5 the journal keeps a 16-byte SHA-256 prefix of the dedupe key, scoped by order.
        db.create_function("key_digest", 1, lambda key: hashlib.sha256(key.encode()).digest()[:16],
                           deterministic=True)
        found = {}
        for table, key in V1_TABLES.items():
            columns = [row[1] for row in db.execute(f"PRAGMA ref.table_info({table})")]
            present = {row[1] for row in db.execute(f"PRAGMA main.table_info({table})")}
            keys = [k.strip() for k in key.split(",")]
            joined = " AND ".join(f"a.{k} = b.{k}" for k in keys)
            compared = [f"a.{c} IS NOT b.{c}" for c in columns if c in present]
            if table == "events" and "dedupe_key" not in present:
                compared.append("a.dedupe_digest IS NOT key_digest(b.dedupe_key)")
                compared.append("a.dedupe_scope IS NOT CASE WHEN b.kind IN ('checkout', 'cart_mutator') "
                                "THEN coalesce(b.order_id, 0) ELSE 0 END")
            changed = " OR ".join(compared)
            count = f"SELECT count(*) FROM {{}}.{table}"
            matched, mismatched = db.execute(f"SELECT count(*), total({changed}) FROM main.{table} a "
                                             f"JOIN ref.{table} b ON {joined}").fetchone()
            rows = db.execute(count.format("main")).fetchone()[0]
            expected = db.execute(count.format("ref")).fetchone()[0]
            if mismatched or not rows == matched == expected:
                found[table] = {"changed": int(mismatched), "rows": rows, "matched": matched, "expected": expected}
        return found


def pragma(path, name):
    with read_only(path) as db:
        return db.execute(f"PRAGMA {name}").fetchone()[0]


def wait_for(condition, timeout=20):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("start-up never reached the moment to kill it in")
        time.sleep(0.001)


class ADaemonKilledWhileMigrating(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.work = tempfile.mkdtemp(prefix="lanecast-migration-")
        cls.pristine = os.path.join(cls.work, "v1.db")
        make_v1_database(cls.pristine)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.work, ignore_errors=True)

    def fresh_copy(self, name):
        workdir = os.path.join(self.work, name)
        os.makedirs(workdir)
        shutil.copyfile(self.pristine, os.path.join(workdir, "lanecast.db"))
        return Daemon(workdir=workdir)

    def assert_migrated_intact(self, db):
        self.assertEqual(integrity(db), ["ok"])
        with read_only(db) as conn:
            self.assertEqual(conn.execute("PRAGMA foreign_key_check").fetchall(), [])
            self.assertEqual(conn.execute("SELECT count(*) FROM sqlite_schema WHERE name = 'mutations_by_order'")
                             .fetchone()[0], 1)
        self.assertEqual((pragma(db, "user_version"), pragma(db, "application_id")), (CURRENT_SCHEMA, APPLICATION_ID))
        self.assertEqual(differences(db, self.pristine), {}, "rows changed across the migration")
        backup = db + ".v1.bak"
        self.assertEqual(integrity(backup), ["ok"])
        self.assertEqual(pragma(backup, "user_version"), 1)
        self.assertEqual(differences(backup, self.pristine), {}, "the v1 backup is not a full copy")
        self.assertFalse(os.path.exists(backup + ".tmp"), "an interrupted backup copy was left behind")

    def kill_points(self, db):
        """(what is going on, when to kill): the moments of start-up, told by the files."""
        full = os.path.getsize(self.pristine)
        tmp, backup = db + ".v1.bak.tmp", db + ".v1.bak"

        def tmp_size():
            try:
                return os.path.getsize(tmp)
            except OSError:
                return -1

        # A phase the machine rushed through counts as reached once a later one is.
        return [
            ("checking the file", lambda: time.sleep(0.08) or True),
            ("copying the backup", lambda: 0 < tmp_size() < full // 2 or os.path.exists(backup)),
            ("verifying the copied backup", lambda: tmp_size() >= full or os.path.exists(backup)),
            ("migrating, backup in place", lambda: os.path.exists(backup)),
            ("just after the commit", lambda: os.path.exists(backup) and pragma(db, "user_version") == CURRENT_SCHEMA),
        ]

    def test_at_any_moment_of_start_up_leaves_v1_or_the_current_schema_whole_and_the_next_start_finishes(self):
        outcomes = []
        for index in range(5):
            daemon = self.fresh_copy(f"kill-{index}")
            what, moment = self.kill_points(daemon.db_path)[index]
            try:
                daemon.start(wait=False)
                wait_for(moment)
                daemon.kill9()
                version = pragma(daemon.db_path, "user_version")
                outcomes.append((what, version))
                self.assertIn(version, (1, CURRENT_SCHEMA), what)
                self.assertEqual(integrity(daemon.db_path), ["ok"], what)
                self.assertEqual(differences(daemon.db_path, self.pristine), {}, what)

                daemon.start()
                self.assertEqual(daemon.get_json("/api/orders/6000")["status"], "completed")
                self.assertEqual(daemon.stop(), 0)
                self.assert_migrated_intact(daemon.db_path)
                daemon.start()
                self.assertEqual(daemon.post("/aifi/checkout", checkout(10**9)).status, 200)
            finally:
                daemon.cleanup()
        print(f"\nkilled during start-up at (moment, schema version left): {outcomes}")
        versions = [version for _, version in outcomes]
        self.assertIn(1, versions)
        self.assertEqual(versions[-1], CURRENT_SCHEMA)

    def test_killed_again_and_again_still_migrates_in_the_end(self):
        daemon = self.fresh_copy("repeated")
        try:
            for what, moment in self.kill_points(daemon.db_path)[:4]:
                daemon.start(wait=False)
                wait_for(moment)
                daemon.kill9()
            daemon.start()
            self.assertEqual(daemon.stop(), 0)
            self.assert_migrated_intact(daemon.db_path)
        finally:
            daemon.cleanup()


if __name__ == "__main__":
    main()
