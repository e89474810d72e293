#!/usr/bin/env bash
# Install, remove, purge and reinstall both packages with dpkg in a Debian 12 tree made by
# mmdebstrap (no systemd running, as in a chroot): the users, the tokens, the enabled units, and
# that purge removes configuration and tokens but keeps /var/lib/lanecast.
source "$(dirname "$0")/lib.sh"

require_root
ensure_packages
ensure_tree
overlay_tree install
run_in_tree "$TREE_ROOT" install_purge.sh || fail "see the step above"
passed
