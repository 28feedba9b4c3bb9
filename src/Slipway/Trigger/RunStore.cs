using System.Globalization;
using Microsoft.Data.Sqlite;
using Slipway.Diagnostics;
using Slipway.Processes;

namespace Slipway.Trigger;

/// <summary>
/// The trigger API's run history, durable across restarts: <c>runs.db</c> (SQLite) in the trigger folder of the state
/// folder. Ids come from AUTOINCREMENT, so an id is never given twice, not even after its run was deleted.
/// One connection, used under a lock; one server per state folder (it holds <c>server.lock</c> while the store is open).
/// </summary>
public sealed class RunStore : IDisposable
{
    public const string FileName = "runs.db";
    public const string LockFileName = "server.lock";

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS runs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            service TEXT NOT NULL, env TEXT NOT NULL, target TEXT NOT NULL, branch TEXT, commit_id TEXT, dry_run INTEGER NOT NULL,
            state TEXT NOT NULL, exit_code INTEGER, reason TEXT,
            queued_at TEXT NOT NULL, started_at TEXT, finished_at TEXT,
            pid INTEGER, pid_start_ticks INTEGER);
        """;

    /// <summary>Columns added since the first schema, with their types: a history from before gets them on open.</summary>
    private static readonly (string Name, string Type)[] AddedColumns =
    [
        ("actor", "TEXT"), ("digest", "TEXT"), ("request_reason", "TEXT"),
        ("withdraw", "INTEGER NOT NULL DEFAULT 0"), ("for_override", "INTEGER NOT NULL DEFAULT 0"),
    ];

    private const string Columns =
        "id, service, env, target, branch, commit_id, dry_run, state, exit_code, reason, queued_at, started_at, finished_at, pid, pid_start_ticks, " +
        "actor, digest, request_reason, withdraw, for_override";

    private readonly object _gate = new();
    private readonly FileStream _serverLock;
    private readonly SqliteConnection _connection;

    /// <summary>The folder of the database and the run logs.</summary>
    public string Folder { get; }

    private RunStore(string folder, FileStream serverLock, SqliteConnection connection)
    {
        Folder = folder;
        _serverLock = serverLock;
        _connection = connection;
    }

    /// <summary>Opens (or creates) <c>runs.db</c> in <paramref name="folder"/>; refuses when another server has it open.</summary>
    public static RunStore Open(string folder)
    {
        var serverLock = LockForThisServer(folder);
        var path = Path.Combine(folder, FileName);
        SqliteConnection? connection = null;
        try
        {
            // No pooling: disposing the store closes the file.
            connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            connection.Open();
            Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA busy_timeout = 5000;");
            Execute(connection, Schema);
            AddMissingColumns(connection);
            return new RunStore(folder, serverLock, connection);
        }
        catch (Exception exception) when (exception is SqliteException or IOException or UnauthorizedAccessException)
        {
            connection?.Dispose();
            serverLock.Dispose();
            throw SlipwayException.Input(path, $"the trigger API's run history cannot be opened ({exception.Message})",
                "make the state folder writable (--state-directory), or move a damaged runs.db away to start a new history");
        }
    }

    /// <summary>
    /// An exclusive lock (flock) on <c>server.lock</c>, held until the store is disposed or the process dies: a second
    /// server on the same history would take the first one's running runs for orphans.
    /// </summary>
    private static FileStream LockForThisServer(string folder)
    {
        var path = Path.Combine(folder, LockFileName);
        try
        {
            Directory.CreateDirectory(folder);
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException exception) when (File.Exists(path))
        {
            throw SlipwayException.Input(path, $"another trigger server uses this run history ({exception.Message})",
                "stop that server first, or give this one another state folder (--state-directory)");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw SlipwayException.Input(folder, $"the trigger API's run history folder cannot be created ({exception.Message})",
                "make the state folder writable, or choose another one (--state-directory)");
        }
    }

    /// <summary>Records a new queued run and returns it with its id, higher than every id given before.</summary>
    public RunRow Insert(RunSpec spec, DateTimeOffset queuedAt)
    {
        lock (_gate)
        {
            using var command = Command("""
                INSERT INTO runs (service, env, target, branch, commit_id, dry_run, actor, digest, request_reason, withdraw, for_override, state, queued_at)
                VALUES ($service, $env, $target, $branch, $commit, $dryRun, $actor, $digest, $requestReason, $withdraw, $forOverride, $state, $queuedAt)
                RETURNING id
                """);
            AddSpec(command, spec);
            command.Parameters.AddWithValue("$state", Name(RunState.Queued));
            command.Parameters.AddWithValue("$queuedAt", Time(queuedAt));
            var id = (long)command.ExecuteScalar()!;
            return new RunRow(id, spec, RunState.Queued, queuedAt);
        }
    }

    /// <summary>Writes every changing field of <paramref name="row"/>.</summary>
    public void Save(RunRow row)
    {
        lock (_gate)
        {
            using var command = Command("""
                UPDATE runs SET state = $state, exit_code = $exitCode, reason = $reason, started_at = $startedAt,
                    finished_at = $finishedAt, pid = $pid, pid_start_ticks = $pidStart WHERE id = $id
                """);
            command.Parameters.AddWithValue("$id", row.Id);
            command.Parameters.AddWithValue("$state", Name(row.State));
            command.Parameters.AddWithValue("$exitCode", (object?)row.ExitCode ?? DBNull.Value);
            command.Parameters.AddWithValue("$reason", (object?)row.Reason ?? DBNull.Value);
            command.Parameters.AddWithValue("$startedAt", Time(row.StartedAt));
            command.Parameters.AddWithValue("$finishedAt", Time(row.FinishedAt));
            command.Parameters.AddWithValue("$pid", (object?)row.Process?.Pid ?? DBNull.Value);
            command.Parameters.AddWithValue("$pidStart", (object?)row.Process?.StartTicks ?? DBNull.Value);
            command.ExecuteNonQuery();
        }
    }

    public RunRow? Find(long id) => Query($"SELECT {Columns} FROM runs WHERE id = $id", ("$id", id)).SingleOrDefault();

    /// <summary>The newest <paramref name="count"/> runs, newest first.</summary>
    public IReadOnlyList<RunRow> Recent(int count) => Query($"SELECT {Columns} FROM runs ORDER BY id DESC LIMIT $count", ("$count", count));

    /// <summary>Runs recorded as queued or running, oldest first: after a restart, the ones the last server left behind.</summary>
    public IReadOnlyList<RunRow> Unfinished() =>
        Query($"SELECT {Columns} FROM runs WHERE state IN ('{Name(RunState.Queued)}', '{Name(RunState.Running)}') ORDER BY id");

    /// <summary>Deletes the finished runs older than the newest <paramref name="keep"/> finished ones, and returns their ids.</summary>
    public IReadOnlyList<long> Forget(int keep)
    {
        lock (_gate)
        {
            var finished = string.Join(", ", Enum.GetValues<RunState>().Where(s => s.IsFinished()).Select(s => $"'{Name(s)}'"));
            using var command = Command($"""
                DELETE FROM runs WHERE state IN ({finished})
                    AND id NOT IN (SELECT id FROM runs WHERE state IN ({finished}) ORDER BY id DESC LIMIT $keep)
                RETURNING id
                """);
            command.Parameters.AddWithValue("$keep", keep);
            using var reader = command.ExecuteReader();
            var ids = new List<long>();
            while (reader.Read()) ids.Add(reader.GetInt64(0));
            return ids;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _connection.Dispose();
            _serverLock.Dispose();
        }
    }

    private IReadOnlyList<RunRow> Query(string sql, params (string Name, object Value)[] parameters)
    {
        lock (_gate)
        {
            using var command = Command(sql);
            foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
            using var reader = command.ExecuteReader();
            var rows = new List<RunRow>();
            while (reader.Read()) rows.Add(Read(reader));
            return rows;
        }
    }

    private static RunRow Read(SqliteDataReader r)
    {
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        long? Number(int i) => r.IsDBNull(i) ? null : r.GetInt64(i);
        DateTimeOffset? At(int i) => Text(i) is { } t ? DateTimeOffset.Parse(t, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind) : null;
        var spec = new RunSpec(r.GetString(1), r.GetString(2), r.GetString(3), Text(4), Text(5), r.GetInt64(6) != 0,
            Text(15), Text(16), Text(17), r.GetInt64(18) != 0, r.GetInt64(19) != 0);
        var process = Number(13) is { } pid && Number(14) is { } start ? new ProcessIdentity((int)pid, start) : null;
        return new RunRow(r.GetInt64(0), spec, Enum.Parse<RunState>(r.GetString(7), ignoreCase: true), At(10)!.Value, At(11), At(12),
            (int?)Number(8), Text(9), process);
    }

    private static void AddSpec(SqliteCommand command, RunSpec spec)
    {
        command.Parameters.AddWithValue("$service", spec.Service);
        command.Parameters.AddWithValue("$env", spec.Environment);
        command.Parameters.AddWithValue("$target", spec.Target);
        command.Parameters.AddWithValue("$branch", (object?)spec.Branch ?? DBNull.Value);
        command.Parameters.AddWithValue("$commit", (object?)spec.Commit ?? DBNull.Value);
        command.Parameters.AddWithValue("$dryRun", spec.DryRun ? 1 : 0);
        command.Parameters.AddWithValue("$actor", (object?)spec.Actor ?? DBNull.Value);
        command.Parameters.AddWithValue("$digest", (object?)spec.Digest ?? DBNull.Value);
        command.Parameters.AddWithValue("$requestReason", (object?)spec.Reason ?? DBNull.Value);
        command.Parameters.AddWithValue("$withdraw", spec.Withdraw ? 1 : 0);
        command.Parameters.AddWithValue("$forOverride", spec.ForOverride ? 1 : 0);
    }

    private static void AddMissingColumns(SqliteConnection connection)
    {
        var present = new HashSet<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM pragma_table_info('runs')";
            using var reader = command.ExecuteReader();
            while (reader.Read()) present.Add(reader.GetString(0));
        }
        foreach (var (name, type) in AddedColumns.Where(c => !present.Contains(c.Name)))
            Execute(connection, $"ALTER TABLE runs ADD COLUMN {name} {type}");
    }

    private SqliteCommand Command(string sql)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>The state as the API shows it: queued, running, succeeded, failed, lost.</summary>
    public static string Name(RunState state) => state.ToString().ToLowerInvariant();

    private static object Time(DateTimeOffset? time) => time?.ToString("O", CultureInfo.InvariantCulture) ?? (object)DBNull.Value;
}
