using System.Text.Json.Nodes;
using Waitinator.FaultCampaign.Checking;
using Waitinator.FaultCampaign.History;

namespace Waitinator.Tests;

/// <summary>
/// The fault campaign's checker on histories written by hand: each broken promise is found and named with its task ids,
/// what a Redis crash may lose is counted as lost to it, and a clean history passes. A checker that passed everything
/// would make the campaign worthless.
/// </summary>
public sealed class CampaignCheckerTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_clean_campaign_holds_every_invariant()
    {
        var report = Checker.Check(Campaign().Build());

        Assert.True(report.Holds, string.Join("\n", report.Invariants.SelectMany(i => i.Violations).Select(v => v.Message)));
        Assert.Equal(1, report.Figures.ChordsCompleted);
        Assert.Equal(1, report.Figures.PoisonDeadLettered);
    }

    [Fact]
    public void A_callback_run_twice_is_a_violation_naming_it()
    {
        var campaign = Campaign();
        campaign.Summaries["callback"] = campaign.Summaries["callback"] with { Runs = 2 };

        var report = Checker.Check(campaign.Build());

        Assert.Contains(Violations(report, Checker.ChordOutcome), v => v.TaskIds.Contains("callback") && v.Message.Contains("ran 2 times", StringComparison.Ordinal));
        Assert.Equal(1, report.Figures.CallbacksRunTwice);
    }

    [Fact]
    public void A_chord_that_counted_a_result_other_than_the_one_stored_is_a_violation()
    {
        var campaign = Campaign();
        campaign.Results["h1"] = Stored("SUCCESS", new JsonObject { ["request_id"] = "another-request" });

        Assert.Contains(Violations(Checker.Check(campaign.Build()), Checker.ChordOutcome), v => v.TaskIds.Contains("h1"));
    }

    [Fact]
    public void A_SUCCESS_replaced_is_a_violation_unless_a_Redis_crash_may_have_lost_it()
    {
        var campaign = Campaign();
        campaign.Event(5, HistoryEvent.Ok, HistoryEvent.Result, new JsonObject { ["id"] = "h1", ["status"] = "FAILURE", ["hash"] = "later" });
        campaign.Results["h1"] = Stored("FAILURE", null, "later");

        Assert.Contains(Violations(Checker.Check(campaign.Build()), Checker.NoSuccessOverwritten), v => v.TaskIds.Contains("h1"));

        // A Redis crash right after the SUCCESS was written may have lost it: the task ran again, and that is counted, not a violation.
        campaign.Event(2.5, HistoryEvent.Invoke, HistoryEvent.Fault, new JsonObject { ["kind"] = "redis-kill" });
        var excused = Checker.Check(campaign.Build());
        Assert.Empty(Violations(excused, Checker.NoSuccessOverwritten));
        Assert.Equal(1, excused.Invariants.Single(i => i.Name == Checker.NoSuccessOverwritten).Excused);
    }

    [Fact]
    public void A_header_task_with_no_result_is_lost_unless_a_Redis_crash_followed_its_result()
    {
        var campaign = Campaign();
        campaign.Results.Remove("h2");
        campaign.Results.Remove("callback");
        campaign.Summaries.Remove("callback");

        var report = Checker.Check(campaign.Build());
        Assert.Contains(Violations(report, Checker.NoTaskLost), v => v.TaskIds.Contains("h2"));
        Assert.Contains(Violations(report, Checker.ChordOutcome), v => v.TaskIds.Contains("callback"));

        campaign.Event(3, HistoryEvent.Invoke, HistoryEvent.Fault, new JsonObject { ["kind"] = "redis-kill" });
        var excused = Checker.Check(campaign.Build());
        Assert.True(excused.Holds, string.Join("\n", excused.Invariants.SelectMany(i => i.Violations).Select(v => v.Message)));
        Assert.Equal(1, excused.Figures.ChordsLostToRedisCrash);
        Assert.Equal(1, excused.Figures.ResultsLostToRedisCrash);
    }

    [Fact]
    public void A_ChordError_must_name_a_header_task_that_failed()
    {
        var campaign = Campaign();
        campaign.Summaries.Remove("callback");
        campaign.Results["callback"] = Stored("FAILURE", new JsonObject { ["exc_type"] = "ChordError", ["exc_message"] = new JsonArray("Dependency h1 raised ...") });

        // h1 succeeded: a ChordError naming it is no explanation.
        Assert.Contains(Violations(Checker.Check(campaign.Build()), Checker.ChordOutcome), v => v.TaskIds.Contains("h1"));

        campaign.Results["h1"] = Stored("FAILURE", new JsonObject { ["exc_type"] = "HttpRequestException" });
        Assert.Empty(Violations(Checker.Check(campaign.Build()), Checker.ChordOutcome));
    }

    [Fact]
    public void A_poison_message_missing_from_the_dead_letter_queue_or_there_for_another_reason_is_a_violation()
    {
        var campaign = Campaign();
        campaign.DeadLetters.Clear();
        Assert.Contains(Violations(Checker.Check(campaign.Build()), Checker.PoisonDeadLettered), v => v.TaskIds.Contains("poison"));

        campaign.DeadLetters.Add(new DeadLetterRecord("poison", "processing_failed", "a reason", "waitinate"));
        Assert.Contains(Violations(Checker.Check(campaign.Build()), Checker.PoisonDeadLettered), v => v.Message.Contains("processing_failed", StringComparison.Ordinal));
    }

    [Fact]
    public void A_message_left_in_a_queue_with_no_result_for_its_task_is_a_violation()
    {
        var campaign = Campaign();
        campaign.Leftovers.Add(new LeftoverMessage("waitinate", "h1"));
        campaign.Leftovers.Add(new LeftoverMessage("waitinate", "never-run"));

        var report = Checker.Check(campaign.Build());

        Assert.Equal(["never-run"], Violations(report, Checker.QueuesDrained).SelectMany(v => v.TaskIds));
        Assert.Equal(1, report.Figures.LeftoverDuplicates);
    }

    private static IReadOnlyList<Violation> Violations(CheckReport report, string invariant) => report.Invariants.Single(i => i.Name == invariant).Violations;

    /// <summary>A chord of two header tasks that completed, and one poison message dead-lettered as it should be.</summary>
    private static CampaignBuilder Campaign()
    {
        var campaign = new CampaignBuilder();
        var chord = new JsonObject { ["group"] = "g", ["callback"] = "callback", ["headers"] = new JsonArray("h1", "h2") };
        campaign.Event(0, HistoryEvent.Invoke, HistoryEvent.Submit, chord);
        campaign.Event(0.1, HistoryEvent.Ok, HistoryEvent.Submit, (JsonObject)chord.DeepClone());
        foreach (var (id, index) in new[] { ("h1", 0), ("h2", 1) })
        {
            campaign.Tasks[id] = new TaskRow(id, $"request-{id}", Start.AddSeconds(1 + index), 1);
            campaign.Results[id] = Stored("SUCCESS", new JsonObject { ["request_id"] = $"request-{id}" }, id);
            campaign.Event(1.01 + index, HistoryEvent.Ok, HistoryEvent.Result, new JsonObject { ["id"] = id, ["status"] = "SUCCESS", ["hash"] = id });
        }

        campaign.Summaries["callback"] = new SummaryRow("callback", 1, ["h1", "h2"], Start.AddSeconds(3));
        campaign.Results["callback"] = Stored("SUCCESS", new JsonObject
        {
            ["results"] = new JsonArray(new JsonObject { ["request_id"] = "request-h1" }, new JsonObject { ["request_id"] = "request-h2" }),
        });
        campaign.Event(4, HistoryEvent.Invoke, HistoryEvent.Poison, new JsonObject { ["id"] = "poison", ["kind"] = "not_json", ["expected"] = "malformed_message" });
        campaign.Event(4.1, HistoryEvent.Ok, HistoryEvent.Poison, new JsonObject { ["id"] = "poison", ["kind"] = "not_json", ["expected"] = "malformed_message" });
        campaign.DeadLetters.Add(new DeadLetterRecord("poison", "malformed_message", "The body is not JSON", "waitinate"));
        return campaign;
    }

    private static StoredResult Stored(string status, JsonObject? result, string hash = "hash") => new(status, "2026-01-01T12:00:00", hash, result);

    private sealed class CampaignBuilder
    {
        public List<HistoryEvent> History { get; } = [];

        public Dictionary<string, TaskRow> Tasks { get; } = [];

        public Dictionary<string, SummaryRow> Summaries { get; } = [];

        public Dictionary<string, StoredResult> Results { get; } = [];

        public List<DeadLetterRecord> DeadLetters { get; } = [];

        public List<LeftoverMessage> Leftovers { get; } = [];

        public void Event(double seconds, string type, string op, JsonObject value) =>
            History.Add(new HistoryEvent(Start.AddSeconds(seconds), "test", type, op, value));

        public Observations Build() => new(
            [.. History.OrderBy(e => e.At)], Tasks, Summaries, Tasks.Values.Select(t => t.RequestId).ToHashSet(), Results, DeadLetters, Leftovers);
    }
}
