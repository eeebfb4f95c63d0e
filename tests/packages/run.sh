#!/usr/bin/env bash
# ctest "packaging.debs": cpack makes the three .deb packages from the build folder (the binaries
# already built, so no compiling), then, for each: its files and their modes against the list
# checked in beside this script (tests/packages/PACKAGE.files), its control fields, and lintian
# (no E: line). The packages are unpacked into a scratch root where the packaged niamd and
# awsrest-cli run, the packaged unit is verified, the sysusers.d file makes the niam user, and
# a program is built against the packaged library through find_package(awsrest) and through
# pkg-config, and signs the SigV4 suite's get-vanilla as the suite says.
#   run.sh BUILD_DIR VERSION CONFIG CONSUMER_SOURCE TEST_DATA
set -euo pipefail
build=$1 version=$2 config=$3 consumer=$4 data=$5
here=$(cd "$(dirname "$0")" && pwd)

for tool in cpack dpkg-deb dpkg-architecture dpkg-shlibdeps file lintian systemd-analyze systemd-sysusers pkg-config; do
  if ! command -v "$tool" >/dev/null; then
    echo "SKIP: $tool is missing (scripts/install-deps installs it)"; exit 77
  fi
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

if ! cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1; then
  cat "$work/cpack.log"; fail "cpack could not make the packages"
fi

arch=$(dpkg-architecture -qDEB_HOST_ARCH)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
root=$work/root
packages=(niamd awsrest-cli libawsrest-dev)
debs=()
for package in "${packages[@]}"; do
  deb=$work/out/${package}_${version}_${arch}.deb
  [[ -f $deb ]] || fail "no $(basename "$deb") (cpack made: $(cd "$work/out" && echo *.deb))"
  debs+=("$deb")

  # Files (folders aside) with their modes; every entry is root's.
  dpkg-deb -c "$deb" >"$work/$package.contents"
  if awk '$2 != "root/root"' "$work/$package.contents" | grep .; then fail "$package: entries not owned by root"; fi
  awk '$1 !~ /^d/ { path = $6; sub(/^\./, "", path); print $1, path }' "$work/$package.contents" \
    | sort >"$work/$package.got"
  grep -v '^#' "$here/$package.files" | sed "s|<multiarch>|$multiarch|; s|<config>|$config|" \
    | sort >"$work/$package.want"
  if ! diff -u "$work/$package.want" "$work/$package.got"; then
    fail "$package: files differ from tests/packages/$package.files (- expected, + packaged)"
  fi

  # Control fields.
  for field in Package Version Architecture Maintainer Section Priority Description; do
    [[ -n $(dpkg-deb -f "$deb" "$field") ]] || fail "$package: no $field field"
  done
  [[ $(dpkg-deb -f "$deb" Package) == "$package" ]] || fail "$package: Package $(dpkg-deb -f "$deb" Package)"
  [[ $(dpkg-deb -f "$deb" Version) == "$version" ]] \
    || fail "$package: Version $(dpkg-deb -f "$deb" Version), project $version"
  echo "$package: $(wc -l <"$work/$package.got") files as listed, $(stat -c %s "$deb") bytes," \
       "Depends: $(dpkg-deb -f "$deb" Depends)"
  dpkg-deb -x "$deb" "$root"
done

# The programs' Depends come from dpkg-shlibdeps; the -dev package's from its config files' needs.
for package in niamd awsrest-cli; do
  dpkg-deb -f "$work/out/${package}_${version}_${arch}.deb" Depends | grep -q 'libc6 (>=' \
    || fail "$package: Depends lacks the shared libraries (dpkg-shlibdeps)"
done
dpkg-deb -f "$work/out/libawsrest-dev_${version}_${arch}.deb" Depends | grep -q libcurl4-openssl-dev \
  || fail "libawsrest-dev: Depends lacks libcurl's -dev package"

# niamd's control files: /etc/default/niamd a conffile, maintainer scripts that parse.
dpkg-deb -e "$work/out/niamd_${version}_${arch}.deb" "$work/niamd.control"
[[ $(cat "$work/niamd.control/conffiles") == /etc/default/niamd ]] \
  || fail "niamd: conffiles is not /etc/default/niamd"
for script in postinst prerm postrm; do
  [[ -x $work/niamd.control/$script ]] || fail "niamd: no executable $script"
  sh -n "$work/niamd.control/$script" || fail "niamd: $script does not parse"
done
grep -q 'systemd-sysusers.* niamd.conf' "$work/niamd.control/postinst" || fail "niamd: the postinst makes no niam user"

# The changelog's top entry is this version (lintian reads it too).
top=$(gzip -dc "$root/usr/share/doc/niamd/changelog.gz" | head -1)
[[ $top == "niam ($version) "* ]] || fail "packaging/changelog starts with '$top', the project is $version"

# The packaged programs run, stripped.
for binary in usr/sbin/niamd usr/bin/awsrest-cli; do
  file -b "$root/$binary" | grep -q ', stripped' || fail "/$binary is not stripped: $(file -b "$root/$binary")"
done
[[ $("$root/usr/sbin/niamd" --version) == "niamd $version" ]] \
  || fail "niamd --version: $("$root/usr/sbin/niamd" --version)"
"$root/usr/sbin/niamd" --help | grep -q '^usage: niamd ' || fail "niamd --help prints no usage"
"$root/usr/bin/awsrest-cli" --help | grep -q '^usage: awsrest-cli ' || fail "awsrest-cli --help prints no usage"
want=$(cat "$data/sigv4/v4/get-vanilla/header-signature.txt")
got=$("$root/usr/bin/awsrest-cli" sign --region us-east-1 --service service --time 20150830T123600Z \
        --access-key AKIDEXAMPLE --secret-key wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY --print signature \
        "$data/sigv4/v4/get-vanilla/request.txt")
[[ $got == "$want" ]] || fail "the packaged awsrest-cli signs get-vanilla as $got, the suite says $want"

# The packaged unit: ExecStart on the packaged niamd, and it verifies (pointed at the unpacked one).
unit=$root/lib/systemd/system/niamd.service
grep -Eq '^ExecStart=[-+!@:]*/usr/sbin/niamd -f ' "$unit" || fail "niamd.service: $(grep ExecStart "$unit")"
grep -q '^EnvironmentFile=-/etc/default/niamd$' "$unit" || fail "niamd.service does not read /etc/default/niamd"
grep -q '^User=niam$' "$unit" && grep -q '^Group=niam$' "$unit" || fail "niamd.service does not run as niam"
mkdir "$work/unit"
sed -E "s|^ExecStart=([-+!@:]*)/usr/sbin/niamd|ExecStart=\\1$root/usr/sbin/niamd|" "$unit" >"$work/unit/niamd.service"
out=$(SYSTEMD_LOG_LEVEL=warning systemd-analyze verify --man=no "$work/unit/niamd.service" 2>&1) \
  || fail "niamd.service: $out"
[[ -z $out ]] || fail "niamd.service: $out"
grep -q '^#NIAMD_ARGS=' "$root/etc/default/niamd" || fail "/etc/default/niamd has no commented NIAMD_ARGS"
grep -q '^NIAMD_ARGS=' "$root/etc/default/niamd" && fail "/etc/default/niamd sets NIAMD_ARGS"

# What the postinst runs, on the scratch root: the niam system user and group.
systemd-sysusers --root="$root" niamd.conf 2>/dev/null
grep -Eq '^niam:x:[0-9]+:[0-9]+:[^:]*:/var/lib/niam:/usr/sbin/nologin$' "$root/etc/passwd" \
  || fail "systemd-sysusers made no niam user: $(cat "$root/etc/passwd" 2>/dev/null)"
uid=$(awk -F: '$1 == "niam" { print $3 }' "$root/etc/passwd")
((uid < 1000)) || fail "niam is no system user (uid $uid)"
grep -q '^niam:x:' "$root/etc/group" || fail "systemd-sysusers made no niam group"

# A program built against the packaged library: find_package(awsrest) ...
cmake -S "$consumer" -B "$work/consumer-cmake" -DCMAKE_PREFIX_PATH="$root/usr" >"$work/consumer.log" 2>&1 \
  || { cat "$work/consumer.log"; fail "find_package(awsrest) against the packaged library"; }
grep -q "^awsrest_DIR:PATH=$root/usr/lib/$multiarch/cmake/awsrest\$" "$work/consumer-cmake/CMakeCache.txt" \
  || fail "find_package found another awsrest: $(grep awsrest_DIR "$work/consumer-cmake/CMakeCache.txt")"
cmake --build "$work/consumer-cmake" >>"$work/consumer.log" 2>&1 \
  || { cat "$work/consumer.log"; fail "the CMake consumer does not build"; }
got=$("$work/consumer-cmake/consumer")
[[ $got == "$want" ]] || fail "the CMake consumer signs get-vanilla as $got, the suite says $want"
# ... and pkg-config, the .pc's paths moved into the scratch root.
export PKG_CONFIG_SYSROOT_DIR=$root PKG_CONFIG_PATH=$root/usr/lib/$multiarch/pkgconfig
cflags=$(pkg-config --cflags awsrest) libs=$(pkg-config --libs awsrest)
[[ $cflags == *"-I$root/usr/include"* && $libs == *"-L$root/usr/lib/$multiarch"*"-lawsrest"* ]] \
  || fail "pkg-config awsrest: '$cflags' '$libs'"
# shellcheck disable=SC2086  # the flags are words
c++ -std=c++20 $cflags "$consumer/main.cpp" -o "$work/consumer-pc" $libs \
  || fail "the pkg-config consumer does not build"
got=$("$work/consumer-pc")
[[ $got == "$want" ]] || fail "the pkg-config consumer signs get-vanilla as $got, the suite says $want"

# lintian: no error; warnings and information tags are printed and allowed.
lintian --allow-root --display-info "${debs[@]}" >"$work/lintian.txt" 2>&1 || true
grep -E '^[EWI]: ' "$work/lintian.txt" || true
if grep -q '^E: ' "$work/lintian.txt"; then
  cat "$work/lintian.txt"; fail "lintian reports errors"
fi
echo "lintian: no error, $(grep -c '^W: ' "$work/lintian.txt") warning(s)"
echo "the three packages install, run and link as expected"
