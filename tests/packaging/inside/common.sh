# Sourced by the scripts that run inside a test container (see run_in_tree in ../lib.sh).
set -Eeuo pipefail
step() { echo "$TEST_NAME: CHECK $*"; }
bad() { echo "$TEST_NAME: FAILED: $*"; exit 1; }
trap 'echo "$TEST_NAME: FAILED: command failed (status $?) at ${BASH_SOURCE[0]##*/} line $LINENO: $BASH_COMMAND"' ERR
DEB=/packages/$OLD_VERSION/lanecast_${OLD_VERSION}_$ARCH.deb
NEW_DEB=/packages/$NEW_VERSION/lanecast_${NEW_VERSION}_$ARCH.deb
KIOSK_DEB=/packages/$OLD_VERSION/lanecast-kiosk_${OLD_VERSION}_all.deb
CLIENT=/lanecast-tests/lanecast_client.py

# Runs lanecastd in the background the way lanecast.service would: as _lanecast, with the
# state directory, the credentials and a loopback listener; waits until it is healthy.
start_daemon() {
  install -d -o _lanecast -g _lanecast -m 0750 /var/lib/lanecast
  # systemd copies the credentials into a directory only the service user can read.
  rm -rf /run/lanecast-credentials
  install -d -o _lanecast -m 0500 /run/lanecast-credentials
  install -o _lanecast -m 0400 /etc/lanecast/credentials/* /run/lanecast-credentials/
  setpriv --reuid=_lanecast --regid=_lanecast --init-groups -- env STATE_DIRECTORY=/var/lib/lanecast \
    CREDENTIALS_DIRECTORY=/run/lanecast-credentials lanecastd >>/out/lanecastd.log 2>&1 &
  DAEMON_PID=$!
  python3 $CLIENT wait-healthy --wait 20 || { cat /out/lanecastd.log; bad "lanecastd did not come up"; }
}

stop_daemon() {
  kill -TERM "$DAEMON_PID"
  wait "$DAEMON_PID" || bad "lanecastd exited with status $? on SIGTERM"
}
