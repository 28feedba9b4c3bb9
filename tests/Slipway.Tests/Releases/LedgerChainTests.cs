using Slipway.Releases;

namespace Slipway.Tests.Releases;

/// <summary>The release ledger's hash chain: appends link each entry to the line before it; an edited or deleted line is named.</summary>
public sealed class LedgerChainTests
{
    private static LedgerEntry Entry(int n) => new()
    {
        Service = "greeting-web", Environment = "local", Action = LedgerActions.Deploy, Result = LedgerEntry.Succeeded,
        Tag = $"main-20261204-{n:D4}", Actor = "alice",
    };

    private static async Task<(FileLedger Ledger, string Path)> LedgerWithAsync(TempDir dir, int entries, params string[] legacyLines)
    {
        var ledger = new FileLedger(dir.Path);
        if (legacyLines.Length > 0) await File.WriteAllLinesAsync(ledger.FileFor("local"), legacyLines);
        for (var n = 1; n <= entries; n++) await ledger.AppendAsync(Entry(n));
        return (ledger, ledger.FileFor("local"));
    }

    [Fact]
    public async Task An_untouched_ledger_verifies_and_every_entry_names_the_hash_of_the_line_before()
    {
        using var dir = new TempDir();
        var (ledger, path) = await LedgerWithAsync(dir, 4);
        var lines = await File.ReadAllLinesAsync(path);
        Assert.Null(LedgerChain.Verify(lines));
        Assert.Equal(LedgerChain.Next(null), LedgerEntry.FromJsonLine(lines[0])!.Previous);
        Assert.Equal(LedgerChain.Next(lines[2]), LedgerEntry.FromJsonLine(lines[3])!.Previous);
        Assert.Equal(4, (await ledger.ReadAsync("local")).Count);
    }

    [Theory]
    [InlineData("edit", 3, "line 3 was changed")]
    [InlineData("delete", 3, "line 2 was changed, or lines between 2 and 3 were deleted")]
    [InlineData("delete", 1, "it is the first line")]
    [InlineData("space", 2, "line 3: ")]
    public async Task A_line_edited_or_deleted_by_hand_is_named(string change, int line, string expected)
    {
        using var dir = new TempDir();
        var (_, path) = await LedgerWithAsync(dir, 5);
        var lines = (await File.ReadAllLinesAsync(path)).ToList();
        switch (change)
        {
            case "edit": lines[line - 1] = lines[line - 1].Replace("\"alice\"", "\"mallory\""); break;
            case "delete": lines.RemoveAt(line - 1); break;
            case "space": lines[line - 1] = lines[line - 1].Replace("\"deploy\"", "\"deploy\" "); break;
        }
        await File.WriteAllLinesAsync(path, lines);
        var broken = LedgerChain.Verify(await File.ReadAllLinesAsync(path));
        Assert.NotNull(broken);
        Assert.Contains(expected, $"line {broken.Line}: {broken.Problem}");
    }

    [Fact]
    public async Task Old_entries_without_hashes_stay_readable_and_the_chain_starts_from_the_last_of_them()
    {
        using var dir = new TempDir();
        var legacy = Entry(0).ToJsonLine();
        var (ledger, path) = await LedgerWithAsync(dir, 2, legacy, legacy.Replace("0000", "0001"));
        var lines = await File.ReadAllLinesAsync(path);
        Assert.Null(LedgerChain.Verify(lines));
        Assert.Equal(LedgerChain.Next(lines[1]), LedgerEntry.FromJsonLine(lines[2])!.Previous);
        Assert.Equal(4, (await ledger.ReadAsync("local")).Count);

        // Once the chain started, a later entry without a hash is a break, not an old entry.
        await File.AppendAllTextAsync(path, legacy + "\n");
        var broken = LedgerChain.Verify(await File.ReadAllLinesAsync(path));
        Assert.Equal(5, broken?.Line);
        Assert.Contains("carries no previous hash", broken!.Problem);
    }
}
