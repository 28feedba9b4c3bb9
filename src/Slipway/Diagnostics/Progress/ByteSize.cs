using System.Globalization;

namespace Slipway.Diagnostics.Progress;

/// <summary>Byte counts as people read them: 512 B, 12.3 KB, 301.0 MB (powers of 1024), culture-invariant.</summary>
public static class ByteSize
{
    /// <summary>Formats <paramref name="bytes"/> with one decimal from KB up.</summary>
    public static string Format(long bytes)
    {
        if (bytes < 1024) return bytes.ToString(CultureInfo.InvariantCulture) + " B";
        string[] units = ["KB", "MB", "GB", "TB"];
        double value = bytes;
        var unit = -1;
        while (value >= 1024 && unit < units.Length - 1) { value /= 1024; unit++; }
        return value.ToString("0.0", CultureInfo.InvariantCulture) + " " + units[unit];
    }
}
