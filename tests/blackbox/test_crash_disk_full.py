"""The disk fills up under concurrent webhook load: answers turn to 503 with Retry-After, a 503
stored nothing, every 2xx is kept, the database stays consistent, and the daemon serves again by
itself once a file is deleted and the space is back."""

import contextlib
import os
import shutil
import tempfile
import time
import unittest

import json

from harness import Daemon, main, small_tmpfs
from test_crash_kill9 import WebhookLoad, integrity, stored_events


class RecordingLoad(WebhookLoad):
    """WebhookLoad that also keeps every answer's status and, for a 503, the headers."""

    def __init__(self, port, threads=4):
        super().__init__(port, threads)
        self.answers = []  # (monotonic time, status, (kind, key), Retry-After, error code)

    def connection_failed(self, error):
        self.refusals.append(("connection", repr(error)))

    def answered(self, kind, key, body, response, answer):
        error = json.loads(answer).get("error") if response.status >= 400 else None
        self.answers.append((time.monotonic(), response.status, (kind, key),
                             response.getheader("Retry-After"), error))
        if 200 <= response.status < 300:
            self.acknowledged[(kind, key)] = answer

    def pause_after(self, response):
        return 0.005 if response.status == 503 else 0  # a polite sender backs off a little

    def statuses_since(self, moment):
        with self.lock:
            return [status for at, status, _, _, _ in self.answers if at >= moment]


class ADiskFillingUnderLoad(unittest.TestCase):
    # 64 MB: room for the WAL, which grows to 4,000 pages (16 MB) before its first checkpoint.
    def setUp(self):
        self.mount = small_tmpfs(self, "64m", "lanecast-disk-")
        self.workdir = tempfile.mkdtemp(prefix="lanecast-disk-work-")

    def tearDown(self):
        shutil.rmtree(self.workdir, ignore_errors=True)

    def wait_for(self, condition, what, timeout=20):
        deadline = time.monotonic() + timeout
        while not condition():
            self.assertLess(time.monotonic(), deadline, what)
            time.sleep(0.05)

    def test_answers_503_stores_nothing_refused_keeps_everything_acknowledged_and_recovers(self):
        daemon = Daemon(workdir=self.workdir)
        daemon.db_path = os.path.join(self.mount, "lanecast.db")
        daemon.start()
        load = RecordingLoad(daemon.port)
        ballast = os.path.join(self.mount, "ballast")
        try:
            load.start()
            time.sleep(0.5)
            # Leave the database a few hundred KB: it runs out while webhooks keep arriving.
            with open(ballast, "wb") as f:
                with contextlib.suppress(OSError):  # the database may take the last bytes first
                    while shutil.disk_usage(self.mount).free > 1_300_000:
                        f.write(b"\0" * 1_000_000)
                        f.flush()
            filled_at = time.monotonic()
            self.wait_for(lambda: 503 in load.statuses_since(filled_at), "the disk never filled")
            time.sleep(1.5)  # a while of being full, under load
            self.assertEqual(daemon.request("GET", "/healthz").json()["status"], "degraded")

            os.remove(ballast)
            freed_at = time.monotonic()
            self.wait_for(lambda: 200 in load.statuses_since(freed_at),
                          "service did not resume by itself once space was freed")
            # Not for long: at this rate the load would fill the freed space again in a second.
            time.sleep(0.2)
            load.stop()

            statuses = {status for _, status, _, _, _ in load.answers}
            self.assertEqual(statuses - {200, 503}, set(), "answers other than 200 and 503")
            self.assertEqual([r for r in load.refusals if r[0] == "connection"], [], "the daemon dropped connections")
            refused = [(key, retry, error) for _, status, key, retry, error in load.answers if status == 503]
            self.assertTrue(refused)
            self.assertTrue(all(retry and int(retry) > 0 for _, retry, _ in refused), "a 503 without Retry-After")
            self.assertEqual({error for _, _, error in refused}, {"storage_unavailable"})

            stored = stored_events(daemon.db_path)
            self.assertEqual(sorted(set(load.acknowledged) - set(stored), key=str), [], "acknowledged webhooks lost")
            self.assertEqual([key for key, _, _ in refused if key in stored], [], "a 503 stored its webhook")
            self.assertEqual(integrity(daemon.db_path), ["ok"])
            self.assertEqual(daemon.stop(), 0)
            self.assertEqual(integrity(daemon.db_path), ["ok"])
            print(f"\n{len(load.answers)} webhooks under load: {len(load.acknowledged)} acknowledged and kept, "
                  f"{len(refused)} answered 503 with Retry-After and not stored; recovered "
                  f"{(min(at for at, s, *_ in load.answers if at > freed_at and s == 200) - freed_at) * 1000:.0f} ms "
                  "after the space was freed")
        finally:
            load.stop()
            daemon.cleanup()


if __name__ == "__main__":
    main()
