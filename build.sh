#!/usr/bin/env bash
# Slipway's bootstrapper: find or install the .NET SDK, build build/_build.csproj when its sources changed, run it
# with the arguments. Uses `dotnet` on PATH when it answers; otherwise installs the SDK that global.json names into
# .nuke/temp.
set -eo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD_PROJECT_FILE="$SCRIPT_DIR/build/_build.csproj"
# Where `dotnet build` puts the host (Debug, the TargetFramework of Directory.Build.props); tests/ and bench/ run it there too.
BUILD_HOST_DLL="$SCRIPT_DIR/build/bin/Debug/net10.0/_build.dll"
TEMP_DIRECTORY="$SCRIPT_DIR/.nuke/temp"
# The hash of the sources the host in build/bin was last built from, by this script (git-ignored with .nuke/temp).
BUILD_HASH_FILE="$TEMP_DIRECTORY/build.hash"
DOTNET_GLOBAL_FILE="$SCRIPT_DIR/global.json"
DOTNET_INSTALL_URL="https://dot.net/v1/dotnet-install.sh"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export DOTNET_MULTILEVEL_LOOKUP=0

# `dotnet --version` costs ~0.15 s: ask once, for the check that dotnet works, the banner and the hash.
if [[ -x "$(command -v dotnet)" ]] && SDK_VERSION=$(dotnet --version 2>/dev/null); then
    DOTNET_EXE="$(command -v dotnet)"
else
    DOTNET_DIRECTORY="$TEMP_DIRECTORY/dotnet-unix"
    DOTNET_EXE="$DOTNET_DIRECTORY/dotnet"
    if [[ ! -x "$DOTNET_EXE" ]]; then
        mkdir -p "$TEMP_DIRECTORY"
        DOTNET_INSTALL_FILE="$TEMP_DIRECTORY/dotnet-install.sh"
        curl -fsSL "$DOTNET_INSTALL_URL" -o "$DOTNET_INSTALL_FILE"
        chmod +x "$DOTNET_INSTALL_FILE"
        DOTNET_VERSION=$(sed -n 's/.*"version"[^"]*"\([^"]*\)".*/\1/p' "$DOTNET_GLOBAL_FILE" | head -n 1)
        if [[ -z "$DOTNET_VERSION" ]]; then
            "$DOTNET_INSTALL_FILE" --install-dir "$DOTNET_DIRECTORY" --channel STS --no-path
        else
            "$DOTNET_INSTALL_FILE" --install-dir "$DOTNET_DIRECTORY" --version "$DOTNET_VERSION" --no-path
        fi
    fi
    export DOTNET_ROOT="$DOTNET_DIRECTORY"
    SDK_VERSION=$("$DOTNET_EXE" --version)
fi
echo "Microsoft (R) .NET SDK version $SDK_VERSION"

# Even with nothing to compile, `dotnet build` costs seconds (MSBuild's start and up-to-date check), and
# `dotnet run --no-build` ~0.7 s more than running the built host; `--help` alone takes ~0.15 s. So the build is
# skipped when the host's inputs are, by content, the ones it was last built from. Content, not timestamps: a
# checkout, a copy or a touch changes timestamps without changing the host, and an edit can keep an old timestamp.
if command -v sha256sum >/dev/null 2>&1; then SHA256=(sha256sum); else SHA256=(shasum -a 256); fi

# The host's inputs: every file under build/ and src/ (bin/ and obj/ aside), the MSBuild/SDK files at the root,
# services.schema.json (src/Slipway embeds it) and the SDK version. Names are hashed with the contents, so an
# added, deleted or renamed file changes the hash as an edit does. Paths are relative: the hash is the tree's own.
source_hash() {
    (
        cd "$SCRIPT_DIR"
        echo "sdk $SDK_VERSION"
        { find build src \( -name bin -o -name obj \) -prune -o -type f -print0
          find . -maxdepth 1 -type f \( -name 'Directory.*' -o -name global.json -o -iname nuget.config \
              -o -name services.schema.json \) -print0
        } | LC_ALL=C sort -z | xargs -0 "${SHA256[@]}"
    ) | "${SHA256[@]}" | cut -d ' ' -f 1
}

# Up to date: the hash matches, the host exists, and nothing under build/bin was written after the hash was (another
# build of build/, e.g. the one `dotnet test tests/Slipway.Tests` does, may have left the output of other sources).
host_is_current() {
    [[ -f "$BUILD_HOST_DLL" && -f "$BUILD_HASH_FILE" && "$(cat "$BUILD_HASH_FILE")" == "$1" ]] &&
        [[ -z "$(find "$(dirname "$BUILD_HOST_DLL")" -newer "$BUILD_HASH_FILE" -print -quit)" ]]
}

# A file that cannot be read leaves no hash: then it builds every time, as it did before the hash.
SOURCE_HASH=$(source_hash) || SOURCE_HASH=""
if [[ -z "$SOURCE_HASH" ]] || ! host_is_current "$SOURCE_HASH"; then
    echo "build.sh: building build/_build.csproj (no build yet, or its inputs changed since the last one)" >&2
    # A failed or interrupted build must leave no hash behind (set -e stops at a failed build). The hash is the one
    # taken before the build: a file edited during the build makes the next call build again.
    rm -f "$BUILD_HASH_FILE"
    "$DOTNET_EXE" build "$BUILD_PROJECT_FILE" /nodeReuse:false /p:UseSharedCompilation=false -nologo -clp:NoSummary --verbosity quiet
    if [[ -n "$SOURCE_HASH" ]]; then
        mkdir -p "$TEMP_DIRECTORY"
        echo "$SOURCE_HASH" > "$BUILD_HASH_FILE.tmp"
        mv -f "$BUILD_HASH_FILE.tmp" "$BUILD_HASH_FILE"
    fi
fi

# The built host directly: what `dotnet run --no-build` runs, in the same working directory (the caller's) with the
# same arguments and exit code, without its ~0.7 s. If the output is not where expected, fall back to dotnet run.
if [[ -f "$BUILD_HOST_DLL" ]]; then
    exec "$DOTNET_EXE" "$BUILD_HOST_DLL" "$@"
fi
exec "$DOTNET_EXE" run --project "$BUILD_PROJECT_FILE" --no-build -- "$@"
