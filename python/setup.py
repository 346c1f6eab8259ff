"""This file contains the build of the jobmatch Python package: the
CPython extension jobmatch._jobmatch, linked with the static libjobmatch
(built by the repository's Makefile, with -fPIC) and the libraries it
needs (libcjson, libstemmer). Offline, with Debian's python3-dev and
python3-setuptools:

    make python                                  # from the repository root
    pip install --no-build-isolation ./python    # or this, once `make` ran

JOBMATCH_LIB (a path to libjobmatch.a) and JOBMATCH_INCLUDE (the folder of
jobmatch.h) point the build at another copy of the library.
"""
import os
import subprocess

from setuptools import Extension, setup

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
INCLUDE = os.environ.get("JOBMATCH_INCLUDE", os.path.join(ROOT, "include"))
LIB = os.environ.get("JOBMATCH_LIB", os.path.join(ROOT, "build", "rel", "libjobmatch.a"))

if "JOBMATCH_LIB" not in os.environ and os.path.exists(os.path.join(ROOT, "Makefile")):
    # the library of this checkout, brought up to date first (make knows
    # whether anything changed; a fresh clone builds it here)
    subprocess.run(["make", "-C", ROOT, "-j2", "build/rel/libjobmatch.a"], check=True)


def pkg_libs(name, fallback):
    """The -l flags pkg-config gives for name, else fallback."""
    try:
        out = subprocess.run(["pkg-config", "--libs", name], check=True,
                             capture_output=True, text=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        return fallback
    return [flag[2:] for flag in out if flag.startswith("-l")] or fallback


WARNINGS = ["-Wall", "-Wextra", "-Wshadow", "-Wconversion", "-Wno-sign-conversion",
            "-Wstrict-prototypes", "-Wmissing-prototypes"]
if os.environ.get("WERROR") == "1":      # as the Makefile's WERROR=1 (CI)
    WARNINGS.append("-Werror")

setup(
    name="jobmatch",
    version="0.1.0",
    description="Job-match scoring (TF-IDF, explained) over libjobmatch, with Dask scale-out",
    packages=["jobmatch"],
    package_data={"jobmatch": ["py.typed", "*.pyi"]},
    ext_modules=[Extension(
        "jobmatch._jobmatch",
        sources=["jobmatch/_jobmatch.c"],
        include_dirs=[INCLUDE],
        extra_objects=[LIB],
        libraries=pkg_libs("libcjson", ["cjson"]) + ["stemmer", "m"],
        extra_compile_args=["-std=c11", "-pthread"] + WARNINGS,
        extra_link_args=["-pthread"],
    )],
    python_requires=">=3.9",
)
