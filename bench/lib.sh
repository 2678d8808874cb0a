# Shared by bench scripts that start the hub from its jar on a fresh work dir; source it after `cd` to the repository
# root. bench_start NAME: a work dir /tmp/NAME.XXXXXX in $WORK, removed on exit together with the hub ($HUB_PID, if
# set); the jar in $JAR, built when missing or older than src/ or pom.xml; the runtime classpath in $CP. Then
# bench_compile FILE... compiles bench sources into $WORK/classes.

bench_cleanup() {
  local rc=$?
  if [ -n "${HUB_PID:-}" ]; then kill "$HUB_PID" 2>/dev/null; wait "$HUB_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
  exit $rc
}

bench_start() {
  WORK=$(mktemp -d "/tmp/$1.XXXXXX")
  HUB_PID=
  trap bench_cleanup EXIT
  JAR=target/xoev-hub-0.1.0-SNAPSHOT.jar
  if [ ! -f "$JAR" ] || [ -n "$(find src pom.xml -newer "$JAR" -print -quit)" ]; then ./mvnw -q -DskipTests package; fi
  ./mvnw -q dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" -Dmdep.includeScope=runtime >/dev/null
  CP="$(cat "$WORK/cp.txt")"
}

bench_compile() {
  mkdir -p "$WORK/classes"
  javac -nowarn -d "$WORK/classes" -cp "$CP" "$@"
}
