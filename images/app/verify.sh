#!/bin/bash
# End-to-end check of the app image parts against the base image (run as root on the build machine):
#   images/app/verify.sh [BASE_IMAGE]      (default slipway/tomcat10-jre17:bookworm; build it first with
#                                           images/base/build.sh)
# Builds samples/greeting offline, explodes greeting-web.war into a context laid out like Dockerfile.example,
# builds the image (--network host), then checks: /health, / and /info (NCE_CONF overlay, port), static file,
# PID 1 = dumb-init with java as its direct child, `docker stop` -> 143 quickly with Tomcat's shutdown lines in
# docker logs AND /var/log/slipway/catalina.log (3 runs), unknown NCE_CONF -> exit 64, NCE_JAVA_OPTS last and
# masked, NCE_SIDECAR orphans reaped. Everything binds 127.0.0.1. Cleans up its containers, image and temp dir.
set -euo pipefail

BASE="${1:-slipway/tomcat10-jre17:bookworm}"
DOCKER="${DOCKER:-/usr/bin/docker}"
PORT="${VERIFY_PORT:-18999}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
SAMPLE="$REPO/samples/greeting"
TAG="slipway-verify/greeting-web:$$"
WORK="$(mktemp -d /tmp/slipway-verify.XXXXXX)"
CONTAINERS=()
FAILS=0

log() { printf '[verify] %s\n' "$*"; }
ok() { printf '[verify]   ok: %s\n' "$*"; }
bad() { printf '[verify]   FAIL: %s\n' "$*" >&2; FAILS=$((FAILS + 1)); }
cleanup() {
  local c
  for c in "${CONTAINERS[@]}"; do "$DOCKER" rm -f "$c" >/dev/null 2>&1 || true; done
  "$DOCKER" rmi -f "$TAG" >/dev/null 2>&1 || true
  "$DOCKER" image prune -f >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

"$DOCKER" image inspect "$BASE" >/dev/null 2>&1 || { echo "base image $BASE missing: run images/base/build.sh $BASE" >&2; exit 2; }
for p in $PORT; do
  if ss -ltn "( sport = :$p )" | grep -q LISTEN; then echo "port $p is busy; set VERIFY_PORT" >&2; exit 2; fi
done

# --- 1. build the war offline -------------------------------------------------------------------------------
log "mvn clean install -pl greeting-web -am (offline, Debian repo)"
(cd "$SAMPLE" && mvn -B -q -s "$REPO/samples/maven/settings.xml" clean install -pl greeting-web -am) >"$WORK/mvn.log" 2>&1 \
  || { sed 's/\x1b\[[0-9;]*m//g' "$WORK/mvn.log" | tail -30 >&2; exit 1; }
WAR="$SAMPLE/greeting-web/target/greeting-web.war"
log "war: $(sha256sum "$WAR" | cut -c1-16)... $(stat -c %s "$WAR") bytes"

# --- 2. explode into the context layout of Dockerfile.example ----------------------------------------------
CTX="$WORK/ctx"
mkdir -p "$CTX/war" "$CTX/webapp/lib" "$CTX/webapp/classes" "$CTX/webapp/static"
entries=$(unzip -Z1 "$WAR")
if grep -Eq '(^/|(^|/)\.\.(/|$))' <<<"$entries"; then echo "unsafe path in war" >&2; exit 1; fi
unzip -q "$WAR" -d "$CTX/war"
[[ -d "$CTX/war/WEB-INF/lib" ]] && cp -a "$CTX/war/WEB-INF/lib/." "$CTX/webapp/lib/"
[[ -d "$CTX/war/WEB-INF/classes" ]] && cp -a "$CTX/war/WEB-INF/classes/." "$CTX/webapp/classes/"
rm -rf "$CTX/war/WEB-INF/lib" "$CTX/war/WEB-INF/classes"
cp -a "$CTX/war/." "$CTX/webapp/static/"
rm -rf "$CTX/war"
install -m 0755 "$HERE/start.sh" "$CTX/start.sh"
sed "s|^FROM .*|FROM $BASE|" "$HERE/Dockerfile.example" >"$CTX/Dockerfile"

log "docker build --network host -t $TAG"
t0=$(date +%s.%N)
"$DOCKER" build --network host -q -t "$TAG" "$CTX" >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log" >&2; exit 1; }
log "built in $(printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)") s"

# --- helpers ------------------------------------------------------------------------------------------------
run() { # run NAME ENV... -> starts a container bound to 127.0.0.1:$PORT
  local name="$1"; shift
  local args=(-d --network host --name "$name" -e NCE_ADDRESS=127.0.0.1 -e NCE_PORT="$PORT")
  local e; for e in "$@"; do args+=(-e "$e"); done
  CONTAINERS+=("$name")
  "$DOCKER" run "${args[@]}" "$TAG" >/dev/null
}
wait_health() { # wait_health NAME: 200 from /health within 60 s
  local deadline=$(( $(date +%s) + 60 ))
  while (( $(date +%s) < deadline )); do
    if [[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/health" || true)" == 200 ]]; then return 0; fi
    [[ "$("$DOCKER" inspect -f '{{.State.Running}}' "$1")" == true ]] || { "$DOCKER" logs "$1" 2>&1 | tail -20 >&2; return 1; }
    sleep 0.3
  done
  return 1
}
stop_check() { # stop_check NAME: exit 143 fast, shutdown lines in docker logs and the log file
  local name="$1" t0 t1 secs code
  t0=$(date +%s.%N); "$DOCKER" stop -t 10 "$name" >/dev/null; t1=$(date +%s.%N)
  secs=$(printf '%.2f' "$(echo "$t1 - $t0" | bc)")
  code=$("$DOCKER" inspect -f '{{.State.ExitCode}}' "$name")
  "$DOCKER" logs "$name" >"$WORK/$name.dlog" 2>&1
  "$DOCKER" cp "$name:/var/log/slipway/catalina.log" "$WORK/$name.flog" 2>/dev/null || : >"$WORK/$name.flog"
  local dl fl
  dl=$(grep -cE 'Stopping ProtocolHandler|Destroying ProtocolHandler' "$WORK/$name.dlog" || true)
  fl=$(grep -cE 'Stopping ProtocolHandler|Destroying ProtocolHandler' "$WORK/$name.flog" || true)
  if [[ "$code" == 143 && "$dl" -ge 2 && "$fl" -ge 2 ]] && (( $(echo "$secs < 5" | bc) )); then
    ok "docker stop $name: ${secs} s, exit $code, shutdown lines: docker logs $dl, catalina.log $fl"
  else
    bad "docker stop $name: ${secs} s, exit $code, shutdown lines: docker logs $dl, catalina.log $fl"
  fi
  STOP_TIMES+=("$secs")
}
in_ctr() { "$DOCKER" exec "$1" bash -c "$2"; }
STOP_TIMES=()

# --- 3. main run: NCE_CONF=local ------------------------------------------------------------------------------
log "run: NCE_CONF=local NCE_PORT=$PORT"
C="slw-verify-$$-main"
t0=$(date +%s.%N)
run "$C" NCE_CONF=local "NCE_JAVA_OPTS=-Xmx200m -Ddb.password=hunter2"
wait_health "$C" && ok "/health 200 after $(printf '%.1f' "$(echo "$(date +%s.%N) - $t0" | bc)") s" || bad "/health never 200"
[[ "$(curl -s "http://127.0.0.1:$PORT/health")" == OK ]] && ok "/health body OK" || bad "/health body"
body=$(curl -s "http://127.0.0.1:$PORT/")
log "  GET / -> $body"
grep -q '"message":"hello from local"' <<<"$body" && ok "/ shows the local config" || bad "/ config: $body"
grep -q "\"port\":$PORT" <<<"$body" && ok "/ shows port $PORT" || bad "/ port: $body"
grep -q '"conf":"local"' <<<"$body" && grep -q '"greeting":"Hello, Slipway!"' <<<"$body" \
  && grep -q '"version":"1.0.0-SNAPSHOT"' <<<"$body" && ok "/ shows conf, greeting, version" || bad "/ fields: $body"
grep -q '"message":"hello from local"' <<<"$(curl -s "http://127.0.0.1:$PORT/info")" && ok "/info" || bad "/info"
[[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/static/app.css")" == 200 ]] && ok "static/app.css 200" || bad "static"
# PID 1 and java
p1=$(in_ctr "$C" 'tr "\0" " " </proc/1/cmdline')
[[ "$p1" == /usr/bin/dumb-init* ]] && ok "PID 1: $p1" || bad "PID 1 is '$p1'"
jp=$(in_ctr "$C" 'for s in /proc/[0-9]*/stat; do read -r pid comm st ppid _ <"$s"; [[ $comm == "(java)" ]] && echo "$pid $ppid"; done' || true)
[[ "$(awk '{print $2}' <<<"$jp")" == 1 ]] && ok "java (pid $(awk '{print $1}' <<<"$jp")) is PID 1's direct child" || bad "java pid/ppid: '$jp'"
jcmd=$(in_ctr "$C" "tr '\0' ' ' </proc/$(awk '{print $1}' <<<"$jp")/cmdline")
[[ "$jcmd" == *"-Xmx256m"*"-Xmx200m"* && "$jcmd" == *"-Dhttp.port=$PORT"* && "$jcmd" == *"-Dnce.conf=local"* ]] \
  && ok "java args: -Dhttp.port, -Dnce.conf, NCE_JAVA_OPTS after the default heap" || bad "java args: $jcmd"
# (logs captured first: `docker logs | grep -q` under pipefail fails when grep exits early)
mainlogs=$("$DOCKER" logs "$C" 2>&1)
grep -q hunter2 <<<"$mainlogs" && bad "a secret from NCE_JAVA_OPTS reached docker logs" || ok "secret value not in docker logs"
grep '^slipway start:' <<<"$mainlogs" | sed 's/^/[verify]   /'
in_ctr "$C" 'ps -eo pid,ppid,user,stat,comm' | sed 's/^/[verify]     /'
stop_check "$C"

# --- 4. two more stop runs (3 in total) ----------------------------------------------------------------------
for i in 2 3; do
  C="slw-verify-$$-stop$i"
  run "$C" NCE_CONF=staging
  wait_health "$C" || bad "run $i: /health never 200"
  [[ $i == 2 ]] && { grep -q '"message":"hello from staging"' <<<"$(curl -s "http://127.0.0.1:$PORT/")" && ok "NCE_CONF=staging overlay" || bad "staging overlay"; }
  stop_check "$C"
done

# --- 5. unknown NCE_CONF -> 64 before Tomcat ------------------------------------------------------------------
C="slw-verify-$$-badconf"
run "$C" NCE_CONF=production
code=$("$DOCKER" wait "$C")
msg=$("$DOCKER" logs "$C" 2>&1)
if [[ "$code" == 64 && "$msg" == *"NCE_CONF='production'"* && "$msg" == *local* && "$msg" == *staging* && "$msg" != *Catalina* ]]; then
  ok "unknown NCE_CONF: exit 64: $msg"
else
  bad "unknown NCE_CONF: exit $code: $msg"
fi

# --- 6. sidecar and orphan reaping -----------------------------------------------------------------------------
C="slw-verify-$$-sidecar"
run "$C" NCE_CONF=local 'NCE_SIDECAR=sleep 1 & sleep 2 & echo sidecar-started; exit 0'
wait_health "$C" || bad "sidecar run: /health never 200"
sleep 3
z=$(in_ctr "$C" 'for s in /proc/[0-9]*/stat; do read -r pid comm st ppid _ <"$s"; [[ $st == Z ]] && echo "$pid $comm ppid=$ppid"; done' || true)
sclogs=$("$DOCKER" logs "$C" 2>&1)
grep -q sidecar-started <<<"$sclogs" && ok "sidecar ran" || bad "sidecar output missing"
[[ -z "$z" ]] && ok "no zombies after the sidecar's orphans exited" || bad "zombies: $z"
stop_check "$C"

log "stop times: ${STOP_TIMES[*]} s"
if (( FAILS > 0 )); then log "$FAILS check(s) FAILED"; exit 1; fi
log "all checks passed"
