# Shared by the packaging tests (sourced, not run). Each test prints what it checks and fails
# loudly, naming the reason, when a step cannot run here: it never passes by skipping.
#
# Environment:
#   LANECAST_PKG_DIR     built packages, shared between tests (default build-packaging-tests/)
#   LANECAST_TEST_CACHE  cached Debian 12 trees (default /var/cache/lanecast-test)
#   LANECAST_PACKAGE_WORKTREE=1  package the working tree instead of the committed HEAD

set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TESTS_DIR="$ROOT/tests/packaging"
FIXTURES_DIR="$ROOT/tests/fixtures"
PKG_DIR=${LANECAST_PKG_DIR:-$ROOT/build-packaging-tests}
CACHE_DIR=${LANECAST_TEST_CACHE:-/var/cache/lanecast-test}
OLD_VERSION=0.1.0-1
NEW_VERSION=0.2.0-1
ARCH=$(dpkg --print-architecture)

TEST_NAME=$(basename "$0" .sh)
# With pipefail, "producer | grep -q" can fail when grep exits first and the producer dies of
# SIGPIPE: the tests use grep -c >/dev/null on long output instead.

say() { printf '%s: %s\n' "$TEST_NAME" "$*"; }
check() { printf '%s: CHECK %s\n' "$TEST_NAME" "$*"; }
fail() {
  printf '%s: FAILED: %s\n' "$TEST_NAME" "$*" >&2
  exit 1
}
passed() { printf '%s: PASSED\n' "$TEST_NAME"; }
# A command failing outside a check (set -e) must not end the test quietly either.
trap 'printf "%s: FAILED: command failed (status %s) at %s line %s: %s\n" "$TEST_NAME" "$?" \
        "${BASH_SOURCE[0]##*/}" "$LINENO" "$BASH_COMMAND" >&2' ERR

require_root() {
  [ "$(id -u)" -eq 0 ] || fail "must run as root (it builds chroots, mounts and starts containers)"
}

# Tools come from Debian packages; a missing one is a failure with the install command.
require_tools() {
  local tool missing=()
  for tool in "$@"; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
  [ ${#missing[@]} -eq 0 ] ||
    fail "missing tools: ${missing[*]} (install them with: scripts/install-deps.sh --with-packaging)"
}

deb_path() {  # deb_path PACKAGE VERSION
  local arch=$ARCH
  [ "$1" = lanecast-kiosk ] && arch=all
  printf '%s/%s/%s_%s_%s.deb' "$PKG_DIR" "$2" "$1" "$2" "$arch"
}

# The source the packages are built from: the committed HEAD, or the working tree's content.
source_stamp() {
  if [ "${LANECAST_PACKAGE_WORKTREE:-0}" = 1 ]; then
    (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard \
       | grep -zv node_modules/ | xargs -0 sha256sum 2>/dev/null | sha256sum | cut -c1-16)
  else
    git -C "$ROOT" rev-parse HEAD
  fi
}

# Builds lanecast OLD_VERSION with scripts/package.sh, then NEW_VERSION from the same compiled
# tree with a new changelog entry and a changed conffile, as the next release would be. Built
# once and shared by every test: with --rebuild-if-stale (test_build, which ctest runs first)
# whenever the source changed, otherwise only when no packages exist yet, so that commits landing
# during a test run do not make every test compile again.
ensure_packages() {
  require_tools dpkg-buildpackage dpkg-parsechangelog dh cmake
  mkdir -p "$PKG_DIR"
  exec 9>"$PKG_DIR/.lock"
  flock 9
  local stamp
  stamp=$(source_stamp)
  if [ -f "$PKG_DIR/stamp" ] && [ -f "$(deb_path lanecast "$NEW_VERSION")" ] &&
     { [ "${1:-}" != --rebuild-if-stale ] || [ "$(cat "$PKG_DIR/stamp")" = "$stamp" ]; }; then
    say "packages for this source already built in $PKG_DIR"
    flock -u 9
    return 0
  fi
  rm -rf "${PKG_DIR:?}/$OLD_VERSION" "${PKG_DIR:?}/$NEW_VERSION" "${PKG_DIR:?}/stamp"
  local worktree=()
  [ "${LANECAST_PACKAGE_WORKTREE:-0}" = 1 ] && worktree=(--worktree)
  say "building lanecast $OLD_VERSION with scripts/package.sh"
  "$ROOT/scripts/package.sh" --out "$PKG_DIR/$OLD_VERSION" --keep-tree "$PKG_DIR/tree" \
    "${worktree[@]}" || fail "scripts/package.sh failed"
  build_next_release
  echo "$stamp" >"$PKG_DIR/stamp"
  flock -u 9
}

build_next_release() {
  local src
  src=$(echo "$PKG_DIR"/tree/lanecast-*/)
  say "building lanecast $NEW_VERSION: new changelog entry and a changed conffile, same build tree"
  {
    printf 'lanecast (%s) bookworm; urgency=medium\n\n' "$NEW_VERSION"
    printf '  * Upgrade test release: the shipped lanecast.conf gains a comment.\n\n'
    printf ' -- lanecast maintainers <maintainers@users.noreply.r-seed-2fe29771.example>  %s\n\n' \
      "$(date -R -u)"
    cat "$src/debian/changelog"
  } >"$src/debian/changelog.new"
  mv "$src/debian/changelog.new" "$src/debian/changelog"
  # A conffile that differs between the versions is what makes dpkg stop and ask on an upgrade
  # unless it is told how to decide.
  printf '#\n# (%s: this line is new, so dpkg sees a changed conffile.)\n' "$NEW_VERSION" \
    >>"$src/packaging/conf/lanecast.conf"
  (cd "$src" && dpkg-buildpackage -b -nc --no-sign >"$PKG_DIR/tree/build-next.log" 2>&1) ||
    { tail -40 "$PKG_DIR/tree/build-next.log" >&2; fail "building $NEW_VERSION failed"; }
  mkdir -p "$PKG_DIR/$NEW_VERSION"
  cp "$PKG_DIR"/tree/*_"$NEW_VERSION"_*.deb "$PKG_DIR/$NEW_VERSION/"
}

# A Debian 12 tree with systemd and every runtime dependency of both packages preinstalled, so
# the tests install lanecast offline. Built once by mmdebstrap and cached outside the repository;
# the name carries a hash of the package list, so a changed list builds a new tree.
TREE_PACKAGES=(
  systemd systemd-sysv dbus procps libpam-systemd
  libmicrohttpd12 libcjson1 libsqlite3-0 libgnutls30 libnettle8 libcurl3-gnutls libmosquitto1
  curl python3 unattended-upgrades
  cage chromium xwayland
)

# Runs a command with only standard input, output and error open. mmdebstrap hands apt hooks
# such as `cat >&11` to /bin/sh, and dash cannot redirect a descriptor above 9 ("Bad fd
# number"); every descriptor a caller holds open (this test's locks, ctest's pipes, the shell
# that started it) pushes mmdebstrap's own pipes up to 10 and beyond. Closing them in the child
# leaves the caller's locks held: a flock belongs to the open file, which the caller still has.
without_inherited_fds() {
  (
    local fd
    for fd in /proc/self/fd/*; do
      fd=${fd##*/}
      [ "$fd" -gt 2 ] && eval "exec $fd>&-" 2>/dev/null
    done
    exec "$@"
  )
}

ensure_tree() {
  require_tools mmdebstrap systemd-nspawn
  local key
  key=$(printf '%s\n' "${TREE_PACKAGES[@]}" | sha256sum | cut -c1-12)
  TREE="$CACHE_DIR/bookworm-$key"
  mkdir -p "$CACHE_DIR"
  exec 8>"$CACHE_DIR/.lock"
  flock 8
  if [ ! -f "$TREE/.lanecast-tree-complete" ]; then
    say "building the cached Debian 12 tree $TREE with mmdebstrap (first run only)"
    rm -rf "$TREE.partial"
    local include
    include=$(IFS=,; echo "${TREE_PACKAGES[*]}")
    without_inherited_fds mmdebstrap --variant=minbase --include="$include" --format=directory \
      bookworm "$TREE.partial" http://deb.debian.org/debian >"$CACHE_DIR/mmdebstrap.log" 2>&1 ||
      { tail -20 "$CACHE_DIR/mmdebstrap.log" >&2; fail "mmdebstrap could not build the Debian 12 tree"; }
    touch "$TREE.partial/.lanecast-tree-complete"
    mv "$TREE.partial" "$TREE"
    # Trees for an older package list are never used again.
    local old
    for old in "$CACHE_DIR"/bookworm-*/; do
      old=${old%/}
      [ "$old" != "$TREE" ] && [ -f "$old/.lanecast-tree-complete" ] && rm -rf "$old"
    done
  fi
  flock -u 8
}

# A throwaway copy of the cached tree: an overlay whose upper layer is deleted at exit.
SCRATCH=""
MOUNTS=()
cleanup_scratch() {
  local i
  for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do umount -l "${MOUNTS[$i]}" 2>/dev/null || true; done
  [ -n "$SCRATCH" ] && rm -rf "$SCRATCH"
  return 0
}

# Sets TREE_ROOT to the merged root. Not for $(...): the mount must outlive the call.
overlay_tree() {  # overlay_tree NAME
  scratch_dir
  local base="$SCRATCH/$1"
  mkdir -p "$base/upper" "$base/work" "$base/root"
  mount -t overlay overlay -o "lowerdir=$TREE,upperdir=$base/upper,workdir=$base/work" "$base/root" ||
    fail "cannot mount an overlay over $TREE (the kernel or the sandbox refuses overlayfs)"
  MOUNTS+=("$base/root")
  TREE_ROOT="$base/root"
}

# A directory for this test's files, removed at exit with the overlays.
scratch_dir() {
  [ -n "$SCRATCH" ] && return 0
  SCRATCH=$(mktemp -d /var/tmp/lanecast-test.XXXXXX)
  trap cleanup_scratch EXIT
}

# Runs tests/packaging/inside/SCRIPT inside ROOT as a container without an init (dpkg, no running
# systemd), with its own network namespace and the packages (/packages), fixtures (/fixtures)
# and test helpers (/lanecast-tests) bound read-only. NAME=VALUE arguments become its
# environment. Files it writes to /out land in $OUT on the host.
run_in_tree() {  # run_in_tree ROOT SCRIPT [NAME=VALUE]...
  local root=$1 script=$2 setenv=() pair
  shift 2
  for pair in "$@"; do setenv+=(--setenv="$pair"); done
  scratch_dir
  OUT="$SCRATCH/out"
  rm -rf "$OUT"
  mkdir -p "$OUT"
  # systemd-nspawn warns that it cannot clean its propagation directory on a /run that is no
  # tmpfs; that line is noise, not a result.
  systemd-nspawn --quiet --register=no --keep-unit --private-network --as-pid2 \
    --directory="$root" --machine="lanecast-${TEST_NAME//_/-}-$$" \
    --bind-ro="$PKG_DIR:/packages" --bind-ro="$FIXTURES_DIR:/fixtures" \
    --bind-ro="$TESTS_DIR:/lanecast-tests" --bind="$OUT:/out" \
    --setenv=DEBIAN_FRONTEND=noninteractive --setenv=LANG=C.UTF-8 \
    --setenv=TEST_NAME="$TEST_NAME" --setenv=OLD_VERSION="$OLD_VERSION" \
    --setenv=NEW_VERSION="$NEW_VERSION" --setenv=ARCH="$ARCH" "${setenv[@]}" \
    /bin/bash /lanecast-tests/inside/"$script" 2>&1 |
    { grep -v '^Attempted to remove disk file system under' || true; }
  return "${PIPESTATUS[0]}"
}
