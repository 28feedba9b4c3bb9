using System.Text;

namespace Slipway.Engine.Output;

/// <summary>
/// Replaces secret values with <c>****</c> before text reaches the inner writer. Text is held back until
/// a line is complete so a secret written in several pieces is still masked.
/// </summary>
internal sealed class SecretMaskingWriter(TextWriter inner, Func<IEnumerable<string>> secrets) : TextWriter
{
    public const string Mask = "****";

    private readonly StringBuilder _pending = new();
    private readonly Lock _gate = new();

    public override Encoding Encoding => inner.Encoding;

    public override void Write(char value) => Write(value.ToString());

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return;
        lock (_gate)
        {
            _pending.Append(value);
            var text = _pending.ToString();
            var lastNewLine = text.LastIndexOf('\n');
            if (lastNewLine < 0)
                return;
            inner.Write(MaskSecrets(text[..(lastNewLine + 1)]));
            _pending.Clear().Append(text[(lastNewLine + 1)..]);
        }
    }

    public override void Flush()
    {
        lock (_gate)
        {
            inner.Write(MaskSecrets(_pending.ToString()));
            _pending.Clear();
            inner.Flush();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            Flush();
        base.Dispose(disposing);
    }

    private string MaskSecrets(string text)
    {
        // Longest first, so a secret containing another secret is masked whole; multi-line secrets per line.
        var values = secrets()
            .SelectMany(s => s.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Append(s))
            .Where(s => s.Length > 0)
            .Distinct()
            .OrderByDescending(s => s.Length);
        foreach (var secret in values)
            text = text.Replace(secret, Mask, StringComparison.Ordinal);
        return text;
    }
}
