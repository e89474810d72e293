#!/usr/bin/env bash
# Publishes lanecast packages into a signed apt repository made with reprepro, the one the
# store PCs track (docs/packaging.md, "A signed repository").
#
#   packaging/repo/publish.sh --repo DIR --key KEYID FILE.deb...
#
# Creates DIR on first use (conf/distributions from distributions.in beside this script),
# adds each package to bookworm/main, replacing an older version, signs Release/InRelease with
# KEYID from gpg's keyring ($GNUPGHOME or ~/.gnupg), and exports the public key as
# DIR/lanecast-archive.gpg for the stores' /etc/apt/keyrings/. Serve DIR's dists/ and pool/
# over HTTP(S), or mount it, and point lanecast.sources at it.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=""
key=""
while [ $# -gt 0 ]; do
  case "$1" in
    --repo) repo=$2; shift 2 ;;
    --key) key=$2; shift 2 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "publish.sh: unknown option $1" >&2; exit 2 ;;
    *) break ;;
  esac
done
[ -n "$repo" ] && [ -n "$key" ] && [ $# -gt 0 ] ||
  { echo "usage: publish.sh --repo DIR --key KEYID FILE.deb..." >&2; exit 2; }
gpg --batch --list-secret-keys "$key" >/dev/null 2>&1 ||
  { echo "publish.sh: no secret key $key in gpg's keyring" >&2; exit 1; }

mkdir -p "$repo/conf"
sed "s/@SIGN_WITH@/$key/" "$here/distributions.in" >"$repo/conf/distributions"
for deb in "$@"; do
  reprepro --basedir "$repo" --silent includedeb bookworm "$deb"
done
# Signs again even when nothing changed, so a rotated key takes effect on the next publish.
reprepro --basedir "$repo" --silent export bookworm
gpg --batch --yes --export "$key" >"$repo/lanecast-archive.gpg" 2>/dev/null
