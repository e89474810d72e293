// The real lanecastd for a test: a free loopback port, a temporary database and config
// directory, display settings from the test. Node's standard library only.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const kRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const LANECASTD = process.env.LANECASTD || path.join(kRoot, 'build', 'daemon', 'lanecastd');
export const TOKEN = 'browser-test-token-0123456789';
export const kExamplesDir = path.join(kRoot, 'packaging', 'examples');

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// One daemon process; `settings` are config keys ("display.locale": "de"), each passed as
// --set. stop() and start() again keep the port and the database: a restart.
export class Daemon {
  constructor(settings = {}) {
    this.settings = settings;
    this.workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lanecast-browser-'));
    this.logPath = path.join(this.workdir, 'lanecastd.log');
    this.process = null;
    this.port = 0;
  }

  args() {
    const sets = {
      'http.listen': `127.0.0.1:${this.port}`,
      'storage.path': path.join(this.workdir, 'lanecast.db'),
      'auth.tokens': TOKEN,
      ...this.settings,
    };
    const args = ['--config-dir', path.join(this.workdir, 'etc')];
    for (const [key, value] of Object.entries(sets)) args.push('--set', `${key}=${value}`);
    return args;
  }

  async start() {
    if (!this.port) this.port = await freePort();
    const log = fs.openSync(this.logPath, 'a');
    const env = { ...process.env };
    delete env.NOTIFY_SOCKET;  // the test runner may itself run under systemd
    this.process = spawn(LANECASTD, this.args(), { stdio: ['ignore', log, log], env });
    fs.closeSync(log);
    this.exited = new Promise((resolve) => this.process.once('exit', (code, signal) => resolve({ code, signal })));
    await this.waitReady();
    return this;
  }

  async waitReady(timeoutMs = 15000) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.process.exitCode !== null) throw new Error(`lanecastd exited:\n${this.logs()}`);
      try {
        const response = await fetch(this.url('/healthz'));
        if (response.status === 200 || response.status === 503) return;
      } catch {
        // not listening yet
      }
      await sleep(50);
    }
    throw new Error(`lanecastd did not become ready:\n${this.logs()}`);
  }

  async stop(signal = 'SIGTERM') {
    if (!this.process || this.process.exitCode !== null || this.process.signalCode !== null) return;
    this.process.kill(signal);
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 15000);
    await this.exited;
    clearTimeout(timer);
  }

  async cleanup() {
    await this.stop();
    if (!process.env.LANECAST_KEEP_WORKDIR) fs.rmSync(this.workdir, { recursive: true, force: true });
  }

  logs() {
    try {
      return fs.readFileSync(this.logPath, 'utf8');
    } catch {
      return '';
    }
  }

  url(pathname) {
    return `http://127.0.0.1:${this.port}${pathname}`;
  }

  // A webhook as AiFi sends it: JSON body, bearer token. Throws unless the daemon took it.
  async post(pathname, body, { token = TOKEN } = {}) {
    const response = await fetch(this.url(pathname), {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`POST ${pathname}: HTTP ${response.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }

  async getJson(pathname) {
    const response = await fetch(this.url(pathname));
    if (!response.ok) throw new Error(`GET ${pathname}: HTTP ${response.status}`);
    return response.json();
  }
}
