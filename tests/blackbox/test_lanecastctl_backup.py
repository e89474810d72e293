"""lanecastctl backup of a database that is being written to: the copy is complete as of one
moment, opens, and passes integrity_check; a failed or refused backup leaves the target alone."""

import os
import sqlite3
import subprocess
import sys
import threading

sys.path.insert(0, os.path.dirname(__file__))
import harness  # noqa: E402
from harness import Daemon, GERMAN_RULES, TOKEN, ctl_json, run_ctl  # noqa: E402


class ABackup(harness.unittest.TestCase):
    def test_of_a_database_under_write_load_opens_and_passes_integrity_check(self):
        with Daemon(extra_args=["--set", f"pricing.rules_file={GERMAN_RULES}"]) as daemon:
            url = f"http://127.0.0.1:{daemon.port}"
            # A head start, so that there is something to copy from the first backup on.
            ctl_json("--url", url, "--token", TOKEN, "simulate", "--count", "20", "--rate", "0", "--step-ms", "0")
            load = subprocess.Popen([harness.LANECASTCTL, "--url", url, "--token", TOKEN, "simulate", "--count", "0",
                                     "--rate", "0", "--step-ms", "0", "--lanes", "8"],
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            extra = threading.Thread(target=self.post_checkouts, args=(daemon,))
            extra.start()
            copies = []
            try:
                for n in range(3):
                    target = os.path.join(daemon.workdir, f"backup-{n}.db")
                    result = ctl_json("--db", daemon.db_path, "backup", target)
                    self.assertEqual(result["backup"], target)
                    self.assertEqual(result["integrityCheck"], "ok")
                    self.assertEqual(result["bytes"], os.path.getsize(target))
                    self.assertFalse(os.path.exists(target + ".tmp"))
                    copies.append(target)
            finally:
                load.send_signal(harness.signal.SIGINT)
                load.wait(timeout=30)
                extra.join()

            live = sqlite3.connect(daemon.db_path)
            live_events = live.execute("SELECT count(*) FROM events").fetchone()[0]
            previous = 0
            for target in copies:
                copy = sqlite3.connect(f"file:{target}?mode=ro", uri=True)
                self.assertEqual(copy.execute("PRAGMA integrity_check").fetchone()[0], "ok")
                self.assertEqual(copy.execute("PRAGMA journal_mode").fetchone()[0], "delete")
                self.assertEqual(copy.execute("PRAGMA foreign_key_check").fetchall(), [])
                events = copy.execute("SELECT count(*) FROM events").fetchone()[0]
                self.assertGreaterEqual(events, previous)  # each copy a later moment
                self.assertGreater(events, 0)
                previous = events
                # One consistent moment: every revision's event is in the copy.
                orphans = copy.execute("SELECT count(*) FROM order_revisions r "
                                       "LEFT JOIN events e ON e.seq = r.seq WHERE e.seq IS NULL").fetchone()[0]
                self.assertEqual(orphans, 0)
                copy.close()
            self.assertGreater(live_events, previous)  # the load went on after the last copy

            # The copy is a database lanecastctl reads like the live one.
            orders = ctl_json("--db", copies[-1], "orders", "--limit", "5")["orders"]
            self.assertEqual(len(orders), 5)

    def post_checkouts(self, daemon):
        for n in range(200):
            response = daemon.post("/aifi/checkout", harness.checkout(900_000 + n))
            assert response.status == 200, response

    def test_refuses_to_overwrite_without_force_and_leaves_the_file_alone(self):
        with Daemon() as daemon:
            daemon.post("/aifi/checkout", harness.checkout(1))
            target = os.path.join(daemon.workdir, "existing.db")
            with open(target, "w", encoding="utf-8") as f:
                f.write("keep me")
            done = run_ctl("--db", daemon.db_path, "backup", target)
            self.assertEqual(done.returncode, 1)
            self.assertIn("--force", done.stderr)
            with open(target, encoding="utf-8") as f:
                self.assertEqual(f.read(), "keep me")
            forced = ctl_json("--db", daemon.db_path, "backup", "--force", target)
            self.assertEqual(forced["integrityCheck"], "ok")
            copy = sqlite3.connect(target)
            self.assertEqual(copy.execute("SELECT count(*) FROM orders").fetchone()[0], 1)
            copy.close()

    def test_fails_cleanly_when_the_target_directory_is_missing(self):
        with Daemon() as daemon:
            daemon.post("/aifi/checkout", harness.checkout(1))
            target = os.path.join(daemon.workdir, "no-such-dir", "backup.db")
            done = run_ctl("--db", daemon.db_path, "backup", target)
            self.assertEqual(done.returncode, 1)
            self.assertIn("backup failed", done.stderr)
            self.assertFalse(os.path.exists(target))

    def test_of_a_file_that_is_not_a_lanecast_database_is_refused(self):
        with Daemon() as daemon:
            stranger = os.path.join(daemon.workdir, "stranger.db")
            sqlite3.connect(stranger).execute("CREATE TABLE t (x)").connection.close()
            done = run_ctl("--db", stranger, "backup", os.path.join(daemon.workdir, "copy.db"))
            self.assertEqual(done.returncode, 1)
            self.assertIn("cannot read the database", done.stderr)


if __name__ == "__main__":
    harness.main()
