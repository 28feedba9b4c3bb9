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
"%DOTNET_EXE%" build "%BUILD_PROJECT_FILE%" /nodeReuse:false /p:UseSharedCompilation=false -nologo -clp:NoSummary --verbosity quiet
IF ERRORLEVEL 1 EXIT /B 1
"%DOTNET_EXE%" run --project "%BUILD_PROJECT_FILE%" --no-build -- %*
EXIT /B %ERRORLEVEL%
