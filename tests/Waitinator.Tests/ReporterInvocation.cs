using Spectre.Console;
using Waitinator.Reporter;

namespace Waitinator.Tests;

/// <summary>One run of the reporter's command line in this process, its terminal output captured as plain text.</summary>
internal sealed record ReporterInvocation(int ExitCode, string Output)
{
    public static ReporterInvocation Run(params string[] args)
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 250; // Wide enough that no table cell or path is wrapped.
        var exitCode = ReporterCommand.Create(console).Parse(args).Invoke();
        return new ReporterInvocation(exitCode, output.ToString());
    }
}
