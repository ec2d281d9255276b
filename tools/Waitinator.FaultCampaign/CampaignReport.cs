using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Waitinator.FaultCampaign.Checking;

namespace Waitinator.FaultCampaign;

/// <summary>The campaign's report: the faults injected, each invariant checked, the figures, and every violation with its task ids.</summary>
internal static class CampaignReport
{
    private const int ViolationsShown = 50;

    public static void Print(CampaignSettings settings, IReadOnlyDictionary<string, int> injected, CheckReport report)
    {
        var faults = new Table().Title("Faults injected").AddColumns("kind", "count");
        foreach (var (kind, count) in injected)
        {
            faults.AddRow(kind, N(count));
        }

        faults.AddRow("[bold]all[/]", N(injected.Values.Sum()));
        AnsiConsole.Write(faults);

        var invariants = new Table().Title("Invariants").AddColumns("invariant", "checked", "violations", "excused");
        foreach (var invariant in report.Invariants)
        {
            invariants.AddRow(
                Markup.Escape(invariant.Name), N(invariant.Checked),
                invariant.Violations.Count == 0 ? "[green]0[/]" : $"[red]{invariant.Violations.Count}[/]",
                invariant.Excused == 0 ? "0" : Markup.Escape($"{invariant.Excused} ({invariant.ExcusedBecause})"));
        }

        AnsiConsole.Write(invariants);

        var f = report.Figures;
        var figures = new Table().Title("Figures").AddColumns("", "count");
        foreach (var (name, value) in new (string, int)[]
        {
            ("chords submitted", f.ChordsSubmitted),
            ("chords of producers killed mid-submit (outcome unknown)", f.ChordsOfKilledProducers),
            ("chords completed", f.ChordsCompleted),
            ("chords failed with a ChordError", f.ChordsFailedWithChordError),
            ("chords lost to a Redis crash", f.ChordsLostToRedisCrash),
            ("callbacks run twice", f.CallbacksRunTwice),
            ("tasks lost (late acks)", f.TasksLost),
            ("results overwritten", f.ResultsOverwritten),
            ("results lost to a Redis crash", f.ResultsLostToRedisCrash),
            ("Redis crashes (SIGKILL)", f.RedisCrashes),
            ("tasks run", f.TasksRun),
            ("header tasks run more than once (at-least-once delivery)", f.HeaderTasksRunMoreThanOnce),
            ("poison messages published", f.PoisonPublished),
            ("poison messages dead-lettered with their reason", f.PoisonDeadLettered),
            ("tasks dead-lettered at the delivery limit", f.TasksDeadLetteredAtTheDeliveryLimit),
            ("dead letters of one message more than once", f.DeadLetterDuplicates),
            ("duplicate messages left in the queues (their task done)", f.LeftoverDuplicates),
        })
        {
            figures.AddRow(name, N(value));
        }

        AnsiConsole.Write(figures);

        var violations = report.Invariants.SelectMany(i => i.Violations.Select(v => (i.Name, v))).ToList();
        foreach (var (invariant, violation) in violations.Take(ViolationsShown))
        {
            AnsiConsole.MarkupLineInterpolated($"[red]VIOLATION[/] {invariant}: {violation.Message} [[{string.Join(", ", violation.TaskIds)}]]");
        }

        if (violations.Count > ViolationsShown)
        {
            AnsiConsole.WriteLine($"... and {violations.Count - ViolationsShown} more (campaign.json).");
        }

        AnsiConsole.MarkupLine(
            (report.Holds ? "[green]Every invariant holds[/]" : $"[red]{violations.Count} violations[/]")
            + Markup.Escape($" over {settings.Duration.TotalMinutes:F1} minutes of faults, seed {settings.Seed}."));
        AnsiConsole.WriteLine($"Replay: {Campaign.ReplayCommand(settings)}");
    }

    public static async Task WriteAsync(CampaignSettings settings, IReadOnlyDictionary<string, int> injected, CheckReport report)
    {
        await using var file = File.Create(Path.Combine(settings.Output, "campaign.json"));
        await JsonSerializer.SerializeAsync(file, new { settings, replay = Campaign.ReplayCommand(settings), injected, report }, new JsonSerializerOptions { WriteIndented = true });
    }

    private static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
