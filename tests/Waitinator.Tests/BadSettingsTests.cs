using Waitinator.Tests.Lab;

namespace Waitinator.Tests;

/// <summary>
/// A bad setting or command-line value stops a program before it connects to anything, with one plain line per problem
/// naming the setting and exit code 2; no stack trace, no connection attempt, no run folder.
/// </summary>
public sealed class BadSettingsTests
{
    // Nothing listens on port 1: a program that tried to connect before checking its settings would say so.
    private static readonly Dictionary<string, string> Unreachable = new()
    {
        ["ConnectionStrings__broker"] = "amqp://nobody:nothing@127.0.0.1:1/",
        ["ConnectionStrings__backend"] = "127.0.0.1:1",
        ["DOTNET_ENVIRONMENT"] = "Production",
    };

    [Theory]
    [InlineData("Waitinator.Worker", new[] { "--Worker:Concurrency", "0", "--Worker:PrefetchHoldLimit", "-00:00:01" }, new[] { "Worker:Concurrency must be between 1 and", "Worker:PrefetchHoldLimit must be" })]
    [InlineData("Waitinator.Worker", new[] { "--Worker:Acks", "Sometimes" }, new[] { "'Sometimes' at 'Worker:Acks'" })]
    [InlineData("Waitinator.Worker", new[] { "--Worker:OutageTolerance", "soon" }, new[] { "'soon' at 'Worker:OutageTolerance'" })]
    [InlineData("Waitinator.Worker", new[] { "--ApiClient:Protocol", "Http3" }, new[] { "'Http3' at 'ApiClient:Protocol'" })]
    [InlineData("Waitinator.Producer", new[] { "--Producer:ChordSizes:0", "0" }, new[] { "Producer:ChordSizes must list chords of 1 or more" })]
    [InlineData("Waitinator.Producer", new[] { "--Producer:Timeout", "soon" }, new[] { "'soon' at 'Producer:Timeout'" })]
    [InlineData("Waitinator.Api", new[] { "--Api:TimeScale", "-1", "--Api:MinSleepSeconds", "9", "--Api:MaxSleepSeconds", "1" }, new[] { "Api:TimeScale must be", "Api:MinSleepSeconds (9) must not be greater" })]
    public async Task A_service_refuses_bad_settings_before_it_connects(string project, string[] arguments, string[] expected)
    {
        await using var program = LabPrograms.StartDotnet(project, Unreachable, arguments);

        var exitCode = await program.WaitForExitAsync(TimeSpan.FromSeconds(60));

        AssertRefused(exitCode, program.Output, expected);
        Assert.DoesNotContain("Unreachable", program.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(new[] { "--Lab:WorkerReplicas", "0" }, "Lab:WorkerReplicas must be 1 or more")]
    [InlineData(new[] { "--Worker:Concurrency", "0" }, "Worker:Concurrency must be between 1 and")]
    [InlineData(new[] { "--Worker:Acks", "Sometimes" }, "'Sometimes' at 'Worker:Acks'")]
    [InlineData(new[] { "--Lab:Experiment", "no-such-experiment" }, "no-such-experiment")]
    public async Task The_lab_refuses_bad_settings_before_any_server_starts(string[] arguments, string expected)
    {
        var runs = Directory.CreateTempSubdirectory("waitinator-bad-settings-").FullName;
        await using var appHost = await LabPrograms.StartAppHostAsync([.. arguments, "--Lab:RunsDirectory", runs]);

        var exitCode = await appHost.WaitForExitAsync(TimeSpan.FromSeconds(60));

        AssertRefused(exitCode, appHost.Output, [expected]);
        Assert.Empty(Directory.EnumerateFileSystemEntries(runs));
    }

    [Theory]
    [InlineData("celery-unknown-pool", "pool")]
    [InlineData("celery-without-pool", "configuration 'celery-4': pool is required for the Celery engine")]
    [InlineData("celery-without-pool", "configuration 'celery-mixed-4': execution_model is the .NET engine's setting")]
    public async Task The_lab_refuses_a_Celery_configuration_that_names_no_known_pool(string experiment, string expected)
    {
        var runs = Directory.CreateTempSubdirectory("waitinator-bad-settings-").FullName;
        await using var appHost = await LabPrograms.StartAppHostAsync(["--experiment", Repository.TestExperiment(experiment), "--Lab:RunsDirectory", runs]);

        var exitCode = await appHost.WaitForExitAsync(TimeSpan.FromSeconds(60));

        AssertRefused(exitCode, appHost.Output, [expected]);
        Assert.Contains(experiment, appHost.Output, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(runs));
    }

    [Fact]
    public async Task The_lab_refuses_a_Celery_pool_whose_Python_package_is_missing_naming_the_package()
    {
        // A gevent that cannot be imported, first on Python's path: as on a machine without python3-gevent.
        var shadow = Directory.CreateTempSubdirectory("waitinator-no-gevent-").FullName;
        Directory.CreateDirectory(Path.Combine(shadow, "gevent"));
        await File.WriteAllTextAsync(Path.Combine(shadow, "gevent", "__init__.py"), "raise ImportError('No module named gevent')\n");
        var runs = Directory.CreateTempSubdirectory("waitinator-bad-settings-").FullName;
        await using var appHost = await LabPrograms.StartAppHostAsync(
            ["--experiment", Repository.TestExperiment("celery-gevent"), "--Lab:RunsDirectory", runs],
            new Dictionary<string, string> { ["PYTHONPATH"] = shadow });

        var exitCode = await appHost.WaitForExitAsync(TimeSpan.FromSeconds(60));

        AssertRefused(exitCode, appHost.Output, ["configuration 'celery-gevent-4': pool gevent needs the Python module gevent", "apt-get install python3-gevent"]);
        Assert.Empty(Directory.EnumerateFileSystemEntries(runs));
    }

    private static void AssertRefused(int exitCode, string output, string[] expected)
    {
        Assert.True(exitCode == 2, $"Exit code {exitCode}. Output:\n{output}");
        foreach (var text in expected)
        {
            Assert.Contains(text, output, StringComparison.Ordinal);
        }

        Assert.All(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.StartsWith("Invalid setting: ", line, StringComparison.Ordinal));
    }
}
