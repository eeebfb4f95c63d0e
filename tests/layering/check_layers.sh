#!/usr/bin/env bash
# Every #include "<part>/..." in niamd/src/<part>/ names the part itself or a part its line
# in parts.txt allows; every folder under niamd/src is a listed part.
#   check_layers.sh NIAMD_SRC PARTS_FILE
set -euo pipefail
src=$1 parts=$2
declare -A allowed
status=0
while IFS= read -r line; do
  [[ -z $line || $line == \#* ]] && continue
  for below in ${line#*:}; do   # only parts of earlier lines: no cycle can be declared
    [[ -n ${allowed[$below]+x} ]] || { echo "$(basename "$parts"): ${line%%:*} lists $below, not a part above it"; status=1; }
  done
  allowed[${line%%:*}]=" ${line#*:} "
done <"$parts"
for dir in "$src"/*/; do
  part=$(basename "$dir")
  if [[ -z ${allowed[$part]+x} ]]; then
    echo "niamd/src/$part: a part not listed in $parts"; status=1; continue
  fi
  while IFS=: read -r file number text; do
    used=$(sed -E 's/^#include "([a-z_]+)\/.*/\1/' <<<"$text")
    [[ $used == "$part" || -z ${allowed[$used]+x} ]] && continue   # itself, or not a part (e.g. awsrest/)
    if [[ ${allowed[$part]} != *" $used "* ]]; then
      echo "${file#"$src"/}:$number: $part includes $used, which it does not list in $(basename "$parts")"
      status=1
    fi
  done < <(grep -rnE '^#include "[a-z_]+/' "$dir" || true)
done
((status == 0)) && echo "niamd parts: every include goes to a listed part"
exit $status
