using System.Globalization;

namespace Waitinator.Tests.Lab;

/// <summary>Runs `Waitinator.AppHost --experiment quick --Lab:ExitWhenDone=true` once, as ./run.sh does, into a folder of its own.</summary>
public sealed class QuickExperiment : IAsyncLifetime
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("waitinator-quick-");

    public int ExitCode { get; private set; }

    public string Output { get; private set; } = "";

    /// <summary>results/quick/TIMESTAMP.</summary>
    public string Results { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = Loopback(),
            ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = Loopback(),
            ["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = Loopback(),
            ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
        };
        await using var appHost = ChildProcess.Start(
            "dotnet",
            [
                Repository.ProgramAssembly("Waitinator.AppHost"), "--experiment", "quick", "--Lab:ExitWhenDone=true",
                "--Lab:Infrastructure=Executable", $"--Lab:RunsDirectory={_root.FullName}/runs", $"--Lab:ResultsDirectory={_root.FullName}/results",
            ],
            environment);
        ExitCode = await appHost.WaitForExitAsync(TimeSpan.FromMinutes(10));
        Output = appHost.Output;
        var experiments = Path.Combine(_root.FullName, "results", "quick");
        Results = Directory.Exists(experiments) ? Directory.GetDirectories(experiments).Single() : experiments;
    }

    public Task DisposeAsync()
    {
        _root.Delete(recursive: true);
        return Task.CompletedTask;
    }

    private static string Loopback() => $"http://127.0.0.1:{AppHost.LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture)}";
}
