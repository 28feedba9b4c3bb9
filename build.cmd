:; set -eo pipefail
:; SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
:; "$SCRIPT_DIR/build.sh" "$@"
:; exit $?

@ECHO OFF
REM Slipway's bootstrapper on Windows: use dotnet on PATH, else install the SDK of global.json into .nuke\temp.
SETLOCAL
SET "BUILD_PROJECT_FILE=%~dp0build\_build.csproj"
SET "TEMP_DIRECTORY=%~dp0.nuke\temp"
SET DOTNET_CLI_TELEMETRY_OPTOUT=1
SET DOTNET_NOLOGO=1
SET DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

WHERE dotnet >NUL 2>&1
IF %ERRORLEVEL% EQU 0 (
  dotnet --version >NUL 2>&1 && (SET "DOTNET_EXE=dotnet" & GOTO run)
)
SET "DOTNET_DIRECTORY=%TEMP_DIRECTORY%\dotnet-win"
SET "DOTNET_EXE=%DOTNET_DIRECTORY%\dotnet.exe"
IF NOT EXIST "%DOTNET_EXE%" (
  IF NOT EXIST "%TEMP_DIRECTORY%" MKDIR "%TEMP_DIRECTORY%"
  powershell -NoProfile -ExecutionPolicy Bypass -Command ^
    "$ErrorActionPreference='Stop'; [Net.ServicePointManager]::SecurityProtocol='Tls12';" ^
    "$v=(Get-Content '%~dp0global.json' | ConvertFrom-Json).sdk.version;" ^
    "Invoke-WebRequest 'https://dot.net/v1/dotnet-install.ps1' -OutFile '%TEMP_DIRECTORY%\dotnet-install.ps1';" ^
    "& '%TEMP_DIRECTORY%\dotnet-install.ps1' -InstallDir '%DOTNET_DIRECTORY%' -Version $v -NoPath"
  IF ERRORLEVEL 1 EXIT /B 1
)
SET "DOTNET_ROOT=%DOTNET_DIRECTORY%"

:run
REM Even with nothing to compile, "dotnet build" costs seconds, and "dotnet run --no-build" more than running the
REM built host. So the build is skipped when the host's inputs are, by content (not timestamps), the ones it was last
REM built from, as in build.sh: every file under build\ and src\ (bin\ and obj\ aside), the MSBuild/SDK files at the
REM root, services.schema.json (src\Slipway embeds it), the dotnet and its SDKs. PowerShell computes the hash (its start
REM is the price, far less than the build's) and exits 0 when the host is current; otherwise it leaves the new hash in
REM build.hash.new, which becomes build.hash only after a successful build. The host is not current either when a
REM file under build\bin was written after build.hash (another build of build\, e.g. the one of the tests).
SET "ROOT_DIRECTORY=%~dp0"
SET "BUILD_HOST_DLL=%~dp0build\bin\Debug\net10.0\_build.dll"
SET "BUILD_HASH_FILE=%TEMP_DIRECTORY%\build.hash"
DEL /Q "%BUILD_HASH_FILE%.new" >NUL 2>&1
powershell -NoProfile -ExecutionPolicy Bypass -Command ^
  "$ErrorActionPreference='Stop'; $root=$env:ROOT_DIRECTORY; $dll=$env:BUILD_HOST_DLL; $stamp=$env:BUILD_HASH_FILE;" ^
  "$files=@(Get-ChildItem -LiteralPath (Join-Path $root 'build'),(Join-Path $root 'src') -Recurse -File -Force |" ^
  "  Where-Object { $_.FullName.Substring($root.Length) -notmatch '(^|[\\/])(bin|obj)[\\/]' }) +" ^
  "  @(Get-ChildItem -LiteralPath $root -File -Force |" ^
  "  Where-Object { $_.Name -like 'Directory.*' -or $_.Name -in 'global.json','nuget.config','services.schema.json' });" ^
  "$lines=[string[]]@($files | ForEach-Object { (Get-FileHash -Algorithm SHA256 -LiteralPath $_.FullName).Hash + ' ' + $_.FullName.Substring($root.Length) });" ^
  "[Array]::Sort($lines, [StringComparer]::Ordinal); $sdks=(& $env:DOTNET_EXE --list-sdks) -join [char]10;" ^
  "$bytes=[Text.Encoding]::UTF8.GetBytes('dotnet ' + $env:DOTNET_EXE + [char]10 + $sdks + [char]10 + ($lines -join [char]10));" ^
  "$hash=[BitConverter]::ToString([Security.Cryptography.SHA256]::Create().ComputeHash($bytes)).Replace('-','').ToLowerInvariant();" ^
  "$current=(Test-Path -LiteralPath $dll) -and (Test-Path -LiteralPath $stamp) -and ((Get-Content -LiteralPath $stamp -Raw).Trim() -eq $hash);" ^
  "if ($current) { $t=(Get-Item -LiteralPath $stamp).LastWriteTimeUtc;" ^
  "  $current=-not (Get-ChildItem -LiteralPath (Split-Path $dll) -Recurse -File | Where-Object { $_.LastWriteTimeUtc -gt $t }) }" ^
  "if ($current) { exit 0 }" ^
  "New-Item -ItemType Directory -Force -Path (Split-Path $stamp) | Out-Null; Set-Content -LiteralPath ($stamp + '.new') -Value $hash; exit 1"
REM A failed build leaves no hash behind, so the next call builds again.
IF ERRORLEVEL 1 (
  ECHO build.cmd: building build\_build.csproj: no build yet, or its inputs changed since the last one 1>&2
  DEL /Q "%BUILD_HASH_FILE%" >NUL 2>&1
  "%DOTNET_EXE%" build "%BUILD_PROJECT_FILE%" /nodeReuse:false /p:UseSharedCompilation=false -nologo -clp:NoSummary --verbosity quiet
  IF ERRORLEVEL 1 EXIT /B 1
  IF EXIST "%BUILD_HASH_FILE%.new" MOVE /Y "%BUILD_HASH_FILE%.new" "%BUILD_HASH_FILE%" >NUL
)

REM The built host directly: what "dotnet run --no-build" runs, in the caller's working directory with the same
REM arguments and exit code, without its cost. If the output is not where expected, fall back to dotnet run.
SET BUILD_HOST_ARGS="%BUILD_HOST_DLL%"
IF NOT EXIST "%BUILD_HOST_DLL%" SET BUILD_HOST_ARGS=run --project "%BUILD_PROJECT_FILE%" --no-build --
"%DOTNET_EXE%" %BUILD_HOST_ARGS% %*
EXIT /B %ERRORLEVEL%
