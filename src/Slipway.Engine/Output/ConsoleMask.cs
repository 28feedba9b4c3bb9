namespace Slipway.Engine.Output;

/// <summary>Routes <see cref="Console.Out"/> and <see cref="Console.Error"/> through the secret mask until disposed.</summary>
internal sealed class ConsoleMask : IDisposable
{
    private readonly TextWriter _originalOut = Console.Out;
    private readonly TextWriter _originalError = Console.Error;
    private readonly SecretMaskingWriter _out;
    private readonly SecretMaskingWriter _error;

    private ConsoleMask(Func<IEnumerable<string>> secrets)
    {
        _out = new SecretMaskingWriter(_originalOut, secrets);
        _error = new SecretMaskingWriter(_originalError, secrets);
        Console.SetOut(_out);
        Console.SetError(_error);
    }

    public static ConsoleMask Install(Func<IEnumerable<string>> secrets) => new(secrets);

    public void Dispose()
    {
        _out.Flush();
        _error.Flush();
        Console.SetOut(_originalOut);
        Console.SetError(_originalError);
    }
}
