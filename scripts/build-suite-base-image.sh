#!/usr/bin/env bash
# Builds entropo/base:<suite>-py3, the base image of another Debian release, offline with debootstrap (e.g. bullseye for
# Python 3.9, the version most SWE-bench specs ask for). Used by `entropo tasks build-image`; the default sandbox image
# stays scripts/build-base-image.sh's bookworm one. Cached outside the checkout, keyed by this script and the suite.
set -euo pipefail
SUITE="${1:?usage: build-suite-base-image.sh SUITE (bullseye, trixie, ...)}"
IMAGE="entropo/base:${SUITE}-py3"
CACHE="${ENTROPO_CACHE:-$HOME/.cache/entropo}"
MIRROR="${ENTROPO_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
PACKAGES="python3,git,ca-certificates,procps,coreutils,findutils,grep,sed,patch,diffutils"
# Debian splits distutils and lib2to3 out of the standard library until trixie; pip < 25 on Python < 3.10 needs distutils.
case "$SUITE" in buster|bullseye|bookworm) PACKAGES="$PACKAGES,python3-distutils,python3-lib2to3" ;; esac
key=$( { cat "$0"; echo "$SUITE"; } | sha256sum | cut -c1-16)
tarball="$CACHE/base-image-$SUITE-$key.tar"

if docker image inspect "$IMAGE" --format '{{ index .Config.Labels "entropo.base.key" }}' 2>/dev/null | grep -qx "$key"; then
  echo "base image $IMAGE is up to date ($key)"
  exit 0
fi
mkdir -p "$CACHE"
if [ ! -s "$tarball" ]; then
  command -v debootstrap >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap; }
  rootfs=$(mktemp -d "$CACHE/rootfs-$SUITE.XXXXXX")
  echo "debootstrap $SUITE into $rootfs (a few minutes, once)"
  debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$rootfs" "$MIRROR" > "$CACHE/debootstrap-$SUITE.log" 2>&1 \
    || { tail -20 "$CACHE/debootstrap-$SUITE.log"; rm -rf "$rootfs"; exit 1; }
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  mkdir -p "$rootfs/testbed"
  tar -C "$rootfs" -cf "$tarball.partial" .
  mv "$tarball.partial" "$tarball"
  rm -rf "$rootfs"
fi
docker import \
  -c 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  -c 'ENV LANG=C.UTF-8' \
  -c 'WORKDIR /testbed' \
  -c "LABEL entropo.base.key=$key" \
  -c 'CMD ["/bin/sh"]' \
  "$tarball" "$IMAGE" >/dev/null
echo "built $IMAGE ($key)"
