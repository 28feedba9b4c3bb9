using Spectre.Console;

namespace Slipway.Engine.Output;

/// <summary>How much the engine prints.</summary>
internal enum OutputVerbosity
{
    Quiet,
    Normal,
    Verbose,
}

/// <summary>The engine's output: plain lines by verbosity, plus a Spectre console for tables.</summary>
internal sealed class BuildOutput(TextWriter writer, bool plain)
{
    private const int PlainWidth = 160;

    private IAnsiConsole? _console;

    public TextWriter Writer { get; } = writer;
    public bool Plain { get; } = plain;
    public OutputVerbosity Verbosity { get; set; } = OutputVerbosity.Normal;

    /// <summary>A Spectre console on the same writer; no colours or ANSI when output is plain.</summary>
    public IAnsiConsole Console => _console ??= CreateConsole();

    private IAnsiConsole CreateConsole()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = Plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = Plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Writer),
        });
        // Redirected output has no real width; 80 columns would wrap the summary's notes.
        if (Plain)
            console.Profile.Width = PlainWidth;
        return console;
    }

    /// <summary>Always printed: results, help, plan, list.</summary>
    public void Line(string text = "") => Writer.WriteLine(text);

    /// <summary>Progress; hidden when quiet.</summary>
    public void Info(string text)
    {
        if (Verbosity >= OutputVerbosity.Normal)
            Writer.WriteLine(text);
    }

    /// <summary>Detail; only when verbose.</summary>
    public void Verbose(string text)
    {
        if (Verbosity >= OutputVerbosity.Verbose)
            Writer.WriteLine(text);
    }

    public void Warn(string text) => Writer.WriteLine("WARN: " + text);

    public void Error(string text) => Writer.WriteLine("ERROR: " + text);
}
