#!/bin/sh
# The macOS link (scripts/platforms/build.mjs): rustc's ld64 arguments to LLVM's ld64.lld.
# napi's build script asks for `-Wl -undefined dynamic_lookup`, a compiler driver's spelling
# that a linker refuses: the lone `-Wl` is dropped, the rest passes as it is.
for arg; do
  shift
  [ "$arg" = "-Wl" ] || set -- "$@" "$arg"
done
exec ld64.lld-14 "$@"
