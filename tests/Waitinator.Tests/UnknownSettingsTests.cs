using Microsoft.Extensions.Configuration;
using Waitinator.AppHost.Settings;
using Waitinator.Tests.Lab;

namespace Waitinator.Tests;

/// <summary>
/// A mistyped setting name would be dropped by the configuration binder and the lab would measure the default in its
/// place: the AppHost refuses every key of its sections that no settings record binds, naming it and the nearest key
/// that does, before any server starts (exit code 2, no run folder), as it refuses a bad value.
/// </summary>
public sealed class UnknownSettingsTests
{
    [Theory]
    [InlineData("--Worker:Concurency=4", "Worker:Concurency is not a setting. Did you mean Worker:Concurrency?")]
    [InlineData("--Producer:ChordSize:0=5", "Producer:ChordSize:0 is not a setting. Did you mean Producer:ChordSizes:0?")]
    [InlineData("--Api:TimeScal=0.01", "Api:TimeScal is not a setting. Did you mean Api:TimeScale?")]
    [InlineData("--ApiClient:Retrys=5", "ApiClient:Retrys is not a setting. Did you mean ApiClient:Retries?")]
    [InlineData("--Monitor:Intervall=00:00:02", "Monitor:Intervall is not a setting. Did you mean Monitor:Interval?")]
    [InlineData("--TaskRecords:DatabasePth=x.db", "TaskRecords:DatabasePth is not a setting. Did you mean TaskRecords:DatabasePath?")]
    [InlineData("--Telemetry:ExportDirectry=t", "Telemetry:ExportDirectry is not a setting. Did you mean Telemetry:ExportDirectory?")]
    [InlineData("--Lab:WorkerReplica=2", "Lab:WorkerReplica is not a setting. Did you mean Lab:WorkerReplicas?")]
    public async Task The_lab_refuses_a_mistyped_setting_naming_the_nearest_before_any_server_starts(string argument, string expected)
    {
        var runs = Directory.CreateTempSubdirectory("waitinator-unknown-setting-").FullName;
        await using var appHost = await LabPrograms.StartAppHostAsync([argument, "--Lab:RunsDirectory", runs]);

        var exitCode = await appHost.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(exitCode == 2, $"Exit code {exitCode}. Output:\n{appHost.Output}");
        Assert.Contains($"Invalid setting: {expected}", appHost.Output, StringComparison.Ordinal);
        Assert.All(appHost.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.StartsWith("Invalid setting: ", line, StringComparison.Ordinal));
        Assert.Empty(Directory.EnumerateFileSystemEntries(runs));
    }

    [Fact]
    public void Every_key_a_record_binds_passes_and_every_other_key_of_a_lab_section_is_named()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Worker:Concurrency"] = "4",
            ["Worker:Queues:0"] = "a",
            ["Worker:Queues:1"] = "b",
            ["Worker:Routes:custom"] = "q1",
            ["Producer:ChordSizes:0"] = "5",
            ["Producer:Routes:waitinate"] = "w",
            ["Api:TimeScale"] = "0.01",
            ["Telemetry:MetricsInterval"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "Debug",
            ["Anything:Else"] = "x",
            // Not settings: a computed property, keys under a scalar, a key nothing is near.
            ["Producer:EffectiveChordSizes:0"] = "5",
            ["Telemetry:MetricsInterval:Seconds"] = "1",
            ["Monitor:Colour"] = "blue",
        }).Build();

        var problems = SettingsSections.Problems(configuration);

        Assert.Equal(
            [
                "Producer:EffectiveChordSizes:0 is not a setting: Producer has ChordSizes, Timeout, ReportPath, ProgressPath, ExpectedConsumers, ConsumerWaitTimeout, Routes.",
                "Monitor:Colour is not a setting: Monitor has BrokerManagementUrl, Interval.",
                "Telemetry:MetricsInterval:Seconds is not a setting: Telemetry:MetricsInterval takes a value of its own.",
            ],
            problems);
    }
}
