#!/usr/bin/env python3
"""Forwarding benchmark: drives the real lanecastd at full-speed ingest (wrk, new checkouts)
with the MQTT forwarder on, against a real mosquitto on a free loopback port, and prints

  - ingest req/s and p99 with forwarding off and on, side by side (the webhook path must not
    be slowed),
  - forwarding throughput (events acknowledged by the broker per second) during ingest and
    while the rest drains,
  - the backlog (events not yet acknowledged) sampled every 0.25 s: its peak and its last
    value, to show it stays bounded rather than growing with the run,
  - the daemon's peak RSS.

    bench/forward.py [seconds] [senders]      (defaults 10 and 16)

Needs a build (BUILD_DIR, default build/), wrk, mosquitto (scripts/install-deps.sh
--with-tests). Loopback only."""

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import json
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("BUILD_DIR", os.path.join(ROOT, "build"))
LANECASTD = os.path.join(BUILD if os.path.isabs(BUILD) else os.path.join(ROOT, BUILD),
                         "daemon", "lanecastd")
TOKEN = "bench-token-0123456789"
BODY = os.path.join(ROOT, "tests", "fixtures", "checkout-reference-example.json")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def metrics(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
        text = r.read().decode()
    out = {}
    for line in text.splitlines():
        m = re.match(r"^(lanecast_forward_\w+) (\S+)$", line)
        if m:
            out[m.group(1)] = float(m.group(2))
    return out


def accepted(port):
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
        return json.loads(r.read())["webhooks"]["checkout"]["accepted"]


def rss_kib(pid, field="VmHWM"):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


class Broker:
    def __init__(self, work):
        self.port = free_port()
        conf = os.path.join(work, "mosquitto.conf")
        with open(conf, "w") as f:
            if os.geteuid() == 0:
                f.write("user root\n")
            f.write(f"listener {self.port} 127.0.0.1\nallow_anonymous true\n"
                    f"max_queued_messages 0\n")
        self.process = subprocess.Popen(["mosquitto", "-c", conf], stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise SystemExit("mosquitto did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait()


class Daemon:
    def __init__(self, work, name, extra):
        self.port = free_port()
        self.dir = os.path.join(work, name)
        os.mkdir(self.dir)
        self.log = open(os.path.join(self.dir, "daemon.log"), "wb")
        self.process = subprocess.Popen(
            [LANECASTD, "--config-dir", os.path.join(self.dir, "etc"),
             "--set", f"http.listen=127.0.0.1:{self.port}",
             "--set", f"storage.path={self.dir}/lanecast.db", "--set", f"auth.tokens={TOKEN}", *extra],
            stdout=self.log, stderr=self.log)
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=1)
                return
            except OSError:
                time.sleep(0.05)
        raise SystemExit("lanecastd did not start")

    def stop(self):
        self.process.terminate()
        self.process.wait()
        self.log.close()


def wrk(port, seconds, senders, run):
    env = dict(os.environ, LANECAST_TOKEN=TOKEN, LANECAST_BODY=BODY, LANECAST_RUN=str(run))
    out = subprocess.run(["wrk", f"-t{2 if senders > 1 else 1}", f"-c{senders}", f"-d{seconds}s",
                          "--timeout", "10s", "-s", os.path.join(ROOT, "bench", "checkout.lua"),
                          f"http://127.0.0.1:{port}/aifi/checkout"],
                         capture_output=True, text=True, env=env, check=True).stdout
    line = next(l for l in out.splitlines() if l.startswith("RESULT"))
    return dict(kv.split("=") for kv in line.split()[1:])


def main():
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    senders = int(sys.argv[2]) if len(sys.argv) > 2 else 16
    work = tempfile.mkdtemp(prefix="lanecast-bench-forward-")
    try:
        broker = Broker(work)
        print(f"lanecastd forward bench, {os.cpu_count()} cores, {seconds}s at {senders} senders")

        off = Daemon(work, "off", [])
        r_off = wrk(off.port, seconds, senders, 1)
        off.stop()

        on = Daemon(work, "on", ["--set", f"forward.url=mqtt://127.0.0.1:{broker.port}",
                                  "--set", "forward.store_id=bench", "--set", "forward.max_rate=0"])
        samples = []
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                stored_now = accepted(on.port)
                m = metrics(on.port)
                samples.append((time.monotonic(), m.get("lanecast_forward_acknowledged_total", 0),
                                m.get("lanecast_forward_cursor_sequence", 0), stored_now))
                time.sleep(0.25)

        sampler = threading.Thread(target=sample)
        started = time.monotonic()
        sampler.start()
        r_on = wrk(on.port, seconds, senders, 2)
        ingest_end = time.monotonic()
        # Drain: until the cursor reaches the last stored event.
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            if samples and samples[-1][2] >= samples[-1][3] and samples[-1][0] > ingest_end:
                break
            time.sleep(0.1)
        drained = time.monotonic()
        stop.set()
        sampler.join()
        stored = int(samples[-1][3])
        peak_rss = rss_kib(on.process.pid)
        on.stop()
        broker.stop()

        during = [s for s in samples if s[0] <= ingest_end]
        acked_during = during[-1][1] if during else 0
        # Backlog per sample: events stored by then (accepted checkouts) minus the cursor.
        backlog = [max(0, int(s[3]) - int(s[2])) for s in samples]
        print(f"ingest forwarding=off rps={r_off['rps']} p99_ms={r_off['p99_ms']} non2xx={r_off['non2xx']}")
        print(f"ingest forwarding=on  rps={r_on['rps']} p99_ms={r_on['p99_ms']} non2xx={r_on['non2xx']}")
        print(f"ingest_ratio_on_over_off={float(r_on['rps']) / float(r_off['rps']):.3f}")
        print(f"forward_during_ingest_eps={acked_during / (ingest_end - started):.0f} "
              f"acknowledged={int(acked_during)} of stored={stored}")
        print(f"forward_overall_eps={stored / (drained - started):.0f} drain_after_ingest_s={drained - ingest_end:.2f}")
        third = max(1, len(backlog) // 3)
        print(f"backlog_events_peak={max(backlog) if backlog else 0} "
              f"first_third_peak={max(backlog[:third]) if backlog else 0} "
              f"last_third_of_ingest_peak={max(backlog[len(during) - third:len(during)] or [0]) if backlog else 0}")
        print(f"peak_rss_kib={peak_rss}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
