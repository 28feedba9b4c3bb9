#!/bin/bash
# Slipway application start script: the CMD of every app image, run under dumb-init (the ENTRYPOINT).
#   ENTRYPOINT ["/usr/bin/dumb-init", "--"]   CMD ["/opt/slipway/start.sh"]
#
# Contract (environment variables; all optional):
#   NCE_PORT       Tomcat HTTP connector port, passed as -Dhttp.port (default 8080). There is no shutdown port.
#   NCE_ADDRESS    bind address of the connector, -Dhttp.address (default 0.0.0.0 = all IPv4 interfaces; tests
#                  on a shared host use 127.0.0.1)
#   NCE_CONF       configuration set: the folder WEB-INF/classes/$NCE_CONF/ of the exploded webapp is copied
#                  over WEB-INF/classes/ before Tomcat starts. Unknown name -> error listing the folders, exit 64.
#                  For a packed webapp (webapps/ROOT.war) it is only passed as -Dnce.conf=$NCE_CONF.
#                  Always also passed as -Dnce.conf. Empty/unset: the war's defaults are used.
#   NCE_XMS        initial heap, -Xms (default 128m)
#   NCE_XMX        maximum heap, -Xmx (default 256m)
#   NCE_JAVA_OPTS  extra JVM options, appended LAST to CATALINA_OPTS (so they override the above)
#   NCE_SIDECAR    a command (run with bash -c) started in the background before Tomcat; it is re-parented to
#                  dumb-init (PID 1), which reaps it, and it receives the same SIGTERM on `docker stop`.
# Logs: Tomcat's console goes to `docker logs` AND to /var/log/slipway/catalina.log (rotatelogs: 10M, 5 files).
# Java is dumb-init's direct child (exec), so `docker stop` gives a graceful Tomcat shutdown (exit 143).
# Exit codes before Tomcat starts: 64 = bad setting (NCE_*), 66 = no webapp, 73 = cannot apply NCE_CONF.
set -euo pipefail

CATALINA_HOME="${CATALINA_HOME:-/usr/share/tomcat10}"
CATALINA_BASE="${CATALINA_BASE:-/var/lib/tomcat10}"
export CATALINA_HOME CATALINA_BASE
export CATALINA_TMPDIR="${CATALINA_TMPDIR:-/tmp}"
WEBAPPS="$CATALINA_BASE/webapps"
WEBAPP="$WEBAPPS/ROOT"
LOG_DIR=/var/log/slipway
LOG_FILE="$LOG_DIR/catalina.log"
LOG_SIZE=10M
LOG_FILES=5

fail() { local code="$1"; shift; printf 'slipway start: error: %s\n' "$*" >&2; exit "$code"; }

# --- port ------------------------------------------------------------------------------------------------
port="${NCE_PORT:-8080}"
[[ "$port" =~ ^[0-9]{1,5}$ ]] && (( 10#$port >= 1 && 10#$port <= 65535 )) \
  || fail 64 "NCE_PORT must be a TCP port number 1-65535, got '$port'"
port=$(( 10#$port ))

address="${NCE_ADDRESS:-0.0.0.0}"
[[ "$address" =~ ^[0-9A-Fa-f:.]+$ ]] || fail 64 "NCE_ADDRESS must be an IP address, got '$address'"

# --- heap ------------------------------------------------------------------------------------------------
xms="${NCE_XMS:-128m}"
xmx="${NCE_XMX:-256m}"
[[ "$xms" =~ ^[0-9]+[kKmMgG]?$ ]] || fail 64 "NCE_XMS must look like 128m / 1g, got '$xms'"
[[ "$xmx" =~ ^[0-9]+[kKmMgG]?$ ]] || fail 64 "NCE_XMX must look like 256m / 2g, got '$xmx'"

# --- configuration set (NCE_CONF) ---------------------------------------------------------------------------
conf="${NCE_CONF:-}"
mode=""
if [[ -d "$WEBAPP" ]]; then
  mode=exploded
elif [[ -f "$WEBAPPS/ROOT.war" ]]; then
  mode=packed
else
  fail 66 "no webapp: neither $WEBAPP/ nor $WEBAPPS/ROOT.war exists"
fi

config_folders() {
  # folders directly under WEB-INF/classes that hold files themselves (skips Java package trees like io/)
  local d
  for d in "$WEBAPP/WEB-INF/classes"/*/; do
    [[ -d "$d" ]] || continue
    if find "$d" -maxdepth 1 -type f -print -quit | grep -q .; then basename "$d"; fi
  done
}

if [[ -n "$conf" ]]; then
  if [[ ! "$conf" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*$ ]]; then
    fail 64 "NCE_CONF='$conf' is not a valid configuration folder name (letters, digits, . _ -)"
  fi
  if [[ "$mode" == exploded ]]; then
    classes="$WEBAPP/WEB-INF/classes"
    if [[ ! -d "$classes/$conf" ]]; then
      found="$(config_folders | paste -sd ' ' -)"
      fail 64 "NCE_CONF='$conf' names no configuration folder: $classes/$conf/ does not exist;" \
              "folders found in WEB-INF/classes: ${found:-(none)}"
    fi
    cp -a "$classes/$conf/." "$classes/" \
      || fail 73 "cannot copy $classes/$conf/ over $classes/ (is it writable by user $(id -un)?)"
  fi
fi

# --- JVM options -----------------------------------------------------------------------------------------
opts="-Dhttp.port=$port -Dhttp.address=$address -Xms$xms -Xmx$xmx -Djava.awt.headless=true"
[[ -n "$conf" ]] && opts="$opts -Dnce.conf=$conf"
[[ -n "${CATALINA_OPTS:-}" ]] && opts="$opts $CATALINA_OPTS"
[[ -n "${NCE_JAVA_OPTS:-}" ]] && opts="$opts $NCE_JAVA_OPTS"    # last: may override anything above
export CATALINA_OPTS="$opts"

# NCE_JAVA_OPTS as printed: values of -D/-X options whose name looks secret are masked
masked_java_opts() {
  local w out=() re='^(-D|--?)[^=]*([Pp][Aa][Ss][Ss]|[Ss][Ee][Cc][Rr][Ee][Tt]|[Tt][Oo][Kk][Ee][Nn]|[Kk][Ee][Yy]|[Cc][Rr][Ee][Dd]|[Pp][Ww][Dd])[^=]*='
  local -a words
  read -r -a words <<<"${NCE_JAVA_OPTS:-}"
  for w in "${words[@]}"; do
    if [[ "$w" =~ $re ]]; then out+=("${w%%=*}=***"); else out+=("$w"); fi
  done
  printf '%s' "${out[*]:-}"
}

# --- optional sidecar ------------------------------------------------------------------------------------
sidecar=no
if [[ -n "${NCE_SIDECAR:-}" ]]; then
  # double fork: the sidecar's parent exits at once, so it is re-parented to dumb-init (PID 1), which reaps it
  # and forwards SIGTERM to it (same process group). Its output goes to docker logs.
  ( bash -c "$NCE_SIDECAR" </dev/null & )
  sidecar=yes
fi

# --- log copy --------------------------------------------------------------------------------------------
log_copy=no
if mkdir -p "$LOG_DIR" 2>/dev/null && [[ -w "$LOG_DIR" ]] && command -v rotatelogs >/dev/null 2>&1; then
  log_copy=yes
fi

printf 'slipway start: port=%s address=%s conf=%s webapp=%s heap=%s/%s java_opts=[%s] sidecar=%s log_file=%s user=%s\n' \
  "$port" "$address" "${conf:-(default)}" "$mode" "$xms" "$xmx" "$(masked_java_opts)" "$sidecar" \
  "$( [[ $log_copy == yes ]] && echo "$LOG_FILE" || echo "(none: $LOG_DIR not writable)" )" "$(id -un)"

cd "$CATALINA_BASE"
if [[ "$log_copy" == yes ]]; then
  # java must be dumb-init's direct child: `catalina.sh run` execs java in this very process. The log copy
  # runs in a process substitution that ignores SIGTERM (dumb-init signals the whole process group) and ends
  # on EOF, after java has written its shutdown lines. tee -p keeps docker logs going if rotatelogs fails.
  exec "$CATALINA_HOME/bin/catalina.sh" run \
    > >(trap '' TERM INT; exec tee -p /dev/stderr | rotatelogs -f -n "$LOG_FILES" "$LOG_FILE" "$LOG_SIZE") 2>&1
else
  exec "$CATALINA_HOME/bin/catalina.sh" run
fi
