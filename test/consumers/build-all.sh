#!/usr/bin/env bash
# Builds and runs the three downstream consumer projects against this checkout:
#   1. Meson, with fluxer as a subproject through a .wrap (wrap-file + packagecache tarball,
#      exactly what a user gets from a release tarball; no network),
#   2. make + pkg-config against a `meson install --destdir` tree,
#   3. CMake find_package(fluxer) against the same tree.
# Usage: test/consumers/build-all.sh <configured fluxer build dir>
# Prints one line per consumer: "consumer <name>: ok" or "consumer <name>: FAILED".
set -u
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:?usage: build-all.sh <build dir>}" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/fluxer-consumers.XXXXXX")
trap 'rm -rf "$work"' EXIT
failed=0
version=$(sed -n "s/^  version: '\([^']*\)'.*/\1/p" "$root/meson.build" | head -n1)

report() {  # name, status
  if [ "$2" -eq 0 ]; then echo "consumer $1: ok"; else echo "consumer $1: FAILED"; failed=1; fi
}

# --- 1. Meson subproject through a wrap -------------------------------------------------
meson_consumer() {
  local src="$work/meson"
  cp -r "$here/meson" "$src" && cp "$here/bot.cpp" "$work/bot.cpp" || return 1
  mkdir -p "$src/subprojects/packagecache"
  local tarball="fluxer-$version.tar.gz"
  # The tracked files of this checkout (committed or not), as a release tarball would hold them.
  (cd "$root" && git ls-files -z --cached --others --exclude-standard |
     tar --null -T - --transform "s,^,fluxer-$version/," -czf "$src/subprojects/packagecache/$tarball") || return 1
  local hash
  hash=$(sha256sum "$src/subprojects/packagecache/$tarball" | cut -d' ' -f1)
  # source_url is never used: meson finds the tarball in packagecache and checks its hash.
  cat > "$src/subprojects/fluxer.wrap" <<WRAP
[wrap-file]
directory = fluxer-$version
source_url = https://example.invalid/fluxer-$version.tar.gz
source_filename = $tarball
source_hash = $hash

[provide]
dependency_names = fluxer
WRAP
  meson setup "$src/build" "$src" --wrap-mode=nodownload -Dwerror=true >"$work/meson.log" 2>&1 &&
    ninja -C "$src/build" >>"$work/meson.log" 2>&1 &&
    "$src/build/bot" >>"$work/meson.log" 2>&1
}

# --- staged install for 2 and 3 ---------------------------------------------------------
stage="$work/stage"
meson install -C "$build" --destdir "$stage" --no-rebuild >"$work/install.log" 2>&1
install_status=$?
prefix=$(meson introspect "$build" --buildoptions | python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"]=="prefix"))')
libdir=$(meson introspect "$build" --buildoptions | python3 -c 'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"]=="libdir"))')
staged_lib="$stage$prefix/$libdir"

pkgconfig_consumer() {
  [ "$install_status" -eq 0 ] || return 1
  mkdir -p "$work/pkgconfig" && cp "$here/pkgconfig/Makefile" "$work/pkgconfig/" && cp "$here/bot.cpp" "$work/" || return 1
  make -C "$work/pkgconfig" PKG_CONFIG_PATH="$staged_lib/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$stage" \
    CXXFLAGS="-std=c++20 -Wall -Wextra -Wpedantic -Werror -O1" >"$work/pkgconfig.log" 2>&1 &&
    LD_LIBRARY_PATH="$staged_lib" "$work/pkgconfig/bot" >>"$work/pkgconfig.log" 2>&1
}

cmake_consumer() {
  [ "$install_status" -eq 0 ] || return 1
  mkdir -p "$work/cmake-src" && cp "$here/cmake/CMakeLists.txt" "$work/cmake-src/" && cp "$here/bot.cpp" "$work/" || return 1
  cmake -S "$work/cmake-src" -B "$work/cmake-build" -DCMAKE_PREFIX_PATH="$stage$prefix" \
    -DCMAKE_CXX_FLAGS="-Wall -Wextra -Wpedantic -Werror" >"$work/cmake.log" 2>&1 &&
    cmake --build "$work/cmake-build" >>"$work/cmake.log" 2>&1 &&
    LD_LIBRARY_PATH="$staged_lib" "$work/cmake-build/bot" >>"$work/cmake.log" 2>&1
}

meson_consumer; s=$?; report meson-wrap $s; [ $s -eq 0 ] || tail -n 30 "$work/meson.log"
[ "$install_status" -eq 0 ] || { echo "meson install --destdir failed:"; tail -n 30 "$work/install.log"; }
pkgconfig_consumer; s=$?; report pkg-config $s; [ $s -eq 0 ] || tail -n 30 "$work/pkgconfig.log"
cmake_consumer; s=$?; report cmake $s; [ $s -eq 0 ] || tail -n 30 "$work/cmake.log"
exit $failed
