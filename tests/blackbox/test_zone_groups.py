"""A shopping group at a checkout lane, through the real daemon: every member's zone webhook is
stored and counted, any member's age-check flag reaches the lane and the staff, the lane keeps
it while a member is still there, redeliveries are stored once and answered the same, and the
legacy payload (no shopper) still counts its session once."""

import time
import unittest

from harness import Daemon, main, zone_event

ENTERED = "/aifi/checkout-zone/entered"
LEFT = "/aifi/checkout-zone/left"


def member(shopper_id, flagged=False, zone="2", session="family-1", time_of_origin="2026-11-28T10:14:00.120Z"):
    """The zone body one member of a group sends: its own shopper, its own flags."""
    body = zone_event(zone=zone, session=session, time_of_origin=time_of_origin, attention=flagged)
    body["shopper"] = {"shopperId": shopper_id,
                       "shopperFlags": "POTENTIALLY_INTERACTED_WITH_ALCOHOL" if flagged else []}
    return body


def legacy(session, zone="3"):
    """The older, smaller zone payload: no shopper, no session object."""
    return {"checkoutZoneId": zone, "sessionId": session, "customer": {"id": "42", "role": "customer"},
            "storeId": 2, "specialAttention": False, "timeOfOrigin": "2026-11-28T10:14:00.120Z",
            "timeOfIssue": "2026-11-28T10:14:00.300Z"}


class AGroupAtALane(unittest.TestCase):
    def setUp(self):
        self.daemon = Daemon().start()

    def tearDown(self):
        self.daemon.cleanup()

    def post_ok(self, path, body):
        r = self.daemon.post(path, body)
        self.assertEqual(r.status, 200, r)
        return r

    def lane_once(self, zone, condition, timeout=20):
        """The lane as soon as `condition` holds: the screens follow committed webhooks on a
        thread of their own, a moment after the answer."""
        deadline = time.monotonic() + timeout
        lane = self.current_lane(zone)
        while (lane is None or not condition(lane)) and time.monotonic() < deadline:
            time.sleep(0.05)
            lane = self.current_lane(zone)
        self.assertTrue(lane is not None and condition(lane), lane)
        return lane

    def current_lane(self, zone):
        """The lane as the board has it now, None while the board has not seen its first
        webhook yet (a lane nobody configured exists from its first committed event)."""
        r = self.daemon.request("GET", f"/api/lanes/{zone}")
        if r.status == 404:
            self.assertIn("lane_not_found", r.body)
            return None
        self.assertEqual(r.status, 200, r)
        return r.json()["lane"]

    def test_counts_both_members_and_needs_staff_until_the_last_one_left(self):
        self.post_ok(ENTERED, member("m-1"))
        self.post_ok(ENTERED, member("m-2", flagged=True))
        lane = self.lane_once("2", lambda lane: lane["shoppers"] == 2)
        self.assertTrue(lane["attention"])
        self.assertEqual(lane["phase"], "welcome")
        alerts = [a for a in self.daemon.get_json("/api/alerts")["alerts"] if a["kind"] == "age_check"]
        self.assertEqual([(a["zone"], a["text"]) for a in alerts], [("2", "Age check needed at lane 2")])

        self.post_ok(LEFT, member("m-1", time_of_origin="2026-11-28T10:15:00.000Z"))
        lane = self.lane_once("2", lambda lane: lane["shoppers"] == 1)
        self.assertTrue(lane["attention"])  # m-2, flagged, is still there

        # m-3 of the same group: its /left overtook its /entered; by timeOfOrigin it is gone.
        self.post_ok(LEFT, member("m-3", time_of_origin="2026-11-28T10:16:00.000Z"))
        self.post_ok(ENTERED, member("m-3", time_of_origin="2026-11-28T10:14:30.000Z"))
        self.post_ok(LEFT, member("m-2", flagged=True, time_of_origin="2026-11-28T10:16:30.000Z"))
        lane = self.lane_once("2", lambda lane: lane["phase"] == "idle")
        self.assertEqual((lane["shoppers"], lane["attention"]), (0, False))

    def test_stores_a_members_redelivery_once_and_answers_it_the_same(self):
        first = self.post_ok(ENTERED, member("m-1"))
        second = self.post_ok(ENTERED, member("m-2", flagged=True))
        again = self.post_ok(ENTERED, member("m-2", flagged=True))
        self.assertEqual((again.body, again.header("Content-Type")), (second.body, second.header("Content-Type")))
        self.assertEqual(first.body, second.body)
        events = [e for e in self.daemon.all_events() if e["kind"] == "zone_entered"]
        self.assertEqual(len(events), 2)
        self.assertEqual(sorted(e["redeliveries"] for e in events), [0, 1])
        health = self.daemon.get_json("/healthz")
        self.assertEqual(health["webhooks"]["zone_entered"]["duplicates"], 1)
        lane = self.lane_once("2", lambda lane: lane["shoppers"] == 2)
        self.assertTrue(lane["attention"])
        ages = [a for a in self.daemon.get_json("/api/alerts")["alerts"] if a["kind"] == "age_check"]
        self.assertEqual(len(ages), 1)

    def test_counts_a_legacy_session_once_whatever_its_members_send(self):
        self.post_ok(ENTERED, legacy("old-1"))
        self.post_ok(ENTERED, legacy("old-1"))  # the second member's identical payload
        flagged = legacy("old-1")
        flagged["specialAttention"] = True       # a third member touched beer
        self.post_ok(ENTERED, flagged)
        events = [e for e in self.daemon.all_events() if e["kind"] == "zone_entered"]
        self.assertEqual(len(events), 2)
        lane = self.lane_once("3", lambda lane: lane["attention"])
        self.assertEqual(lane["shoppers"], 1)


if __name__ == "__main__":
    main()
