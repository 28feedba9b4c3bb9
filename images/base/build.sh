#!/bin/bash
# Build the Slipway base image (Debian 12 minbase + OpenJDK 17 JRE + Tomcat 10.1 + dumb-init) without any
# registry: debootstrap a root file system from the Debian mirror this machine already uses, configure Tomcat
# for containers, and `docker import` it.
#
# Usage: images/base/build.sh IMAGE_REF          e.g. images/base/build.sh slipway/tomcat10-jre17:bookworm
# The image carries the container metadata every app image needs (so app Dockerfiles need almost none; on the
# vfs storage driver every Dockerfile instruction costs a full copy of the rootfs):
#   ENTRYPOINT ["/usr/bin/dumb-init","--"]  CMD ["/opt/slipway/start.sh"]  USER tomcat  EXPOSE 8080
#   WORKDIR /var/lib/tomcat10  ENV JAVA_HOME CATALINA_HOME CATALINA_BASE CATALINA_TMPDIR PATH LANG
# Env:   DEBIAN_MIRROR     override the mirror (default: parsed from /etc/apt, else http://deb.debian.org/debian)
#        DEBIAN_SECURITY   override the security mirror (default: parsed, else http://deb.debian.org/debian-security)
#        SOURCE_DATE_EPOCH mtime for every file in the rootfs tar (default 1767225600 = 2026-01-01T00:00:00Z)
#        DOCKER            docker client to use (default /usr/bin/docker if present, else docker)
# Needs: root, debootstrap, a running Docker engine. Idempotent: re-running re-tags IMAGE_REF and removes the
# previous image if nothing else refers to it. The temp dir is always removed (and proc unmounted).
set -euo pipefail

SUITE=bookworm
PACKAGES=(openjdk-17-jre-headless systemd-standalone-sysusers systemd-standalone-tmpfiles tomcat10 dumb-init
          apache2-utils procps)
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
START_TS=$(date +%s)

log() { printf '[base %3ss] %s\n' "$(( $(date +%s) - START_TS ))" "$*"; }
die() { printf 'build.sh: error: %s\n' "$*" >&2; exit 1; }

[[ $# -eq 1 && -n "$1" ]] || die "usage: $0 IMAGE_REF   (e.g. slipway/tomcat10-jre17:bookworm)"
IMAGE_REF="$1"
[[ "$(id -u)" -eq 0 ]] || die "must run as root (debootstrap, chroot and mount need it); try: sudo $0 $IMAGE_REF"
command -v debootstrap >/dev/null 2>&1 || [[ -x /usr/sbin/debootstrap ]] \
  || die "debootstrap not found; install it: apt-get install -y debootstrap"
PATH="$PATH:/usr/sbin:/sbin"
if [[ -z "${DOCKER:-}" ]]; then
  if [[ -x /usr/bin/docker ]]; then DOCKER=/usr/bin/docker; else DOCKER=docker; fi
fi
"$DOCKER" info >/dev/null 2>&1 || die "the Docker engine does not answer ($DOCKER info failed)"
for f in server.xml logging.properties ../app/start.sh; do [[ -f "$HERE/$f" ]] || die "missing $HERE/$f"; done

# --- the Debian mirror this machine already uses ---------------------------------------------------------
detect_uris() {
  # all URIs from deb822 .sources files and one-line sources.list entries, in order
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] && sed -n 's/^[[:space:]]*URIs:[[:space:]]*//p' "$f" | tr ' ' '\n'
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$f" ]] && awk '$1=="deb" { for (i=2;i<=NF;i++) if ($i !~ /^\[/ && $i !~ /\]$/) { print $i; break } }' "$f"
  done
  return 0
}
URIS="$(detect_uris | sed '/^$/d' | grep -E '^(https?|file)://' || true)"
MIRROR="${DEBIAN_MIRROR:-$(grep -v -- '-security' <<<"$URIS" | head -n1 || true)}"
MIRROR="${MIRROR:-http://deb.debian.org/debian}"
SECURITY="${DEBIAN_SECURITY:-$(grep -- '-security' <<<"$URIS" | head -n1 || true)}"
SECURITY="${SECURITY:-http://deb.debian.org/debian-security}"
MIRROR="${MIRROR%/}"; SECURITY="${SECURITY%/}"
log "image: $IMAGE_REF; mirror: $MIRROR; security: $SECURITY"

# --- temp dir, always cleaned ----------------------------------------------------------------------------
WORK="$(mktemp -d /var/tmp/slipway-base.XXXXXX)"
ROOT="$WORK/root"
cleanup() {
  local rc=$?
  if mountpoint -q "$ROOT/proc" 2>/dev/null; then umount "$ROOT/proc" 2>/dev/null || umount -l "$ROOT/proc" || true; fi
  rm -rf --one-file-system "$WORK" || true
  if [[ $rc -ne 0 ]]; then printf 'build.sh: failed (exit %s); temp dir removed\n' "$rc" >&2; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- debootstrap ------------------------------------------------------------------------------------------
log "debootstrap --variant=minbase $SUITE (log: $WORK/debootstrap.log)"
if ! debootstrap --variant=minbase "$SUITE" "$ROOT" "$MIRROR" >"$WORK/debootstrap.log" 2>&1; then
  tail -n 30 "$WORK/debootstrap.log" >&2
  [[ -f "$ROOT/debootstrap/debootstrap.log" ]] && tail -n 30 "$ROOT/debootstrap/debootstrap.log" >&2
  die "debootstrap failed"
fi

# --- apt sources, no docs, no service starts ---------------------------------------------------------------
rm -f "$ROOT/etc/apt/sources.list"
cat >"$ROOT/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $MIRROR
Suites: $SUITE $SUITE-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: $SECURITY
Suites: $SUITE-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
cat >"$ROOT/etc/dpkg/dpkg.cfg.d/slipway-nodoc" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
EOF
cat >"$ROOT/etc/apt/apt.conf.d/slipway-norecommends" <<'EOF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
EOF
printf '#!/bin/sh\nexit 101\n' >"$ROOT/usr/sbin/policy-rc.d"
chmod 0755 "$ROOT/usr/sbin/policy-rc.d"

# --- install packages (proc mounted: the JRE's postinst needs it) -----------------------------------------
mount -t proc proc "$ROOT/proc"
in_root() { chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
  LC_ALL=C HOME=/root "$@"; }
log "apt-get update"
in_root apt-get update -qq >"$WORK/apt.log" 2>&1 || { tail -n 30 "$WORK/apt.log" >&2; die "apt-get update failed"; }
log "apt-get install --no-install-recommends ${PACKAGES[*]}"
in_root apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >>"$WORK/apt.log" 2>&1 \
  || { tail -n 40 "$WORK/apt.log" >&2; die "apt-get install failed"; }
in_root apt-get -y -qq upgrade >>"$WORK/apt.log" 2>&1 || { tail -n 30 "$WORK/apt.log" >&2; die "apt-get upgrade failed"; }
TOMCAT_VERSION="$(in_root dpkg-query -W -f='${Version}' tomcat10)"
JRE_VERSION="$(in_root dpkg-query -W -f='${Version}' openjdk-17-jre-headless)"
JAVA_HOME_DIR="$(in_root readlink -f /usr/bin/java)"; JAVA_HOME_DIR="${JAVA_HOME_DIR%/bin/java}"
log "installed tomcat10 $TOMCAT_VERSION, openjdk-17-jre-headless $JRE_VERSION (JAVA_HOME $JAVA_HOME_DIR)"
[[ -x "$ROOT$JAVA_HOME_DIR/bin/java" ]] || die "java not found in the root fs"
in_root java -version >/dev/null 2>&1 || die "java does not run inside the root fs"
umount "$ROOT/proc"

# --- Tomcat for containers -------------------------------------------------------------------------------
log "configuring Tomcat (server.xml, console-only logging.properties, no default webapp)"
install -m 0644 -o root -g "$(stat -c %g "$ROOT/etc/tomcat10/server.xml")" "$HERE/server.xml" "$ROOT/etc/tomcat10/server.xml"
install -m 0644 -o root -g "$(stat -c %g "$ROOT/etc/tomcat10/logging.properties")" "$HERE/logging.properties" \
  "$ROOT/etc/tomcat10/logging.properties"
if grep -q '^[[:space:]]*http\.port' "$ROOT/etc/tomcat10/catalina.properties"; then
  die "catalina.properties sets http.port: it would override -Dhttp.port"
fi
rm -rf "$ROOT/var/lib/tomcat10/webapps/ROOT"
TOMCAT_UID="$(in_root id -u tomcat)"; TOMCAT_GID="$(in_root id -g tomcat)"
install -d -m 0755 -o "$TOMCAT_UID" -g "$TOMCAT_GID" "$ROOT/var/log/slipway"
# the generic start script (app images COPY their own copy over it; having it here makes the base runnable with
# just a war mounted at webapps/ROOT.war or webapps/ROOT/)
install -d -m 0755 "$ROOT/opt/slipway"
install -m 0755 "$HERE/../app/start.sh" "$ROOT/opt/slipway/start.sh"
chown "$TOMCAT_UID:$TOMCAT_GID" "$ROOT/var/lib/tomcat10/webapps"
# Catalina/localhost (context xml cache) and work dir must be writable by tomcat
install -d -m 0750 -o "$TOMCAT_UID" -g "$TOMCAT_GID" "$ROOT/var/cache/tomcat10"
[[ -e "$ROOT/etc/tomcat10/Catalina" ]] || install -d -m 0775 -o root -g "$TOMCAT_GID" "$ROOT/etc/tomcat10/Catalina"
cat >"$ROOT/etc/slipway-base-release" <<EOF
recipe=images/base/build.sh
suite=$SUITE
tomcat10=$TOMCAT_VERSION
openjdk-17-jre-headless=$JRE_VERSION
EOF

# --- slim down --------------------------------------------------------------------------------------------
log "removing docs, locales, apt lists and caches"
rm -f "$ROOT/usr/sbin/policy-rc.d"
in_root apt-get clean
rm -rf "$ROOT"/var/lib/apt/lists/* "$ROOT"/var/cache/apt/*.bin "$ROOT"/var/cache/debconf/*-old \
       "$ROOT"/var/lib/dpkg/*-old "$ROOT"/usr/share/man/* "$ROOT"/usr/share/info/* "$ROOT"/usr/share/locale/* \
       "$ROOT"/usr/share/lintian/* "$ROOT"/tmp/* "$ROOT"/var/tmp/* "$ROOT"/debootstrap
find "$ROOT/usr/share/doc" -mindepth 1 ! -name copyright ! -type d -delete 2>/dev/null || true
find "$ROOT/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
find "$ROOT/var/log" -type f -delete
find "$ROOT" -xdev -name '__pycache__' -type d -prune -exec rm -rf {} +
: >"$ROOT/etc/machine-id"
: >"$ROOT/etc/resolv.conf"      # docker bind-mounts the real one at run time
printf 'slipway\n' >"$ROOT/etc/hostname"

# --- tar and import -------------------------------------------------------------------------------------
EPOCH="${SOURCE_DATE_EPOCH:-1767225600}"
log "tar rootfs (mtime @$EPOCH, sorted, numeric owners)"
tar --numeric-owner --sort=name --mtime="@$EPOCH" --one-file-system \
    -C "$ROOT" -cf "$WORK/rootfs.tar" .
log "rootfs.tar: $(du -m "$WORK/rootfs.tar" | cut -f1) MB, sha256 $(sha256sum "$WORK/rootfs.tar" | cut -c1-16)..."

OLD_ID="$("$DOCKER" image inspect -f '{{.Id}}' "$IMAGE_REF" 2>/dev/null || true)"
NEW_ID="$("$DOCKER" import \
  --change "ENV JAVA_HOME=$JAVA_HOME_DIR" \
  --change "ENV CATALINA_HOME=/usr/share/tomcat10" \
  --change "ENV CATALINA_BASE=/var/lib/tomcat10" \
  --change "ENV CATALINA_TMPDIR=/tmp" \
  --change "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" \
  --change "ENV LANG=C.UTF-8" \
  --change "WORKDIR /var/lib/tomcat10" \
  --change "EXPOSE 8080" \
  --change "USER tomcat" \
  --change "LABEL io.slipway.base.recipe=images/base/build.sh io.slipway.base.suite=$SUITE io.slipway.base.tomcat=$TOMCAT_VERSION io.slipway.base.jre=$JRE_VERSION" \
  --change 'ENTRYPOINT ["/usr/bin/dumb-init", "--"]' \
  --change 'CMD ["/opt/slipway/start.sh"]' \
  --message "slipway base: debootstrap $SUITE minbase + tomcat10 $TOMCAT_VERSION + jre17" \
  "$WORK/rootfs.tar" "$IMAGE_REF")"
if [[ -n "$OLD_ID" && "$OLD_ID" != "$NEW_ID" ]]; then
  # the previous build of this tag is now dangling unless something else uses it
  "$DOCKER" rmi "$OLD_ID" >/dev/null 2>&1 && log "removed previous image ${OLD_ID:7:12}" || true
fi
SIZE="$("$DOCKER" image inspect -f '{{.Size}}' "$IMAGE_REF")"
log "done: $IMAGE_REF = ${NEW_ID:7:12} ($(( SIZE / 1000000 )) MB)"
