using System.Text.Json;
using Waitinator.Tests.Lab;

namespace Waitinator.Tests;

/// <summary>
/// The fault campaign in its short form, as CI runs it: a fixed seed, a minute of seeded faults against a fleet of
/// workers of every model, then the checker. It runs its own servers and workers, so it runs alone.
/// </summary>
[Collection(WholeLabCollection.Name)]
public sealed class FaultCampaignTests
{
    private const string Seed = "20261208";

    [Fact]
    public async Task A_short_campaign_with_a_fixed_seed_holds_every_invariant_and_says_what_it_injected_and_checked()
    {
        var folder = Directory.CreateTempSubdirectory("waitinator-campaign-");
        try
        {
            await using var campaign = LabPrograms.StartDotnet(
                "Waitinator.FaultCampaign",
                new Dictionary<string, string>(),
                ["run", "--duration", "00:01:00", "--seed", Seed, "--quiesce", "00:00:40", "--max-outage", "25", "--output", folder.FullName],
                Path.Combine("tools", "Waitinator.FaultCampaign"));
            var exitCode = await campaign.WaitForExitAsync(TimeSpan.FromMinutes(3));
            var output = campaign.Output;

            Assert.True(exitCode == 0, $"The campaign found a violation or failed (exit code {exitCode}):\n{output}");
            Assert.Contains($"seed {Seed}", output, StringComparison.Ordinal);
            Assert.Contains("Faults injected", output, StringComparison.Ordinal);
            Assert.Contains("Invariants", output, StringComparison.Ordinal);
            Assert.Contains("Every invariant holds", output, StringComparison.Ordinal);
            Assert.Contains($"--seed {Seed}", output, StringComparison.Ordinal);
            Assert.DoesNotContain("VIOLATION", output, StringComparison.Ordinal);

            // Faults of several kinds went in, and chords completed through them.
            using var report = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(folder.FullName, "campaign.json")));
            var injected = report.RootElement.GetProperty("injected").EnumerateObject().Where(kind => kind.Value.GetInt32() > 0).Select(kind => kind.Name).ToList();
            Assert.True(injected.Count >= 4, $"Faults of only {injected.Count} kinds were injected:\n{output}");
            Assert.True(report.RootElement.GetProperty("report").GetProperty("Figures").GetProperty("ChordsCompleted").GetInt32() > 0, output);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
