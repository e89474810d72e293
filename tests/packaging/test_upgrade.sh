#!/usr/bin/env bash
# Upgrade from the previous version with a seeded database and an edited conffile, run
# non-interactively, in a Debian 12 tree made by mmdebstrap: every stored event is still there,
# the edit survives and is in effect, and dpkg never touched the database.
source "$(dirname "$0")/lib.sh"

require_root
ensure_packages
ensure_tree
overlay_tree upgrade
run_in_tree "$TREE_ROOT" upgrade.sh || fail "see the step above"
passed
