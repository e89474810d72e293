"""A real mosquitto broker for the forwarding tests, started on a free loopback port with a
generated configuration, and a subscriber (Debian's mosquitto_sub) that collects what the
broker delivers. scripts/install-deps.sh --with-tests installs both (mosquitto,
mosquitto-clients). Standard library only."""

import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time

from harness import free_port, read_log

MOSQUITTO = shutil.which("mosquitto") or "/usr/sbin/mosquitto"
MOSQUITTO_SUB = shutil.which("mosquitto_sub") or "/usr/bin/mosquitto_sub"
MOSQUITTO_PUB = shutil.which("mosquitto_pub") or "/usr/bin/mosquitto_pub"


def wait_for(what, predicate, timeout=30, interval=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what}")


class Broker:
    """One mosquitto process. `acl`: text of an ACL file (anonymous rules); `tls`: dict with
    cafile, certfile, keyfile for a second, TLS listener that requires a client certificate;
    `persistent`: keep sessions and queued messages across a restart."""

    def __init__(self, acl=None, tls=None, persistent=False):
        self.dir = tempfile.mkdtemp(prefix="lanecast-broker-")
        self.port = free_port()
        self.tls_port = free_port() if tls else None
        self.log_path = os.path.join(self.dir, "mosquitto.log")
        lines = [f"listener {self.port} 127.0.0.1", "allow_anonymous true"]
        if tls:
            lines += [f"listener {self.tls_port} 127.0.0.1", f"cafile {tls['cafile']}",
                      f"certfile {tls['certfile']}", f"keyfile {tls['keyfile']}",
                      "require_certificate true", "allow_anonymous true"]
        lines.insert(0, "per_listener_settings false")
        if os.geteuid() == 0:
            # As root, mosquitto would switch to the user "mosquitto", who cannot read this
            # private temporary directory.
            lines.insert(0, "user root")
        if acl is not None:
            acl_path = os.path.join(self.dir, "acl")
            with open(acl_path, "w") as f:
                f.write(acl)
            lines.append(f"acl_file {acl_path}")
        if persistent:
            lines += ["persistence true", f"persistence_location {self.dir}/",
                      "autosave_interval 1"]
        lines += [f"log_dest file {self.log_path}", "log_type all"]
        self.config = os.path.join(self.dir, "mosquitto.conf")
        with open(self.config, "w") as f:
            f.write("\n".join(lines) + "\n")
        self.process = None

    def start(self):
        self.process = subprocess.Popen([MOSQUITTO, "-c", self.config],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for("mosquitto to listen", self._listening, timeout=10)
        return self

    def _listening(self):
        if self.process.poll() is not None:
            raise AssertionError(f"mosquitto exited: {self.logs()}")
        return f"port {self.port}" in self.logs() and "Opening ipv4 listen socket" in self.logs()

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=10)
        # A restart must not see the old log's "listening" line as its own.
        if os.path.exists(self.log_path):
            os.rename(self.log_path, self.log_path + f".{time.monotonic_ns()}")

    def logs(self):
        return read_log(self.log_path)

    def cleanup(self):
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)

    def url(self):
        return f"mqtt://127.0.0.1:{self.port}"


class Subscriber:
    """mosquitto_sub on `topic` at QoS 1, every message kept as (topic, payload text).
    `client_id` with `persistent`: a session the broker keeps (and queues for) while this
    subscriber is away. MQTT 3.1.1, so the session never expires."""

    def __init__(self, broker, topic, client_id=None, persistent=False):
        self.broker = broker
        self.topic = topic
        self.client_id = client_id or f"sub-{os.getpid()}-{time.monotonic_ns()}"
        self.persistent = persistent
        self.messages = []
        self.lock = threading.Lock()
        self.process = None

    def start(self):
        args = [MOSQUITTO_SUB, "-h", "127.0.0.1", "-p", str(self.broker.port), "-V", "mqttv311",
                "-q", "1", "-i", self.client_id, "-t", self.topic, "-t", "probe/#", "-v"]
        if self.persistent:
            args.append("-c")
        self.process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.thread = threading.Thread(target=self._read, daemon=True)
        self.thread.start()
        # Subscribed once a probe published now comes back.
        probe = f"probe/{time.monotonic_ns()}"
        def probe_seen():
            subprocess.run([MOSQUITTO_PUB, "-h", "127.0.0.1", "-p", str(self.broker.port),
                            "-q", "1", "-t", probe, "-m", "x"], check=False)
            time.sleep(0.1)
            with self.lock:
                return any(t == probe for t, _ in self.messages)
        wait_for("the subscriber to subscribe", probe_seen, timeout=15, interval=0.1)
        return self

    def _read(self):
        for raw in self.process.stdout:
            line = raw.decode("utf-8", errors="replace").rstrip("\n")
            topic, _, payload = line.partition(" ")
            with self.lock:
                self.messages.append((topic, payload))

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        if self.process:
            self.thread.join(timeout=10)
            self.process.stdout.close()

    def events(self, suffix_filter=None):
        """The forwarded CloudEvents received so far (not probes, not status), parsed."""
        with self.lock:
            items = list(self.messages)
        out = []
        for topic, payload in items:
            if topic.startswith("probe/") or topic.endswith("/status"):
                continue
            if suffix_filter and not topic.endswith(suffix_filter):
                continue
            out.append((topic, json.loads(payload)))
        return out

    def wait_for_sequences(self, count, timeout=60):
        def enough():
            return len({e["sequence"] for _, e in self.events()}) >= count
        wait_for(f"{count} distinct events at the subscriber", enough, timeout=timeout, interval=0.1)
        return self.events()


def metric(daemon, name):
    """One unlabelled sample of /metrics, or None."""
    r = daemon.request("GET", "/metrics")
    for line in r.body.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    return None


def forward_args(broker_url, store="store-1", prefix="lanecast", **keys):
    args = ["--set", f"forward.url={broker_url}", "--set", f"forward.store_id={store}",
            "--set", f"forward.topic_prefix={prefix}", "--set", "forward.reconnect_max_s=2"]
    for key, value in keys.items():
        args += ["--set", f"forward.{key}={value}"]
    return args
