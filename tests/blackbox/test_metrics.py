"""GET /metrics in the Prometheus text format, checked against known traffic."""

import re
import unittest

from harness import Daemon, checkout, main, zone_event
from sse import EventStreamClient

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})? (-?[0-9.eE+]+|\+Inf|NaN)$')


def parse(text):
    """Prometheus text exposition -> {(name, frozenset(labels)): value}; fails on a bad line."""
    samples, types = {}, {}
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ", 3)
            types[name] = kind
            continue
        if line.startswith("#") or not line:
            continue
        match = SAMPLE.match(line)
        assert match, f"not a Prometheus sample line: {line!r}"
        labels = frozenset(tuple(p.split("=", 1)) for p in re.findall(r'[a-z_]+="[^"]*"', match.group(3) or ""))
        samples[(match.group(1), labels)] = float(match.group(4))
    return samples, types


def label(**kw):
    return frozenset((k, f'"{v}"') for k, v in kw.items())


class TheMetrics(unittest.TestCase):
    def test_count_exactly_the_traffic_sent(self):
        with Daemon() as daemon:
            body = checkout(42)
            for _ in range(2):
                self.assertEqual(daemon.post("/aifi/checkout", body).status, 200)  # one new, one redelivery
            self.assertEqual(daemon.post("/aifi/checkout", checkout(43)).status, 200)
            bad = checkout(44)
            bad["status"] = "nope"
            self.assertEqual(daemon.post("/aifi/checkout", bad).status, 400)
            self.assertEqual(daemon.post("/aifi/checkout", checkout(45), token="wrong").status, 401)
            self.assertEqual(daemon.post("/aifi/checkout-zone/entered", zone_event()).status, 200)
            stream = EventStreamClient(daemon.port, "/api/lanes/lane-1/events")
            try:
                stream.next_event()
                r = daemon.request("GET", "/metrics")
            finally:
                stream.close()
            self.assertEqual(r.status, 200)
            self.assertTrue(r.header("Content-Type").startswith("text/plain; version=0.0.4"))
            samples, types = parse(r.body)

            def value(name, **labels):
                return samples[(name, label(**labels))]

            self.assertEqual(value("lanecast_webhooks_total", kind="checkout", status="200"), 3)
            self.assertEqual(value("lanecast_webhooks_total", kind="checkout", status="400"), 1)
            self.assertEqual(value("lanecast_webhooks_total", kind="zone_entered", status="200"), 1)
            self.assertEqual(value("lanecast_webhook_duplicates_total", kind="checkout"), 1)
            self.assertEqual(value("lanecast_http_rejected_total", status="401"), 1)
            self.assertEqual(types["lanecast_webhook_answer_seconds"], "histogram")
            self.assertEqual(value("lanecast_webhook_answer_seconds_count", kind="checkout"), 4)
            self.assertEqual(value("lanecast_webhook_answer_seconds_bucket", kind="checkout", le="+Inf"), 4)
            self.assertEqual(value("lanecast_storage_records_total"), 4)  # 3 checkouts + 1 zone event
            self.assertGreaterEqual(value("lanecast_storage_commits_total"), 1)
            self.assertGreater(value("lanecast_database_bytes"), 0)
            self.assertEqual(value("lanecast_display_clients"), 1)
            self.assertEqual(value("lanecast_cart_mutator_fallbacks_total"), 0)
            buckets = sorted((float(dict(labels)["le"].strip('"').replace("+Inf", "inf")), v)
                             for (name, labels), v in samples.items()
                             if name == "lanecast_webhook_answer_seconds_bucket" and dict(labels)["kind"] == '"checkout"')
            self.assertEqual([v for _, v in buckets], sorted(v for _, v in buckets), "buckets are cumulative")


if __name__ == "__main__":
    main()
