using Waitinator.LocalLab;

namespace Waitinator.Tests.Lab;

/// <summary>The solution's own programs as the tests start them: each from its build output, the AppHost as ./run.sh does.</summary>
internal static class LabPrograms
{
    /// <summary>
    /// A .NET program of this solution, from its own build output folder, so that it reads its own appsettings.json as
    /// under the AppHost, not the one of whichever referenced project was copied into the tests' folder last.
    /// </summary>
    public static ChildProcess StartDotnet(string project, IReadOnlyDictionary<string, string> environment, IEnumerable<string>? arguments = null, string? folder = null) =>
        ChildProcess.StartDotnet(Repository.ProgramAssembly(project, folder), environment, arguments);

    /// <summary>
    /// The AppHost running one experiment headless (`--Lab:ExitWhenDone=true`), as ./run.sh does, with its runs and results
    /// in ROOT/runs and ROOT/results.
    /// </summary>
    public static Task<ChildProcess> StartExperimentAsync(
        string experiment, string root, IEnumerable<string>? arguments = null, IReadOnlyDictionary<string, string>? environment = null, bool inTerminal = false) =>
        StartAppHostAsync(
            [
                "--experiment", experiment, "--Lab:ExitWhenDone=true", "--Lab:Infrastructure=Executable",
                $"--Lab:RunsDirectory={root}/runs", $"--Lab:ResultsDirectory={root}/results", .. arguments ?? [],
            ],
            environment,
            inTerminal);

    /// <summary>
    /// The AppHost from its build output, as `dotnet run` starts it, with its dashboard, OTLP and resource-service
    /// endpoints on free loopback ports so that it never meets another lab's; once an earlier lab's processes are gone,
    /// and disposed only once its own are.
    /// </summary>
    public static async Task<ChildProcess> StartAppHostAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, bool inTerminal = false)
    {
        await LabLeftovers.WaitUntilGoneAsync();
        string[] command = ["dotnet", Repository.ProgramAssembly("Waitinator.AppHost"), .. arguments];
        return ChildProcess.Start(
            // util-linux's script gives the AppHost a pseudo-terminal, as a user's terminal would, and copies what it shows.
            inTerminal ? "script" : command[0],
            inTerminal ? ["--quiet", "--flush", "--return", "--command", string.Join(' ', command.Select(ShellQuoted)), "/dev/null"] : command[1..],
            new Dictionary<string, string>(environment ?? new Dictionary<string, string>())
            {
                ["DOTNET_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_URLS"] = Loopback(),
                ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = Loopback(),
                ["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = Loopback(),
                ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
            },
            // From the repository's root, as ./run.sh starts it. The tests' own folder holds a referenced project's
            // appsettings.json (whichever was copied last), and an AppHost started there gave its Api section to the Api.
            Repository.Root,
            // The AppHost is gone before DCP has stopped the lab's processes.
            afterExit: LabLeftovers.WaitUntilGoneAsync);
    }

    private static string ShellQuoted(string argument) => "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string Loopback() => $"http://127.0.0.1:{LoopbackPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture)}";
}
