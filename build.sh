#!/usr/bin/env bash
# Slipway's bootstrapper: find or install the .NET SDK, build build/_build.csproj when its inputs changed, run it with
# the arguments. Uses `dotnet` on PATH when it answers; otherwise installs the SDK that global.json names into .nuke/temp.
set -eo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD_PROJECT_FILE="$SCRIPT_DIR/build/_build.csproj"
# Where `dotnet build` puts the host (Debug, the TargetFramework of Directory.Build.props); tests/ and bench/ run it there too.
BUILD_HOST_DLL="$SCRIPT_DIR/build/bin/Debug/net10.0/_build.dll"
TEMP_DIRECTORY="$SCRIPT_DIR/.nuke/temp"
# What the host in build/bin was last built from by this script, in three lines: the hash of its inputs, the dotnet
# that built it, that dotnet's SDK version. Written after a successful build only; git-ignored, as all of .nuke/temp.
BUILD_HASH_FILE="$TEMP_DIRECTORY/build.hash"
DOTNET_GLOBAL_FILE="$SCRIPT_DIR/global.json"
DOTNET_INSTALL_URL="https://dot.net/v1/dotnet-install.sh"
INSTALLED_DOTNET="$TEMP_DIRECTORY/dotnet-unix/dotnet"
PATH_DOTNET=$(command -v dotnet || true)

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DOTNET_MULTILEVEL_LOOKUP=0

# Sets DOTNET_EXE and SDK_VERSION: the dotnet on PATH if it answers `--version`, else the SDK of global.json,
# installed into .nuke/temp on first use.
resolve_dotnet() {
    if [[ -x "$PATH_DOTNET" ]] && SDK_VERSION=$("$PATH_DOTNET" --version 2>/dev/null); then
        DOTNET_EXE="$PATH_DOTNET"
        return
    fi
    DOTNET_EXE="$INSTALLED_DOTNET"
    if [[ ! -x "$DOTNET_EXE" ]]; then
        mkdir -p "$TEMP_DIRECTORY"
        DOTNET_INSTALL_FILE="$TEMP_DIRECTORY/dotnet-install.sh"
        curl -fsSL "$DOTNET_INSTALL_URL" -o "$DOTNET_INSTALL_FILE"
        chmod +x "$DOTNET_INSTALL_FILE"
        DOTNET_VERSION=$(sed -n 's/.*"version"[^"]*"\([^"]*\)".*/\1/p' "$DOTNET_GLOBAL_FILE" | head -n 1)
        if [[ -z "$DOTNET_VERSION" ]]; then
            "$DOTNET_INSTALL_FILE" --install-dir "${DOTNET_EXE%/*}" --channel STS --no-path
        else
            "$DOTNET_INSTALL_FILE" --install-dir "${DOTNET_EXE%/*}" --version "$DOTNET_VERSION" --no-path
        fi
    fi
    export DOTNET_ROOT="${DOTNET_EXE%/*}"
    SDK_VERSION=$("$DOTNET_EXE" --version)
}

# Why the rest: even with nothing to compile, `dotnet build` costs seconds (MSBuild's start and up-to-date check),
# `dotnet run --no-build` ~0.7 s more than the host itself, and `dotnet --version` (it starts the SDK) ~0.15 s, as much
# as `--help` on the built host. So none of them runs when the host's inputs are, by content, the ones it was last
# built from. Content, not timestamps: a checkout, a copy or a touch changes timestamps without changing the host, and
# an edit can keep an old timestamp.
if command -v sha256sum >/dev/null 2>&1; then SHA256=(sha256sum); else SHA256=(shasum -a 256); fi

# Sets INPUTS_HASH to the hash of the host's inputs, built with dotnet $1: every file under build/ and src/ (bin/ and
# obj/ aside), the MSBuild/SDK files at the root, services.schema.json (src/Slipway embeds it), and that dotnet with the
# SDKs it can choose from (`--list-sdks` answers in milliseconds, without starting an SDK; with global.json they decide
# the SDK version). Names are hashed with the contents: an added, deleted or renamed file changes the hash as an edit does.
inputs_hash() {
    INPUTS_HASH=$(
        cd "$SCRIPT_DIR"
        { echo "dotnet $1"
          "$1" --list-sdks
          { find build src \( -name bin -o -name obj \) -prune -o -type f -print0
            find . -maxdepth 1 -type f \( -name 'Directory.*' -o -name global.json -o -iname nuget.config \
                -o -name services.schema.json \) -print0
          } | LC_ALL=C sort -z | xargs -0 "${SHA256[@]}"
        } | "${SHA256[@]}"
    ) || return 1
    INPUTS_HASH="${INPUTS_HASH%% *}"
}

# Current: built by the dotnet this script would pick now (on PATH, else the installed one; a PATH dotnet that did not
# answer at the last build never matches, so it is asked again), from inputs of the same hash, the host is there, and
# nothing under build/bin was written after the hash (another build of build/, e.g. the one of
# `dotnet test tests/Slipway.Tests`, may have left the output of other sources there). Sets BUILT_*.
host_is_current() {
    [[ -f "$BUILD_HASH_FILE" && -f "$BUILD_HOST_DLL" ]] || return 1
    { read -r BUILT_HASH && read -r BUILT_DOTNET && read -r BUILT_SDK_VERSION; } < "$BUILD_HASH_FILE" || return 1
    [[ "$BUILT_DOTNET" == "${PATH_DOTNET:-$INSTALLED_DOTNET}" && -x "$BUILT_DOTNET" ]] || return 1
    inputs_hash "$BUILT_DOTNET" && [[ "$INPUTS_HASH" == "$BUILT_HASH" ]] || return 1
    [[ -z "$(find "${BUILD_HOST_DLL%/*}" -newer "$BUILD_HASH_FILE" -print -quit)" ]]
}

if host_is_current; then
    DOTNET_EXE="$BUILT_DOTNET"
    SDK_VERSION="$BUILT_SDK_VERSION"
    if [[ "$DOTNET_EXE" == "$INSTALLED_DOTNET" ]]; then export DOTNET_ROOT="${DOTNET_EXE%/*}"; fi
    echo "Microsoft (R) .NET SDK version $SDK_VERSION"
else
    resolve_dotnet
    echo "Microsoft (R) .NET SDK version $SDK_VERSION"
    echo "build.sh: building build/_build.csproj (no build yet, or its inputs changed since the last one)" >&2
    # The hash is taken before the build (a file edited during the build makes the next call build again), and
    # written only after it succeeded (set -e stops at a failed build; a file that cannot be read leaves no hash):
    # a failed or interrupted build never leaves a hash behind.
    rm -f "$BUILD_HASH_FILE"
    inputs_hash "$DOTNET_EXE" || INPUTS_HASH=""
    "$DOTNET_EXE" build "$BUILD_PROJECT_FILE" /nodeReuse:false /p:UseSharedCompilation=false -nologo -clp:NoSummary --verbosity quiet
    if [[ -n "$INPUTS_HASH" ]]; then
        mkdir -p "$TEMP_DIRECTORY"
        printf '%s\n' "$INPUTS_HASH" "$DOTNET_EXE" "$SDK_VERSION" > "$BUILD_HASH_FILE.tmp"
        mv -f "$BUILD_HASH_FILE.tmp" "$BUILD_HASH_FILE"
    fi
fi

# The built host directly: what `dotnet run --no-build` runs, in the same working directory (the caller's) with the
# same arguments and exit code, without its ~0.7 s. If the output is not where expected, fall back to dotnet run.
if [[ -f "$BUILD_HOST_DLL" ]]; then
    exec "$DOTNET_EXE" "$BUILD_HOST_DLL" "$@"
fi
exec "$DOTNET_EXE" run --project "$BUILD_PROJECT_FILE" --no-build -- "$@"
