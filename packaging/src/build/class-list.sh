#!/bin/sh
# Writes the class list that 'sluice --class-archive' turns into a class data sharing archive: the classes the
# short commands load, found by running them (names only, so the list is valid wherever the jars are installed).
# Usage: class-list.sh JAVA OUTPUT LOGBACK_XML CLASSPATH
set -eu
java=$1
output=$2
logback=$3
classpath=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

runs=0
train() {
  runs=$((runs + 1))
  # Exit codes are ignored: a command that fails (no tracker to reach here) has loaded what it needed by then.
  # With the distribution's logging configuration, as the launcher passes it: parsing it loads hundreds of classes.
  "$java" -Xshare:off -XX:DumpLoadedClassList="$work/$runs.lst" -Dlogback.configurationFile="$logback" \
    -cp "$classpath" io.sluice.cli.SluiceCommand "$@" \
    >/dev/null 2>&1 || true
}

# A tracker endpoint on a port nothing listens on: the AWS SDK builds its client, signs and sends the request,
# and fails at once (one attempt), having loaded what a real 'batches list' loads bar the response's classes.
export AWS_ACCESS_KEY_ID=class-list AWS_SECRET_ACCESS_KEY=class-list AWS_MAX_ATTEMPTS=1

train --version
train batches list --help
train batches list --endpoint http://127.0.0.1:9 --region us-east-1
train batches describe --endpoint http://127.0.0.1:9 --region us-east-1 --prefix class-list/logs class-list-batch
train files query --endpoint http://127.0.0.1:9 --region us-east-1 s3://class-list/key
train config default
cat "$work"/*.lst | sort -u >"$output"
# Fewer classes than --version alone loads means the commands did not run at all: fail the build, not the speed.
[ "$(wc -l <"$output")" -gt 1500 ] || { echo "class-list.sh: only $(wc -l <"$output") classes in $output" >&2; exit 1; }
