#!/usr/bin/env bash
# Installs a pushed lanecast .deb on a store PC, unattended, and rolls back to the previous
# package if the service does not come back healthy. docs/remote-update.md has the whole story.
#
#   remote-update.sh [--url URL] [--timeout SECONDS] [--settle SECONDS] NEW.deb
#
#   --url URL        health check address (default: lanecast.socket's first address, /healthz)
#   --timeout S      how long the service may take to answer healthy (default 60)
#   --settle S       how long it must then stay up without a restart (default 5)
#
# Steps: finish any interrupted dpkg run (dpkg --configure -a); install NEW.deb without a
# single question, keeping locally changed configuration files; wait for lanecast.service to be
# active with GET /healthz answering 200 and no restart during the settle time; otherwise
# reinstall the previous package, kept in /var/lib/lanecast-update/packages/, and check again.
# The database is never touched: lanecastd migrates it itself, after a verified backup.
#
# Exit status: 0 updated and healthy; 1 refused (bad arguments, not root, not a lanecast
# package); 2 the new version was unhealthy and the previous one is back and healthy; 3 the
# new version was unhealthy and the rollback failed or was impossible - the store needs a look.
set -euo pipefail

KEEP_DIR=/var/lib/lanecast-update/packages
KEEP_COUNT=3
SERVICE=lanecast.service
url=""
timeout=60
settle=5

log() { printf 'remote-update: %s\n' "$*"; logger -t lanecast-update -- "$*" 2>/dev/null || true; }
die() { log "$2"; exit "$1"; }

usage() { sed -n '5,9p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --url) url=$2; shift 2 ;;
    --timeout) timeout=$2; shift 2 ;;
    --settle) settle=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) usage >&2; die 1 "unknown option $1" ;;
    *) break ;;
  esac
done
[ $# -eq 1 ] || { usage >&2; die 1 "expected exactly one .deb"; }
new_deb=$(readlink -f "$1")

[ "$(id -u)" -eq 0 ] || die 1 "must run as root"
command -v curl >/dev/null || die 1 "curl is needed for the health check (apt-get install curl)"
[ -f "$new_deb" ] || die 1 "no such file: $1"
package=$(dpkg-deb --field "$new_deb" Package 2>/dev/null) || die 1 "$1 is not a Debian package"
[ "$package" = lanecast ] || die 1 "$1 is package '$package', not lanecast"
new_version=$(dpkg-deb --field "$new_deb" Version)

# One update at a time, even when two pushes cross.
exec 9>/run/lock/lanecast-update.lock
flock -n 9 || die 1 "another update is running"

installed_version() { dpkg-query -W -f='${db:Status-Abbrev} ${Version}' lanecast 2>/dev/null |
                        awk '$1 == "ii" { print $2 }'; }

# The first address of lanecast.socket, as a loopback URL; the configured default otherwise.
default_url() {
  local listen
  listen=$(systemctl show lanecast.socket -p Listen --value 2>/dev/null | awk 'NR == 1 { print $1 }')
  case "$listen" in
    0.0.0.0:*|'[::]:'*) listen="127.0.0.1:${listen##*:}" ;;
    ''|/*) listen=127.0.0.1:8080 ;;
  esac
  echo "http://$listen/healthz"
}

# Healthy: active, answering /healthz with 200, and not restarted during the settle time.
wait_healthy() {
  local deadline=$((SECONDS + timeout)) restarts
  while [ $SECONDS -lt $deadline ]; do
    if [ "$(systemctl is-active "$SERVICE" 2>/dev/null)" = active ] &&
       curl -fsS --max-time 5 -o /dev/null "$url" 2>/dev/null; then
      restarts=$(systemctl show "$SERVICE" -p NRestarts --value)
      sleep "$settle"
      if [ "$(systemctl is-active "$SERVICE")" = active ] &&
         [ "$(systemctl show "$SERVICE" -p NRestarts --value)" = "$restarts" ] &&
         curl -fsS --max-time 5 -o /dev/null "$url" 2>/dev/null; then
        return 0
      fi
    fi
    sleep 1
  done
  return 1
}

install_deb() {  # install_deb FILE: no prompt, local configuration kept, dependencies resolved
  local options=(-o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
  if command -v apt-get >/dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --allow-downgrades "${options[@]}" \
      "$1" </dev/null
  else
    DEBIAN_FRONTEND=noninteractive dpkg --force-confdef --force-confold -i "$1" </dev/null
  fi
}

# A copy of the installed version's .deb to roll back to: ours from an earlier update, or
# apt's cache when apt installed it.
find_previous() {
  local version=$1 arch candidate
  arch=$(dpkg --print-architecture)
  for candidate in "$KEEP_DIR/lanecast_${version}_$arch.deb" \
                   /var/cache/apt/archives/lanecast_"${version//:/%3a}"_"$arch".deb; do
    if [ -f "$candidate" ] &&
       [ "$(dpkg-deb --field "$candidate" Version 2>/dev/null)" = "$version" ]; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

keep_package() {  # keep_package FILE: stored for the next rollback; the oldest ones go
  install -d -m 0700 "$KEEP_DIR"
  local target
  target="$KEEP_DIR/lanecast_$(dpkg-deb --field "$1" Version)_$(dpkg-deb --field "$1" Architecture).deb"
  if [ "$(readlink -f "$1")" != "$target" ]; then
    cp "$1" "$target.tmp"
    mv -f "$target.tmp" "$target"
  fi
  ls -1t "$KEEP_DIR"/lanecast_*.deb | tail -n +$((KEEP_COUNT + 1)) | xargs -r rm -f
}

log "recovering any interrupted package operation (dpkg --configure -a)"
DEBIAN_FRONTEND=noninteractive dpkg --force-confdef --force-confold --configure -a </dev/null ||
  die 3 "dpkg --configure -a failed; the package system needs a look before any update"

old_version=$(installed_version || true)
previous=""
if [ -n "$old_version" ]; then
  if previous=$(find_previous "$old_version"); then
    # Copied now: apt may clean its cache during the install below.
    keep_package "$previous"
    previous=$(find_previous "$old_version")
    log "installed: lanecast $old_version; rollback package: $previous"
  else
    log "WARNING: no .deb of the installed lanecast $old_version is kept; a failed update" \
        "cannot be rolled back"
  fi
else
  log "lanecast is not installed yet: a first install, nothing to roll back to"
fi

[ -n "$url" ] || url=$(default_url)
log "installing lanecast $new_version from $new_deb"
if install_deb "$new_deb" && [ "$(installed_version)" = "$new_version" ] &&
   { log "waiting up to ${timeout}s for $SERVICE to answer $url"; wait_healthy; }; then
  keep_package "$new_deb"
  log "lanecast $new_version is installed and healthy"
  exit 0
fi

log "lanecast $new_version did not come back healthy:"
systemctl status --no-pager --lines=15 "$SERVICE" 2>&1 | sed 's/^/  /' || true
[ -n "$previous" ] || die 3 "no previous package to roll back to; lanecast $new_version stays"

log "rolling back to lanecast $old_version from $previous"
install_deb "$previous" || die 3 "reinstalling lanecast $old_version failed"
# A crash-looping new version may have hit the start limit; that must not block the old one.
systemctl reset-failed "$SERVICE" 2>/dev/null || true
systemctl restart "$SERVICE" || true
if wait_healthy; then
  die 2 "rolled back: lanecast $old_version is installed and healthy again"
fi
die 3 "lanecast $old_version is reinstalled but not healthy either (a database migrated by \
$new_version is refused by $old_version: see docs/remote-update.md)"
