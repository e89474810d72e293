#!/usr/bin/env bash
# Installs, from Debian's archive, every package lanecast needs to build, run and test.
# Idempotent: packages already present are left alone, so a second run costs one dpkg query.
set -euo pipefail

build_packages=(
  cmake g++ make pkg-config
  libmicrohttpd-dev libcjson-dev libsqlite3-dev libsystemd-dev
  libgnutls28-dev nettle-dev libcurl4-gnutls-dev
  libmosquitto-dev  # the MQTT forwarder
  libzstd-dev  # the journal keeps bodies and answers compressed
)
test_packages=(
  cpputest python3 sqlite3 systemd curl wrk chromium
  openssl  # certificates for the HTTPS and MQTT TLS tests
  mosquitto mosquitto-clients  # a real broker and subscriber for the forwarding tests
  clang libclang-rt-dev  # libFuzzer and its sanitizer runtimes, for tests/fuzz
)

# Building the Debian packages (scripts/package.sh) and the packaging tests: lint, a Debian 12
# tree made by mmdebstrap and booted by systemd-nspawn, a signed reprepro repository.
packaging_packages=(
  debhelper dpkg-dev help2man lintian groff-base xz-utils
  mmdebstrap systemd-container reprepro gpg procps util-linux
)

wanted=("${build_packages[@]}")
for flag in "$@"; do
  case "$flag" in
    --with-tests)
      wanted+=("${test_packages[@]}")
      # The browser tests run on Node.js; a machine that has it already keeps its own.
      command -v node >/dev/null && command -v npm >/dev/null || wanted+=(nodejs npm)
      ;;
    --with-packaging) wanted+=("${packaging_packages[@]}") ;;
    *) echo "install-deps: ignoring unknown option $flag (known: --with-tests, --with-packaging)" >&2 ;;
  esac
done

missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-deps: missing packages: ${missing[*]} (run as root to install them)" >&2
    exit 1
  fi
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The mosquitto package starts a system broker on port 1883. The tests start brokers of their
# own on free ports and never use it; on a build machine it would only hold the port.
if printf '%s\n' "${missing[@]:-}" | grep -qx mosquitto && command -v systemctl >/dev/null &&
   systemctl is-active --quiet mosquitto 2>/dev/null; then
  systemctl disable --now mosquitto || true
fi
