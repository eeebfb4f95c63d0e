#!/usr/bin/env bash
# ctest "packaging.consumer": install the build into a scratch prefix, build the consumer
# against it with find_package(awsrest), and check that it signs like the suite says.
# Also checks that awsrest.pc resolves and that no public header includes a third-party one.
set -euo pipefail
build=$1 source=$2 data=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake --install "$build" --prefix "$work/prefix" >/dev/null
if grep -rEn '#include *<(curl|openssl|pugixml|rapidjson)' "$work/prefix/include/awsrest"; then
  echo "a public header includes a third-party header" >&2; exit 1
fi
pc_dir=$(dirname "$(find "$work/prefix" -name awsrest.pc -print -quit)")
PKG_CONFIG_PATH="$pc_dir" pkg-config --libs awsrest | grep -q -- -lawsrest
cmake -S "$source" -B "$work/build" -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/build" >/dev/null
got=$("$work/build/consumer")
want=$(cat "$data/sigv4/v4/get-vanilla/header-signature.txt")
if [[ "$got" != "$want" ]]; then
  echo "consumer signature $got, suite expects $want" >&2; exit 1
fi
echo "consumer built against the installed library signs get-vanilla correctly"
