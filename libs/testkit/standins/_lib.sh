# Shared by the stand-in executables. Each stand-in prints what the real tool prints on
# Ubuntu 24.04, keeps its state under $STANDIN_STATE, logs every call to
# $STANDIN_STATE/calls.log, and fails on demand:
#   $STANDIN_STATE/fail/<tool>   first line: exit code; the rest: stderr to print
#                                (removed after one use unless named <tool>.always)
#   $STANDIN_STATE/delay/<tool>  seconds to sleep before answering
set -u
: "${STANDIN_STATE:?STANDIN_STATE is not set: stand-ins need a state folder}"
tool=$(basename "$0")
mkdir -p "$STANDIN_STATE"
printf '%s\t%s\n' "$tool" "$*" >> "$STANDIN_STATE/calls.log"
if [ -f "$STANDIN_STATE/delay/$tool" ]; then sleep "$(cat "$STANDIN_STATE/delay/$tool")"; fi
for f in "$STANDIN_STATE/fail/$tool" "$STANDIN_STATE/fail/$tool.always"; do
  if [ -f "$f" ]; then
    code=$(head -n1 "$f")
    tail -n +2 "$f" >&2
    case "$f" in *.always) ;; *) rm -f "$f" ;; esac
    exit "$code"
  fi
done
