# Sourced by scripts/build_windows.sh and scripts/wine_checks.sh: where the Windows build lives and
# how Wine is run. Everything stays under build/windows/ in the clone.
WIN=$ROOT/build/windows
PYTHON_HOME=$WIN/python                    # the Windows CPython, laid out as an installed one
BUNDLE=$WIN/dist/seller-gui
export WINEPREFIX=$WIN/prefix WINEARCH=win64 WINEDEBUG=-all
# no Mono or Gecko prompts, no desktop menu entries written outside the clone
export WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d"
export XDG_CACHE_HOME=$WIN/cache XDG_DATA_HOME=$WIN/share XDG_CONFIG_HOME=$WIN/config
# Wine names the Windows user after $USER: the prefix's profile is C:\users\王偉, so the build, the
# self-test's temporary files and the app's settings, store and log all live under a non-ASCII
# user folder, as on a Chinese seller's PC.
export USER=王偉 LOGNAME=王偉
WIN_USER_DIR=$WINEPREFIX/drive_c/users/$USER
unset LC_ALL
# a locale this machine has: with one it lacks, Wine misreads the user name and the profile breaks
export LANG=C.UTF-8

# Python under Wine dies at start when its stdout is a regular file ("Invalid handle"); a pipe works,
# so every wine call goes through `| cat` (the callers set pipefail), with no standard input.
wine_run() { wine "$@" </dev/null 2>&1 | cat; }
# Wine does not pass QT_* variables from Linux to Windows programs: set Qt's platform inside cmd.
# wine_qt PLATFORM PROGRAM ARG... (arguments without spaces)
wine_qt() { local platform=$1; shift; wine_run cmd /c "set QT_QPA_PLATFORM=$platform&& $*"; }
winpath() { winepath -w "$1" 2>/dev/null; }
