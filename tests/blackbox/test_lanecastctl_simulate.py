"""lanecastctl simulate and replay against real daemons: the trips a simulation plays arrive as
the expected webhooks and orders, and replaying a database into a second daemon rebuilds the
same orders."""

import collections
import datetime
import json
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
import harness  # noqa: E402
from harness import Daemon, GERMAN_RULES, TOKEN, ctl_json, run_ctl  # noqa: E402

RULES = ["--set", f"pricing.rules_file={GERMAN_RULES}"]


def url(daemon):
    return f"http://127.0.0.1:{daemon.port}"


def simulate(daemon, *options, expect=0):
    return ctl_json("--url", url(daemon), "--token", TOKEN, "simulate", "--rate", "0", "--step-ms", "0", *options,
                    expect=expect)


def timestamp(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))


class ASimulation(harness.unittest.TestCase):
    def test_plays_every_webhook_of_each_trip_and_makes_one_priced_order_per_trip(self):
        with Daemon(extra_args=RULES) as daemon:
            report = simulate(daemon, "--count", "6", "--lanes", "2", "--groups", "0", "--reviews", "0",
                              "--seed", "1", "--first-order", "5000")
            self.assertEqual(report["trips"], 6)
            self.assertEqual(report["orderIds"], list(range(5000, 5006)))
            self.assertEqual(report["cartsFromMutator"], 6)
            for kind, sent in (("zone_entered", 6), ("zone_left", 6), ("cart_mutator", 6), ("checkout", 12)):
                self.assertEqual(report["requests"][kind], {"sent": sent, "ok": sent, "failed": 0}, kind)
            self.assertEqual(report["failures"], [])

            events = daemon.all_events()
            self.assertEqual(len(events), 30)
            self.assertEqual(collections.Counter(e["kind"] for e in events),
                             {"zone_entered": 6, "zone_left": 6, "cart_mutator": 6, "checkout": 12})
            self.assertEqual({e["zoneId"] for e in events if e["kind"].startswith("zone")}, {"1", "2"})
            for order_id in report["orderIds"]:
                trip = [e for e in events if e["orderId"] == order_id]
                self.assertEqual([(e["kind"], e["status"]) for e in trip],
                                 [("cart_mutator", "draft"), ("checkout", "draft"), ("checkout", "completed")])
                session = trip[0]["sessionId"]
                zone = [e["kind"] for e in events if e["sessionId"] == session and e["orderId"] is None]
                self.assertEqual(zone, ["zone_entered", "zone_left"])
                order = daemon.get_json(f"/api/orders/{order_id}")
                self.assertEqual(order["status"], "completed")
                self.assertEqual([r["status"] for r in order["revisions"]], ["draft", "completed"])
                # The checkout carries what the mutator answered: the daemon's own totals.
                answer = harness.json.loads(trip[0]["answer"])
                self.assertEqual(order["totalPrice"], answer["totalPrice"])
                self.assertEqual(order["totalTax"], answer["totalTax"])
                self.assertNotEqual(order["totalTax"], "0.00")

    def test_sends_each_group_member_its_own_zone_webhooks_one_of_them_flagged_for_beer(self):
        with Daemon(extra_args=RULES) as daemon:
            report = simulate(daemon, "--count", "4", "--groups", "100", "--reviews", "0", "--seed", "2")
            entered = report["requests"]["zone_entered"]["sent"]
            self.assertGreaterEqual(entered, 8)  # groups of 2-4
            self.assertEqual(report["requests"]["zone_left"]["sent"], entered)
            events = daemon.all_events()
            zone_events = [e for e in events if e["kind"] == "zone_entered"]
            self.assertEqual(len(zone_events), entered)  # every member is a new fact...
            self.assertEqual(sum(e["redeliveries"] for e in zone_events), 0)
            health = daemon.get_json("/healthz")
            self.assertEqual(health["webhooks"]["zone_entered"]["duplicates"], 0)
            members = collections.defaultdict(list)
            for event in zone_events:
                body = json.loads(event["body"])
                members[event["sessionId"]].append((body["shopper"]["shopperId"], body["specialAttention"]))
            self.assertEqual(len(members), 4)
            for session, shoppers in members.items():
                ids = [shopper_id for shopper_id, _ in shoppers]
                self.assertEqual(len(set(ids)), len(ids), session)  # ...with its own shopper id
                self.assertLessEqual(sum(flagged for _, flagged in shoppers), 1, session)

    def test_reviews_orders_whose_trip_was_days_ago(self):
        with Daemon(extra_args=RULES) as daemon:
            report = simulate(daemon, "--count", "3", "--reviews", "100", "--seed", "3", "--first-order", "7000")
            self.assertEqual(report["reviews"], 3)
            self.assertNotIn("zone_entered", report["requests"])
            for event in daemon.all_events():
                body = harness.json.loads(event["body"])
                self.assertEqual(body["status"], "reviewed")
                age = timestamp(event["receivedAt"]) - timestamp(body["timeOfOrigin"])
                self.assertGreaterEqual(age, datetime.timedelta(days=1))
                self.assertLessEqual(age, datetime.timedelta(days=7))
            for order_id in report["orderIds"]:
                self.assertEqual(daemon.get_json(f"/api/orders/{order_id}")["status"], "reviewed")

    def test_plans_the_same_trips_for_the_same_seed(self):
        def planned(events):
            return [(body["sessionId"], body["totalPrice"], [(i["sku"], i["quantity"]) for i in body["cart"]])
                    for body in (harness.json.loads(e["body"]) for e in events if e["kind"] == "cart_mutator")]

        with Daemon(extra_args=RULES) as daemon:
            simulate(daemon, "--count", "3", "--seed", "99", "--first-order", "100", "--reviews", "0")
            first = planned(daemon.all_events())
            after = daemon.all_events()[-1]["seq"]
            simulate(daemon, "--count", "3", "--seed", "99", "--first-order", "200", "--reviews", "0")
            second = planned(e for e in daemon.all_events() if e["seq"] > after)
            self.assertEqual(len(first), 3)
            self.assertEqual(first, second)  # same shoppers, same carts; only the times differ
            simulate(daemon, "--count", "3", "--seed", "100", "--first-order", "300", "--reviews", "0")
            third = planned(e for e in daemon.all_events() if e["seq"] > after + 15)
            self.assertNotEqual(first, third)

    def test_reports_refused_webhooks_and_exits_one(self):
        with Daemon(extra_args=RULES) as daemon:
            done = run_ctl("--url", url(daemon), "--token", "wrong-token-0123456789", "--json", "simulate",
                           "--count", "1", "--rate", "0", "--step-ms", "0", "--reviews", "0", "--groups", "0")
            self.assertEqual(done.returncode, 1, done.stderr)
            report = harness.json.loads(done.stdout)
            self.assertEqual(report["requests"]["checkout"], {"sent": 2, "ok": 0, "failed": 2})
            self.assertIn("HTTP 401", report["failures"][0])
            self.assertEqual(daemon.all_events(), [])


class AReplay(harness.unittest.TestCase):
    def test_into_a_second_daemon_rebuilds_the_same_orders(self):
        with Daemon(extra_args=RULES) as first, Daemon(extra_args=RULES) as second:
            report = simulate(first, "--count", "8", "--groups", "50", "--reviews", "25", "--seed", "5",
                              "--first-order", "9000")
            first.stop()  # replay reads the file; the daemon may as well be gone
            replayed = ctl_json("--db", first.db_path, "--token", TOKEN, "replay", "--to", url(second))
            events = [e for e in Daemon.all_events(second)]
            self.assertEqual(replayed["sent"], len(events))
            self.assertEqual(replayed["ok"], replayed["sent"])
            self.assertEqual(replayed["failed"], 0)
            self.assertEqual(replayed["sameAnswer"], replayed["sent"])  # same rules, same answers
            first.start()
            for order_id in report["orderIds"]:
                a, b = first.get_json(f"/api/orders/{order_id}"), second.get_json(f"/api/orders/{order_id}")
                for key in ("externalId", "sessionId", "status", "totalPrice", "totalTax", "subtotalPrice",
                            "paymentStatus"):
                    self.assertEqual(a[key], b[key], f"order {order_id} {key}")
                self.assertEqual([(r["status"], r["totalPrice"], r["applied"]) for r in a["revisions"]],
                                 [(r["status"], r["totalPrice"], r["applied"]) for r in b["revisions"]])
            original = [(e["kind"], e["path"], e["body"]) for e in first.all_events()]
            self.assertEqual([(e["kind"], e["path"], e["body"]) for e in events], original)

            again = ctl_json("--db", first.db_path, "--token", TOKEN, "replay", "--to", url(second))
            self.assertEqual(again["ok"], again["sent"])
            self.assertEqual(len(second.all_events()), len(events))  # all redeliveries now

    def test_from_a_daemons_event_api_and_from_a_sequence_number(self):
        with Daemon(extra_args=RULES) as first, Daemon(extra_args=RULES) as second:
            simulate(first, "--count", "3", "--reviews", "0", "--groups", "0", "--seed", "6")
            events = first.all_events()
            middle = events[4]["seq"]
            replayed = ctl_json("--token", TOKEN, "replay", "--from", url(first), "--to", url(second),
                                "--after", str(middle))
            self.assertEqual(replayed["sent"], len(events) - 5)
            self.assertEqual([e["body"] for e in second.all_events()], [e["body"] for e in events[5:]])

    def test_stops_when_the_target_cannot_be_reached(self):
        with Daemon(extra_args=RULES) as first:
            simulate(first, "--count", "1", "--reviews", "0", "--seed", "7")
            done = run_ctl("--db", first.db_path, "--json", "replay", "--to", f"http://127.0.0.1:{harness.free_port()}")
            self.assertEqual(done.returncode, 1)
            result = harness.json.loads(done.stdout)
            self.assertEqual(result["ok"], 0)
            self.assertIn("cannot connect", result["error"])


if __name__ == "__main__":
    harness.main()
