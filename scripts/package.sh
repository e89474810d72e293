#!/usr/bin/env bash
# Builds lanecast's Debian packages (lanecast, lanecast-kiosk and the source package) from this
# tree, in a temporary copy where packaging/debian becomes debian/, so the repository itself never
# gets a debian/ directory or build leftovers.
#
#   scripts/package.sh [--out DIR] [--worktree] [--keep-tree DIR]
#
#   --out DIR        where the .deb, .dsc, .changes and tarballs go (default build-deb/)
#   --worktree       package the working tree as git sees it (tracked files with their
#                    uncommitted changes, plus untracked files that are not ignored) instead of
#                    the committed HEAD; vendored node_modules trees stay out either way
#   --keep-tree DIR  build in DIR/lanecast-VERSION and keep it afterwards (for a rebuild with
#                    another changelog entry without compiling again)
#
# Needs the packages of scripts/install-deps.sh --with-packaging.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out="$root/build-deb"
keep_tree=""
from_worktree=0
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=$2; shift 2 ;;
    --keep-tree) keep_tree=$2; shift 2 ;;
    --worktree) from_worktree=1; shift ;;
    -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "package.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

if [ -n "$keep_tree" ]; then
  mkdir -p "$keep_tree"
  work=$(cd "$keep_tree" && pwd)
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/lanecast-package.XXXXXX")
  trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$out"
rm -rf "$work/tree" "$work"/lanecast-*/ "$work"/lanecast*_*

list_worktree() {
  git -C "$root" ls-files -z --cached --others --exclude-standard \
    | while IFS= read -r -d '' f; do
        case "$f" in */node_modules/*|node_modules/*) continue ;; esac
        [ -e "$root/$f" ] && printf '%s\0' "$f"
      done
}
mkdir "$work/tree"
if [ "$from_worktree" = 1 ]; then
  list_worktree | (cd "$root" && tar --null -T - -cf -) | tar -xf - -C "$work/tree"
else
  git -C "$root" archive --format=tar HEAD | tar -xf - -C "$work/tree"
fi

changelog="$work/tree/packaging/debian/changelog"
version=$(dpkg-parsechangelog -l "$changelog" -S Version)
upstream=${version%-*}
cmake_version=$(sed -n 's/^project(lanecast VERSION \([0-9.]*\).*/\1/p' "$work/tree/CMakeLists.txt")
if [ "$upstream" != "$cmake_version" ]; then
  echo "package.sh: packaging/debian/changelog says $upstream but CMakeLists.txt says" \
       "$cmake_version; lanecastd --version would not match the package" >&2
  exit 1
fi
src="$work/lanecast-$upstream"
mv "$work/tree" "$src"
changelog="$src/packaging/debian/changelog"

# Sorted names and fixed metadata keep the tarball the same for the same tree.
mtime=$(dpkg-parsechangelog -l "$changelog" -S Timestamp)
tar --sort=name --mtime="@$mtime" --owner=0 --group=0 --numeric-owner \
    -C "$work" -cJf "$work/lanecast_$upstream.orig.tar.xz" "lanecast-$upstream"

cp -a "$src/packaging/debian" "$src/debian"
echo "package.sh: building lanecast $version in $src"
(cd "$src" && dpkg-buildpackage --no-sign -j2 >"$work/build.log" 2>&1) || {
  tail -n 60 "$work/build.log" >&2
  echo "package.sh: dpkg-buildpackage failed; full log: $work/build.log" >&2
  [ -n "$keep_tree" ] || trap - EXIT
  exit 1
}

for f in "$work"/*.deb "$work"/*.dsc "$work"/*.changes "$work"/*.buildinfo \
         "$work"/*.debian.tar.* "$work"/*.orig.tar.*; do
  cp "$f" "$out/"
done
ls -1 "$out"/*"_$version"_*.deb
