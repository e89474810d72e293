"""lanecastctl's reading commands against a real daemon and its database: help and usage,
status, events, orders, order, sessions, lanes, export and check-config, each in --json
(parsed and checked) and as tables."""

import csv
import io
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import harness  # noqa: E402
from harness import Daemon, GERMAN_RULES, TOKEN, ctl_json, run_ctl  # noqa: E402

COMMANDS = ["status", "events", "orders", "order", "sessions", "lanes", "simulate", "replay", "backup", "export",
            "check-config"]


class LanecastctlAgainstADaemon(harness.unittest.TestCase):
    """One daemon with German rules and ten simulated trips (two by groups, one a review)."""

    @classmethod
    def setUpClass(cls):
        cls.daemon = Daemon(extra_args=["--set", f"pricing.rules_file={GERMAN_RULES}"]).start()
        cls.url = f"http://127.0.0.1:{cls.daemon.port}"
        cls.simulation = ctl_json("--url", cls.url, "--token", TOKEN, "simulate", "--count", "10", "--rate", "0",
                                  "--step-ms", "0", "--seed", "11", "--first-order", "4000", "--lanes", "3")
        cls.events = cls.daemon.all_events()

    @classmethod
    def tearDownClass(cls):
        cls.daemon.cleanup()

    def ctl(self, *args, expect=0):
        return ctl_json("--url", self.url, "--db", self.daemon.db_path, *args, expect=expect)

    def table(self, *args, expect=0):
        done = run_ctl("--url", self.url, "--db", self.daemon.db_path, *args)
        self.assertEqual(done.returncode, expect, done.stderr)
        return done.stdout

    # --- help and usage ---------------------------------------------------------------------
    def test_lists_every_command_and_explains_each(self):
        general = run_ctl("--help")
        self.assertEqual(general.returncode, 0)
        for command in COMMANDS:
            self.assertIn(f"  {command} ", general.stdout)
            for words in ((command, "--help"), ("help", command)):
                done = run_ctl(*words)
                self.assertEqual(done.returncode, 0, words)
                self.assertTrue(done.stdout.startswith(f"usage: lanecastctl {command}"), done.stdout[:80])
                self.assertIn("global options:", done.stdout)
        self.assertTrue(run_ctl("--version").stdout.startswith("lanecastctl "))

    def test_refuses_a_wrong_command_line_with_exit_status_two(self):
        for words in (["frobnicate"], [], ["events", "--nope"], ["events", "--limit", "0"],
                      ["events", "--kind", "coffee"], ["--url", "ftp://x", "status"],
                      ["--url", "https://x", "--cacert", "/nonexistent/ca.pem", "status"], ["order"],
                      ["order", "12abc"], ["export", "--format", "xml"], ["replay"], ["--decimals", "9", "orders"]):
            done = run_ctl(*words)
            self.assertEqual(done.returncode, 2, f"{words}: {done.stdout} {done.stderr}")
            self.assertIn("lanecastctl:", done.stderr)

    # --- status -----------------------------------------------------------------------------
    def test_status_reports_health_counts_size_and_alerts(self):
        status = self.ctl("status")
        self.assertTrue(status["reachable"])
        health = status["health"]
        self.assertEqual(health["status"], "ok")
        self.assertEqual(health["database"]["path"], self.daemon.db_path)
        self.assertGreater(status["databaseBytes"], 4096)
        self.assertEqual(health["webhooks"]["cart_mutator"]["accepted"], 10)
        self.assertIsNotNone(health["webhooks"]["checkout"]["lastAt"])
        self.assertIsInstance(status["alerts"]["open"], int)
        self.assertGreaterEqual(status["alerts"]["total"], status["alerts"]["open"])
        text = self.table("status")
        self.assertIn(": ok, up ", text)
        for kind in ("checkout", "cart_mutator", "zone_entered", "zone_left"):
            self.assertIn(kind, text)

    def test_status_of_a_daemon_that_is_not_there_exits_one(self):
        gone = f"http://127.0.0.1:{harness.free_port()}"
        status = ctl_json("--url", gone, "status", expect=1)
        self.assertFalse(status["reachable"])
        self.assertIn("cannot connect", status["error"])
        done = run_ctl("--url", gone, "status")
        self.assertEqual(done.returncode, 1)
        self.assertIn("unreachable", done.stderr)

    # --- events -----------------------------------------------------------------------------
    def test_events_are_the_stored_webhooks_with_their_exact_bodies(self):
        listed = self.ctl("events", "--limit", "1000")["events"]
        self.assertEqual([e["seq"] for e in listed], [e["seq"] for e in self.events])
        for mine, api in zip(listed, self.events):
            for key in ("kind", "path", "sessionId", "orderId", "status", "zoneId", "redeliveries", "body", "answer"):
                self.assertEqual(mine[key], api[key], key)

    def test_events_filter_by_order_kind_session_time_and_count(self):
        order_id = self.simulation["orderIds"][0]
        by_order = self.ctl("events", "--order", str(order_id))["events"]
        self.assertEqual([e["seq"] for e in by_order], [e["seq"] for e in self.events if e["orderId"] == order_id])
        self.assertTrue(by_order)
        entered = self.ctl("events", "--kind", "zone_entered")["events"]
        self.assertEqual(len(entered), sum(1 for e in self.events if e["kind"] == "zone_entered"))
        session = by_order[0]["sessionId"]
        self.assertEqual([e["seq"] for e in self.ctl("events", "--session", session)["events"]],
                         [e["seq"] for e in self.events if e["sessionId"] == session])
        self.assertEqual(len(self.ctl("events", "--since", "1h", "--limit", "1000")["events"]), len(self.events))
        self.assertEqual(self.ctl("events", "--since", "2000-01-01T00:00:00Z", "--kind", "checkout", "--limit", "2",
                                  )["events"], [e for e in self.ctl("events", "--limit", "1000")["events"]
                                                if e["kind"] == "checkout"][:2])
        newest = self.ctl("events", "--limit", "3")["events"]
        self.assertEqual([e["seq"] for e in newest], [e["seq"] for e in self.events[-3:]])
        oldest = self.ctl("events", "--limit", "3", "--oldest")["events"]
        self.assertEqual([e["seq"] for e in oldest], [e["seq"] for e in self.events[:3]])
        after = self.ctl("events", "--after", str(self.events[-2]["seq"]))["events"]
        self.assertEqual([e["seq"] for e in after], [self.events[-1]["seq"]])
        self.assertEqual(self.ctl("events", "--order", "1")["events"], [])

    def test_events_as_a_table(self):
        text = self.table("events", "--kind", "cart_mutator", "--bodies", "--limit", "1")
        self.assertTrue(text.startswith("SEQ"), text[:60])
        self.assertIn("cart_mutator", text)
        self.assertIn("\"cart\": [", text)  # the body, indented
        self.assertIn("answer:", text)
        self.assertIn("no events match", self.table("events", "--order", "1"))

    # --- orders, order, sessions ------------------------------------------------------------
    def test_orders_lists_the_newest_with_revisions_and_pricing(self):
        orders = self.ctl("orders", "--limit", "1000")["orders"]
        self.assertEqual(sorted(o["orderId"] for o in orders), self.simulation["orderIds"])
        updated = [o["updatedAt"] for o in orders]
        self.assertEqual(updated, sorted(updated, reverse=True))
        for order in orders:
            api = self.daemon.get_json(f"/api/orders/{order['orderId']}")
            for key in ("externalId", "status", "totalPrice", "totalTax", "subtotalPrice", "paymentStatus"):
                self.assertEqual(order[key], api[key], key)
            self.assertEqual(order["totalPriceMinor"], harness.cents(order["totalPrice"]))
            self.assertEqual(len(order["revisions"]), len(api["revisions"]))
            self.assertEqual(len(order["mutations"]), 1)
            mutation = order["mutations"][0]
            self.assertFalse(mutation["fellBack"])
            self.assertEqual(len(mutation["rulesVersion"]), 64)
            self.assertEqual(mutation["totalPrice"], order["totalPrice"])
        self.assertEqual(len(self.ctl("orders", "--limit", "2")["orders"]), 2)
        self.assertIn("EXTERNAL", self.table("orders"))

    def test_order_shows_every_revision_and_every_mutator_request_and_answer(self):
        order_id = self.simulation["orderIds"][1]
        shown = self.ctl("order", str(order_id))
        self.assertEqual(shown["order"]["orderId"], order_id)
        mine = [e for e in self.events if e["orderId"] == order_id]
        self.assertEqual([e["seq"] for e in shown["events"]], [e["seq"] for e in mine])
        mutator = [e for e in shown["events"] if e["kind"] == "cart_mutator"]
        self.assertEqual([m["seq"] for m in shown["order"]["mutations"]], [e["seq"] for e in mutator])
        text = self.table("order", str(order_id))
        self.assertIn(f"order {order_id}", text)
        self.assertIn("revisions:", text)
        self.assertIn("cart-mutator answers:", text)
        self.assertIn("cart_mutator request #", text)
        if "Getränke" in mutator[0]["body"] or "Bier" in mutator[0]["body"]:
            self.assertIn("Pfand", text)  # the deposit line the rules added is in the answer shown
        missing = run_ctl("--db", self.daemon.db_path, "order", "1")
        self.assertEqual(missing.returncode, 1)
        self.assertIn("never seen", missing.stderr)

    def test_sessions_are_the_trips(self):
        sessions = self.ctl("sessions", "--limit", "1000")["sessions"]
        self.assertEqual({s["sessionId"] for s in sessions}, {e["sessionId"] for e in self.events})
        for session in sessions:
            self.assertEqual(session["events"], sum(1 for e in self.events if e["sessionId"] == session["sessionId"]))
            self.assertIn(session["lastOrderId"], self.simulation["orderIds"])
        self.assertIn("LAST SEEN", self.table("sessions"))

    def test_reading_commands_name_a_database_they_cannot_read(self):
        done = run_ctl("--db", "/nonexistent/lanecast.db", "orders")
        self.assertEqual(done.returncode, 1)
        self.assertIn("/nonexistent/lanecast.db", done.stderr)

    # --- lanes ------------------------------------------------------------------------------
    def test_lanes_are_the_daemons_live_lanes(self):
        lanes = self.ctl("lanes")
        self.assertEqual(lanes, self.daemon.get_json("/api/lanes"))
        zones = {lane["zone"] for lane in lanes["lanes"]}
        self.assertTrue({"1", "2", "3"} <= zones, zones)
        text = self.table("lanes")
        self.assertTrue(text.startswith("ZONE"))

    # --- export -----------------------------------------------------------------------------
    def test_exports_orders_and_events_as_json_lines_and_csv(self):
        lines = self.table("export", "--format", "jsonl", "--what", "orders").splitlines()
        orders = [harness.json.loads(line) for line in lines]
        self.assertEqual([o["orderId"] for o in orders], self.simulation["orderIds"])
        self.assertTrue(all(o["revisions"] and o["mutations"] for o in orders))

        rows = list(csv.DictReader(io.StringIO(self.table("export", "--format", "csv", "--what", "events"),
                                               newline="")))
        self.assertEqual(len(rows), len(self.events))
        for row, event in zip(rows, self.events):
            self.assertEqual(int(row["seq"]), event["seq"])
            self.assertEqual(row["body"], event["body"])
            self.assertEqual(row["answer"], event["answer"])
            self.assertEqual(row["kind"], event["kind"])

        target = os.path.join(self.daemon.workdir, "orders.csv")
        done = run_ctl("--db", self.daemon.db_path, "export", "--format", "csv", "--output", target)
        self.assertEqual(done.returncode, 0, done.stderr)
        with open(target, newline="", encoding="utf-8") as f:
            exported = list(csv.DictReader(f))
        self.assertEqual([int(r["order_id"]) for r in exported], self.simulation["orderIds"])
        for row, order in zip(exported, orders):
            self.assertEqual(row["total_price"], order["totalPrice"])
            self.assertEqual(int(row["revisions"]), len(order["revisions"]))

    # --- check-config -----------------------------------------------------------------------
    def test_check_config_gives_the_daemons_own_verdict(self):
        env = {"LANECASTD": harness.LANECASTD}
        good = run_ctl("--json", "check-config", "--config-dir", self.daemon.workdir,
                       "--set", f"pricing.rules_file={GERMAN_RULES}", env=env)
        self.assertEqual(good.returncode, 0, good.stdout)
        verdict = harness.json.loads(good.stdout)
        self.assertTrue(verdict["ok"])
        self.assertEqual(verdict["exitCode"], 0)
        bad = run_ctl("check-config", "--config-dir", self.daemon.workdir, "--set", "http.listen=nowhere", env=env)
        self.assertEqual(bad.returncode, 1)
        self.assertIn("http.listen", bad.stdout)
        self.assertFalse(bad.stdout.startswith("<"))  # journal priorities are stripped for people
        rules = os.path.join(self.daemon.workdir, "broken-rules.json")
        with open(rules, "w", encoding="utf-8") as f:
            f.write('{"format": "lanecast-pricing/1"}')
        broken = ctl_json("check-config", "--config-dir", self.daemon.workdir,
                          "--set", f"pricing.rules_file={rules}", expect=1)
        self.assertFalse(broken["ok"])
        self.assertIn(rules, broken["output"])


if __name__ == "__main__":
    harness.main()
