"""The MQTT forwarder against a real mosquitto broker on a free loopback port: a trip arrives
with its bodies and answers, in order; the broker down changes nothing for AiFi and every
event arrives once it is back; a broker that refuses a topic (ACL) gives dead letters and a
metric while the rest flows; TLS with a test CA and a client certificate."""

import json
import os
import sqlite3
import subprocess
import tempfile
import time
import unittest

from harness import Daemon, checkout, main, mutator_request, run_ctl, zone_event
from mqtt import Broker, Subscriber, forward_args, metric, wait_for

STORE = "store-1"


def trip(daemon, order_id, session):
    """A zone entry, a cart mutation and the completed checkout: three webhooks, three events."""
    posted = [("zone_entered", zone_event(session=session)),
              ("cart_mutator", mutator_request(order_id, session=session)),
              ("checkout", checkout(order_id, session=session))]
    paths = {"zone_entered": "/aifi/checkout-zone/entered", "cart_mutator": "/aifi/cart-mutator",
             "checkout": "/aifi/checkout"}
    answers = []
    for kind, body in posted:
        r = daemon.post(paths[kind], body)
        assert r.status == 200, r
        answers.append(r)
    return posted, answers


class ForwardingTest(unittest.TestCase):
    def broker(self, **options):
        broker = Broker(**options).start()
        self.addCleanup(broker.cleanup)
        return broker

    def subscriber(self, broker, **options):
        sub = Subscriber(broker, f"lanecast/{STORE}/#", **options).start()
        self.addCleanup(sub.stop)
        return sub

    def daemon(self, *args, workdir=None, env=None):
        d = Daemon(workdir=workdir, extra_args=list(args), env=env)
        d.start()
        self.addCleanup(d.cleanup)
        return d


class ATrip(ForwardingTest):
    def test_arrives_in_order_with_the_bodies_as_received_and_the_answers(self):
        broker = self.broker()
        sub = self.subscriber(broker)
        d = self.daemon(*forward_args(broker.url()))
        posted, answers = trip(d, 501, "sess-fwd")

        events = sub.wait_for_sequences(3)
        self.assertEqual([t for t, _ in events],
                         [f"lanecast/{STORE}/zone_entered", f"lanecast/{STORE}/cart_mutator",
                          f"lanecast/{STORE}/checkout"])
        for (topic, event), (kind, body), answer, seq in zip(events, posted, answers, (1, 2, 3)):
            self.assertEqual(event["specversion"], "1.0")
            self.assertEqual(event["id"], f"{STORE}-{seq}")
            self.assertEqual(event["sequence"], seq)
            self.assertEqual(event["type"], f"lanecast.{kind}")
            self.assertEqual(event["source"], f"urn:lanecast:store:{STORE}")
            self.assertRegex(event["time"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")
            data = event["data"]
            self.assertEqual(data["kind"], kind)
            self.assertEqual(data["sessionId"], "sess-fwd")
            self.assertEqual(data["body"], body)  # a JSON value, not an escaped string
            self.assertEqual(data["answer"]["httpStatus"], 200)
            self.assertEqual(data["answer"]["body"], answer.json())
        self.assertEqual(events[2][1]["data"]["orderId"], 501)
        self.assertEqual(events[2][1]["data"]["status"], "completed")

        wait_for("the cursor at 3", lambda: metric(d, "lanecast_forward_cursor_sequence") == 3)
        self.assertEqual(metric(d, "lanecast_forward_connected"), 1)
        self.assertEqual(metric(d, "lanecast_forward_acknowledged_total"), 3)
        self.assertEqual(metric(d, "lanecast_forward_rejected_total"), 0)
        health = d.get_json("/healthz")["forward"]
        self.assertEqual(health["state"], "connected")
        self.assertEqual(health["protocol"], "MQTT 5")
        self.assertEqual(health["acknowledgedSequence"], 3)

        # The retained status says online with the cursor; a clean stop says offline.
        status = Subscriber(broker, f"lanecast/{STORE}/status").start()
        self.addCleanup(status.stop)
        wait_for("the retained online status", lambda: any(
            t.endswith("/status") and json.loads(p)["state"] == "online" for t, p in status.messages))
        d.stop()
        wait_for("the offline status", lambda: any(
            t.endswith("/status") and json.loads(p)["state"] == "offline" for t, p in status.messages))
        with sqlite3.connect(d.db_path) as db:
            self.assertEqual(db.execute("SELECT acked_seq FROM forward_cursor").fetchone()[0], 3)

    def test_goes_nowhere_and_holds_nothing_back_when_forwarding_is_off(self):
        d = self.daemon()
        trip(d, 502, "sess-off")
        self.assertEqual(d.get_json("/healthz")["forward"], {"state": "off"})
        self.assertIsNone(metric(d, "lanecast_forward_connected"))
        d.stop()
        with sqlite3.connect(d.db_path) as db:
            self.assertEqual(db.execute("SELECT count(*) FROM forward_cursor").fetchone()[0], 0)


class AGapInTheJournal(ForwardingTest):
    def test_is_forwarded_as_a_gap_message_naming_the_range_and_recorded(self):
        d = Daemon()
        d.start()
        self.addCleanup(d.cleanup)
        trip(d, 551, "sess-gap-1")
        trip(d, 552, "sess-gap-2")
        d.stop()
        with sqlite3.connect(d.db_path) as db:  # two events removed by hand
            db.execute("DELETE FROM events WHERE seq IN (2, 3)")
        broker = self.broker()
        sub = self.subscriber(broker)
        d.extra_args += forward_args(broker.url())
        d.start()
        events = sub.wait_for_sequences(5)
        self.assertEqual([(e["type"], e["sequence"]) for _, e in events],
                         [("lanecast.zone_entered", 1), ("lanecast.gap", 3), ("lanecast.zone_entered", 4),
                          ("lanecast.cart_mutator", 5), ("lanecast.checkout", 6)])
        gap = events[1][1]
        self.assertEqual(gap["id"], f"{STORE}-3")
        self.assertEqual(gap["data"], {"firstSeq": 2, "lastSeq": 3})
        wait_for("the cursor at 6", lambda: metric(d, "lanecast_forward_cursor_sequence") == 6)
        self.assertEqual(metric(d, "lanecast_forward_gaps_total"), 1)
        d.stop()
        with sqlite3.connect(d.db_path) as db:
            self.assertEqual(db.execute("SELECT first_seq, last_seq FROM forward_gaps").fetchall(), [(2, 3)])


class ABrokerOutage(ForwardingTest):
    def test_changes_nothing_for_aifi_and_every_event_arrives_in_order_once_it_is_back(self):
        broker = self.broker(persistent=True)
        # A session the broker keeps across its restart, queueing what it is sent meanwhile.
        sub = self.subscriber(broker, client_id="head-office", persistent=True)
        sub.stop()
        d = self.daemon(*forward_args(broker.url()))
        wait_for("the first connection", lambda: metric(d, "lanecast_forward_connected") == 1)
        broker.stop()
        wait_for("the lost connection", lambda: metric(d, "lanecast_forward_connected") == 0)

        for i in range(10):
            started = time.monotonic()
            trip(d, 600 + i, f"sess-out-{i}")
            self.assertLess(time.monotonic() - started, 5)
        wait_for("the backlog of 30", lambda: metric(d, "lanecast_forward_backlog_events") == 30)
        health = d.get_json("/healthz")
        self.assertEqual(health["status"], "ok")  # forwarding trouble is not the daemon's
        self.assertEqual(health["forward"]["state"], "disconnected")
        self.assertIn("lastError", health["forward"])
        self.assertGreater(metric(d, "lanecast_forward_oldest_unacknowledged_seconds"), 0)
        self.assertGreaterEqual(metric(d, "lanecast_forward_reconnects_total"), 1)

        status = run_ctl("--url", f"http://127.0.0.1:{d.port}", "status")
        self.assertIn("forward    disconnected, acknowledged through 0, backlog 30 events", status.stdout)
        self.assertIn("forward error ", status.stdout)

        broker.start()
        wait_for("the cursor at 30", lambda: metric(d, "lanecast_forward_cursor_sequence") == 30, timeout=30)
        back = Subscriber(broker, f"lanecast/{STORE}/#", client_id="head-office", persistent=True)
        back.start()
        self.addCleanup(back.stop)
        events = back.wait_for_sequences(30)
        sequences = [e["sequence"] for _, e in events]
        self.assertEqual(sorted(set(sequences)), list(range(1, 31)))
        firsts = []
        for s in sequences:
            if s not in firsts:
                firsts.append(s)
        self.assertEqual(firsts, list(range(1, 31)))  # journal order


    def test_alerts_the_staff_when_the_backlog_nears_the_disk_watermark(self):
        broker = self.broker()
        # A watermark above the disk's size: any backlog is more than the room left above it.
        d = self.daemon(*forward_args(broker.url()), "--set", "retention.min_free_bytes=1024G")
        broker.stop()
        wait_for("the lost connection", lambda: metric(d, "lanecast_forward_connected") == 0)
        trip(d, 650, "sess-disk")
        wait_for("the backlog", lambda: metric(d, "lanecast_forward_backlog_events") == 3)
        alerts = wait_for("the backlog alert", lambda: [
            a for a in d.get_json("/api/alerts")["alerts"] if a["kind"] == "forward_backlog"], timeout=15)
        self.assertIn("MQTT backlog of 3 events", alerts[0]["text"])


class ARefusingBroker(ForwardingTest):
    def test_gives_dead_letters_and_a_metric_while_the_rest_flows(self):
        acl = "\n".join([
            "topic readwrite lanecast/+/zone_entered",
            "topic readwrite lanecast/+/checkout",
            "topic readwrite lanecast/+/status",
            "topic read lanecast/#",
            "topic readwrite probe/#",
        ]) + "\n"
        broker = self.broker(acl=acl)
        sub = self.subscriber(broker)
        d = self.daemon(*forward_args(broker.url()))
        trip(d, 701, "sess-acl")
        trip(d, 702, "sess-acl-2")

        wait_for("the cursor past the refusals", lambda: metric(d, "lanecast_forward_cursor_sequence") == 6)
        self.assertEqual(metric(d, "lanecast_forward_rejected_total"), 2)
        wait_for("the dead-letter gauge", lambda: metric(d, "lanecast_forward_dead_letters") == 2)
        events = sub.wait_for_sequences(4)
        self.assertEqual([e["sequence"] for _, e in events], [1, 3, 4, 6])
        self.assertEqual({e["type"] for _, e in events}, {"lanecast.zone_entered", "lanecast.checkout"})
        with sqlite3.connect(d.db_path) as db:
            rows = db.execute("SELECT seq, kind, topic, reason_code FROM forward_dead_letters ORDER BY seq").fetchall()
        self.assertEqual(rows, [(2, "cart_mutator", f"lanecast/{STORE}/cart_mutator", 0x87),
                                (5, "cart_mutator", f"lanecast/{STORE}/cart_mutator", 0x87)])
        self.assertEqual(d.get_json("/healthz")["forward"]["deadLetters"], 2)


def make_certificates(directory):
    """A test CA, a server certificate for 127.0.0.1 (libmosquitto checks the URL's host as a
    DNS name, so it is one too) and a client certificate."""
    def openssl(*args):
        subprocess.run(["openssl", *args], check=True, capture_output=True, cwd=directory)
    openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
            "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=lanecast test CA")
    for name, extensions in (("server", "subjectAltName=DNS:localhost,DNS:127.0.0.1,IP:127.0.0.1"),
                             ("client", "extendedKeyUsage=clientAuth")):
        openssl("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", f"/CN={name}")
        with open(os.path.join(directory, f"{name}.ext"), "w") as f:
            f.write(extensions + "\n")
        openssl("x509", "-req", "-in", f"{name}.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", f"{name}.pem", "-days", "2", "-extfile", f"{name}.ext")
    return {n: os.path.join(directory, n) for n in
            ("ca.pem", "server.pem", "server.key", "client.pem", "client.key")}


class ATlsBroker(ForwardingTest):
    def setUp(self):
        self.certs_dir = tempfile.mkdtemp(prefix="lanecast-mqtt-tls-")
        self.addCleanup(subprocess.run, ["rm", "-rf", self.certs_dir])
        self.certs = make_certificates(self.certs_dir)
        self.broker_ = self.broker(tls={"cafile": self.certs["ca.pem"], "certfile": self.certs["server.pem"],
                                        "keyfile": self.certs["server.key"]})

    def test_takes_the_events_over_tls_with_a_client_certificate_from_systemd_credentials(self):
        sub = self.subscriber(self.broker_)
        credentials = os.path.join(self.certs_dir, "credentials")
        os.mkdir(credentials)
        for source, name in (("ca.pem", "mqtt-ca"), ("client.pem", "mqtt-cert"), ("client.key", "mqtt-key")):
            with open(self.certs[source], "rb") as f, open(os.path.join(credentials, name), "wb") as out:
                out.write(f.read())
        d = self.daemon(*forward_args(f"mqtts://127.0.0.1:{self.broker_.tls_port}"),
                        env={"CREDENTIALS_DIRECTORY": credentials})
        trip(d, 801, "sess-tls")
        events = sub.wait_for_sequences(3)
        self.assertEqual([e["sequence"] for _, e in events], [1, 2, 3])
        self.assertEqual(metric(d, "lanecast_forward_connected"), 1)

    def test_does_not_connect_without_the_client_certificate_and_keeps_everything(self):
        d = self.daemon(*forward_args(f"mqtts://127.0.0.1:{self.broker_.tls_port}",
                                      ca_file=self.certs["ca.pem"]))
        trip(d, 802, "sess-tls-2")
        wait_for("failed attempts", lambda: (metric(d, "lanecast_forward_reconnects_total") or 0) >= 2)
        self.assertEqual(metric(d, "lanecast_forward_connected"), 0)
        self.assertEqual(metric(d, "lanecast_forward_acknowledged_total"), 0)
        wait_for("the backlog of 3", lambda: metric(d, "lanecast_forward_backlog_events") == 3)

    def test_refuses_a_client_certificate_without_its_key_at_check_config(self):
        args = forward_args(f"mqtts://127.0.0.1:{self.broker_.tls_port}", cert_file=self.certs["client.pem"])
        d = Daemon(extra_args=args + ["--check-config"])
        result = subprocess.run(d.command(), capture_output=True, text=True)
        self.addCleanup(d.cleanup)
        self.assertEqual(result.returncode, 78, result.stderr)
        self.assertIn("forward.cert_file and forward.key_file go together", result.stderr)


class TheConfiguration(unittest.TestCase):
    def check(self, *sets):
        d = Daemon(extra_args=[a for s in sets for a in ("--set", s)] + ["--check-config"])
        self.addCleanup(d.cleanup)
        return subprocess.run(d.command(), capture_output=True, text=True)

    def test_refuses_bad_forward_values_naming_the_key(self):
        for setting, reason in (("forward.url=http://broker:1883", "forward.url"),
                                ("forward.url=mqtt://broker:0", "forward.url"),
                                ("forward.topic_prefix=a/#", "forward.topic_prefix"),
                                ("forward.topic_prefix=/lead", "forward.topic_prefix"),
                                ("forward.store_id=a/b", "forward.store_id"),
                                ("forward.max_inflight=0", "forward.max_inflight"),
                                ("forward.max_rate=-1", "forward.max_rate")):
            with self.subTest(setting=setting):
                result = self.check(setting)
                self.assertEqual(result.returncode, 78, result.stderr)
                self.assertIn(reason, result.stderr)

    def test_accepts_a_complete_forward_section(self):
        result = self.check("forward.url=mqtts://broker.example.com", "forward.topic_prefix=retail/eu",
                            "forward.store_id=berlin-0042", "forward.max_inflight=16", "forward.max_rate=0")
        self.assertEqual(result.returncode, 0, result.stderr)


if __name__ == "__main__":
    main()
