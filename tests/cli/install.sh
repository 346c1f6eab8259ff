#!/bin/sh
# This file contains the install test: `make install` into a temporary
# DESTDIR must give the binary, the static and shared library, the header,
# the manual pages jobmatch(1) and libjobmatch(3) and a pkg-config file that
# works; a small C program must compile, link
# (statically and dynamically) and run against the installed files; `make
# uninstall` must remove them again. Run from the repository root by
# tests/run.sh; exit 0 pass, 77 skip, anything else fail.
set -u
command -v pkg-config >/dev/null || { echo "pkg-config is not installed"; exit 77; }
CC=${CC:-cc}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
fail() { echo "install.sh: $*"; exit 1; }

# A plain release build, whatever the calling make was given (SANITIZE=1
# would install sanitizer-instrumented libraries that a plain cc cannot link).
env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -s install PREFIX=/usr DESTDIR="$root" \
    SANITIZE=0 >"$tmp/make.out" 2>&1 || { cat "$tmp/make.out"; fail "make install failed"; }

for f in bin/jobmatch lib/libjobmatch.a lib/libjobmatch.so lib/libjobmatch.so.0 \
         include/jobmatch.h lib/pkgconfig/jobmatch.pc share/man/man1/jobmatch.1 \
         share/man/man3/libjobmatch.3; do
    [ -e "$root/usr/$f" ] || fail "missing after install: /usr/$f"
done
cmp -s doc/jobmatch.1 "$root/usr/share/man/man1/jobmatch.1" ||
    fail "/usr/share/man/man1/jobmatch.1 is not doc/jobmatch.1"
cmp -s doc/libjobmatch.3 "$root/usr/share/man/man3/libjobmatch.3" ||
    fail "/usr/share/man/man3/libjobmatch.3 is not doc/libjobmatch.3"
[ -x "$root/usr/bin/jobmatch" ] || fail "/usr/bin/jobmatch is not executable"
[ -L "$root/usr/lib/libjobmatch.so" ] || fail "/usr/lib/libjobmatch.so is not a symlink"
if command -v objdump >/dev/null; then
    objdump -p "$root/usr/lib/libjobmatch.so.0" | grep -q 'SONAME *libjobmatch\.so\.0' ||
        fail "libjobmatch.so.0 has no SONAME libjobmatch.so.0"
fi
"$root/usr/bin/jobmatch" --version >"$tmp/version.out" 2>&1 ||
    fail "installed jobmatch --version failed: $(cat "$tmp/version.out")"

# pkg-config, as a cross/staged build sees it: the .pc says prefix=/usr,
# the sysroot maps that into DESTDIR. Allow /usr/include and /usr/lib in
# the output, since they are inside the sysroot here.
PKG_CONFIG_PATH=$root/usr/lib/pkgconfig
PKG_CONFIG_LIBDIR=$root/usr/lib/pkgconfig
PKG_CONFIG_SYSROOT_DIR=$root
PKG_CONFIG_ALLOW_SYSTEM_CFLAGS=1
PKG_CONFIG_ALLOW_SYSTEM_LIBS=1
export PKG_CONFIG_PATH PKG_CONFIG_LIBDIR PKG_CONFIG_SYSROOT_DIR \
       PKG_CONFIG_ALLOW_SYSTEM_CFLAGS PKG_CONFIG_ALLOW_SYSTEM_LIBS
cflags=$(pkg-config --cflags jobmatch) || fail "pkg-config --cflags jobmatch failed"
libs=$(pkg-config --libs jobmatch) || fail "pkg-config --libs jobmatch failed"
slibs=$(pkg-config --static --libs jobmatch) || fail "pkg-config --static --libs failed"
pcver=$(pkg-config --modversion jobmatch) || fail "pkg-config --modversion failed"
case " $cflags " in *" -I$root/usr/include "*) ;; *) fail "cflags without the include dir: $cflags";; esac
case " $libs " in *" -ljobmatch "*) ;; *) fail "libs without -ljobmatch: $libs";; esac
# The private dependencies of the static library.
lpriv=$(echo "$slibs" | sed 's/-ljobmatch//')

cat >"$tmp/t.c" <<'CEOF'
#include <jobmatch.h>
#include <stdio.h>
#include <string.h>

static int count(void *ud, const jm_token *tok)
{
    (void)tok;
    ++*(size_t *)ud;
    return 0;
}

int main(int argc, char **argv)
{
    static const char text[] =
        "Senior engineer: Kubernetes (k8s), PyTorch and distributed training.";
    jm_engine *e = NULL;
    size_t n = 0;
    int rc;
    if (argc != 2 || strcmp(jm_version(), argv[1]) != 0 ||
        strcmp(jm_version(), JM_VERSION) != 0) {
        fprintf(stderr, "version %s, header %s, expected %s\n", jm_version(),
                JM_VERSION, argc == 2 ? argv[1] : "?");
        return 1;
    }
    rc = jm_engine_new(NULL, &e);
    if (rc != JM_OK) {
        fprintf(stderr, "jm_engine_new: %s\n", e ? jm_errmsg(e) : jm_strerror(rc));
        jm_engine_free(e);
        return 1;
    }
    rc = jm_analyze(e, text, strlen(text), count, &n);
    if (rc != JM_OK) {
        fprintf(stderr, "jm_analyze: %s\n", jm_errmsg(e));
        jm_engine_free(e);
        return 1;
    }
    jm_engine_free(e);
    if (n == 0) {
        fprintf(stderr, "jm_analyze gave no tokens\n");
        return 1;
    }
    printf("%s %zu\n", jm_version(), n);
    return 0;
}
CEOF

# Static: the installed libjobmatch.a by path, its private deps from the .pc.
# shellcheck disable=SC2086
$CC -std=c11 -Wall -Wextra -Werror $cflags -o "$tmp/t-static" "$tmp/t.c" \
    "$root/usr/lib/libjobmatch.a" $lpriv >"$tmp/cc.out" 2>&1 ||
    { cat "$tmp/cc.out"; fail "compiling/linking against libjobmatch.a failed"; }
"$tmp/t-static" "$pcver" >"$tmp/run.out" 2>&1 ||
    { cat "$tmp/run.out"; fail "the statically linked program failed"; }

# Dynamic: -ljobmatch finds libjobmatch.so, run with the staged libdir.
# shellcheck disable=SC2086
$CC -std=c11 -Wall -Wextra -Werror $cflags -o "$tmp/t-shared" "$tmp/t.c" $libs \
    >"$tmp/cc.out" 2>&1 ||
    { cat "$tmp/cc.out"; fail "compiling/linking against libjobmatch.so failed"; }
if command -v readelf >/dev/null; then
    readelf -d "$tmp/t-shared" | grep -q 'NEEDED.*libjobmatch\.so\.0' ||
        fail "the program does not depend on libjobmatch.so.0"
fi
LD_LIBRARY_PATH=$root/usr/lib "$tmp/t-shared" "$pcver" >"$tmp/run.out" 2>&1 ||
    { cat "$tmp/run.out"; fail "the dynamically linked program failed"; }

# Uninstall removes what install put there.
env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -s uninstall PREFIX=/usr DESTDIR="$root" \
    SANITIZE=0 >"$tmp/make.out" 2>&1 || { cat "$tmp/make.out"; fail "make uninstall failed"; }
left=$(find "$root" -type f -o -type l)
[ -z "$left" ] || fail "left after uninstall: $left"
echo "install.sh: ok ($(cat "$tmp/run.out"))"
exit 0
