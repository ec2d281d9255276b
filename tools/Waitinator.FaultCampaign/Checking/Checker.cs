using System.Text.Json.Nodes;
using Waitinator.FaultCampaign.History;
using Waitinator.FaultCampaign.Faults;

namespace Waitinator.FaultCampaign.Checking;

/// <summary>
/// Checks the README's promises against a campaign's history and final state, as a Jepsen checker checks a history:
/// every chord either completed with exactly one callback run, the results in it those stored, or failed with a
/// ChordError naming a header task that failed; no task lost (every worker acknowledges late); no stored SUCCESS
/// replaced; every poison message in the dead-letter queue with its reason; nothing left unrun in the queues; every
/// recorded task's Api call in the Api's database. A Redis crash (SIGKILL) may lose its last second of writes
/// (appendfsync everysec): what went missing within seconds of one is counted as lost to it, not as a violation.
/// </summary>
public static class Checker
{
    public const string ChordOutcome = "every chord completed with one callback run, or failed with a ChordError naming its task";
    public const string NoTaskLost = "no task lost (late acks)";
    public const string NoSuccessOverwritten = "no stored SUCCESS overwritten";
    public const string PoisonDeadLettered = "every poison message dead-lettered with its reason";
    public const string QueuesDrained = "nothing left unrun in the queues";
    public const string ApiCalled = "every recorded task's Api request is in the Api's database";

    // A write is on disk at most a second after Redis took it (appendfsync everysec), and a kill follows its history
    // line at once: what was written from just before a crash to a little after is exposed to it.
    private static readonly TimeSpan ExposedBefore = TimeSpan.FromSeconds(0.5);
    private static readonly TimeSpan ExposedAfter = TimeSpan.FromSeconds(2.5);

    // How long after a task's end its result may reach Redis: the store waits out an outage, within the tolerance.
    private static readonly TimeSpan StoreLatency = Lab.CampaignLab.OutageTolerance + TimeSpan.FromSeconds(5);

    private static readonly HashSet<string> Ready = ["SUCCESS", "FAILURE", "REVOKED"];

    public static CheckReport Check(Observations seen)
    {
        var crashes = seen.History.Where(e => e is { Op: HistoryEvent.Fault, Type: HistoryEvent.Invoke } && Kind(e) == FaultKind.RedisKill).Select(e => e.At).ToList();
        bool Exposed(DateTimeOffset from, DateTimeOffset to) => crashes.Any(crash => crash >= from - ExposedBefore && crash <= to + ExposedAfter);

        var chords = Chords(seen.History);
        var deadLettered = seen.DeadLetters.GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.ToList());
        var (outcome, chordFigures) = CheckChords(seen, chords, deadLettered, Exposed);
        var (lost, lostFigures) = CheckTasks(seen, chords, deadLettered, Exposed);
        var (overwritten, overwrites) = CheckOverwrites(seen, Exposed);
        var (poison, poisonFigures) = CheckPoison(seen, deadLettered);
        var leftovers = CheckLeftovers(seen, out var duplicates);
        var api = CheckApiRequests(seen);

        return new CheckReport(
            [outcome, lost, overwritten, poison, leftovers, api],
            chordFigures with
            {
                TasksLost = lost.Violations.Sum(v => v.TaskIds.Count),
                ResultsLostToRedisCrash = lostFigures,
                ResultsOverwritten = overwrites,
                HeaderTasksRunMoreThanOnce = seen.Tasks.Values.Count(t => t.Runs > 1),
                TasksRun = seen.Tasks.Count,
                PoisonPublished = poisonFigures.Published,
                PoisonDeadLettered = poisonFigures.DeadLettered,
                DeadLetterDuplicates = seen.DeadLetters.GroupBy(d => d.Id).Sum(g => g.Count() - 1),
                TasksDeadLetteredAtTheDeliveryLimit = seen.DeadLetters.Count(d => d.ErrorType == "delivery_limit"),
                LeftoverDuplicates = duplicates,
                RedisCrashes = crashes.Count,
            });
    }

    /// <summary>A chord as the history tells it: its ids, when it was invoked, and whether its submission completed (ok).</summary>
    public sealed record Chord(string Group, string Callback, IReadOnlyList<string> Headers, DateTimeOffset Invoked, bool Submitted, string? Poisoned);

    public static List<Chord> Chords(IReadOnlyList<HistoryEvent> history)
    {
        var chords = new Dictionary<string, Chord>();
        foreach (var e in history.Where(e => e.Op is HistoryEvent.Submit or HistoryEvent.Poison && e.Value["group"] is not null))
        {
            var group = e.Value["group"]!.GetValue<string>();
            if (e.Type == HistoryEvent.Invoke)
            {
                chords[group] = new Chord(
                    group, e.Value["callback"]!.GetValue<string>(), e.Value["headers"]!.AsArray().Select(h => h!.GetValue<string>()).ToList(), e.At, false,
                    e.Op == HistoryEvent.Poison ? e.Value["id"]!.GetValue<string>() : null);
            }
            else if (e.Type == HistoryEvent.Ok && chords.TryGetValue(group, out var invoked))
            {
                chords[group] = invoked with { Submitted = true };
            }
        }

        return [.. chords.Values];
    }

    private static (InvariantResult, CampaignFigures) CheckChords(
        Observations seen, List<Chord> chords, Dictionary<string, List<DeadLetterRecord>> deadLettered, Func<DateTimeOffset, DateTimeOffset, bool> exposed)
    {
        var violations = new List<Violation>();
        int completed = 0, failed = 0, lostToCrash = 0, twice = 0, partial = 0;
        foreach (var chord in chords)
        {
            var result = seen.Results.GetValueOrDefault(chord.Callback);
            var summary = seen.Summaries.GetValueOrDefault(chord.Callback);
            if (summary is { Runs: > 1 })
            {
                twice++;
                violations.Add(new($"callback {chord.Callback} of chord {chord.Group} ran {summary.Runs} times", [chord.Callback]));
            }

            if (!chord.Submitted)
            {
                // A producer killed mid-submit: any of its header tasks may be out. If the callback ran, the chord was whole.
                partial++;
                if (result is { Status: "SUCCESS" } && chord.Headers.Any(h => seen.Results.GetValueOrDefault(h) is not { Status: "SUCCESS" }))
                {
                    violations.Add(new($"callback {chord.Callback} of a chord submitted in part succeeded without all of its header tasks' results", [chord.Callback, .. chord.Headers]));
                }

                continue;
            }

            switch (result?.Status)
            {
                case "SUCCESS":
                    completed++;
                    CheckCompleted(seen, chord, result, summary, violations);
                    break;
                case "FAILURE":
                    failed++;
                    CheckChordError(seen, chord, result, summary, deadLettered, violations);
                    break;
                default:
                    var ends = chord.Headers.Select(h => seen.Tasks.GetValueOrDefault(h)?.EndedAt).OfType<DateTimeOffset>().ToList();
                    if (exposed(chord.Invoked, ends.Count > 0 ? ends.Max() : chord.Invoked))
                    {
                        lostToCrash++;
                    }
                    else
                    {
                        var missing = chord.Headers.Where(h => seen.Results.GetValueOrDefault(h) is not { } r || !Ready.Contains(r.Status)).ToList();
                        violations.Add(new($"chord {chord.Group} has no callback result ({result?.Status ?? "none"}); header tasks without a result: {missing.Count}", [chord.Callback, .. missing]));
                    }

                    break;
            }
        }

        var figures = new CampaignFigures
        {
            ChordsSubmitted = chords.Count(c => c.Submitted),
            ChordsOfKilledProducers = partial,
            ChordsCompleted = completed,
            ChordsFailedWithChordError = failed,
            ChordsLostToRedisCrash = lostToCrash,
            CallbacksRunTwice = twice,
        };
        return (new InvariantResult(ChordOutcome, chords.Count, violations, lostToCrash, lostToCrash > 0 ? "chord state written within seconds of a Redis crash" : null), figures);
    }

    private static void CheckCompleted(Observations seen, Chord chord, StoredResult result, SummaryRow? summary, List<Violation> violations)
    {
        if (chord.Poisoned is { } poisoned)
        {
            violations.Add(new($"chord {chord.Group} succeeded though its header task {poisoned} can never run", [chord.Callback, poisoned]));
            return;
        }

        if (summary is null)
        {
            violations.Add(new($"callback {chord.Callback} is SUCCESS but no summarize run recorded it", [chord.Callback]));
        }
        else if (!summary.HeaderTaskIds.SequenceEqual(chord.Headers))
        {
            violations.Add(new($"callback {chord.Callback} summarized [{string.Join(", ", summary.HeaderTaskIds)}], not its header tasks in order", [chord.Callback]));
        }

        // The chord counted the result stored for each header task, not another run's.
        var used = result.Result?["results"]?.AsArray() ?? [];
        for (var index = 0; index < chord.Headers.Count && index < used.Count; index++)
        {
            var header = chord.Headers[index];
            var stored = seen.Results.GetValueOrDefault(header)?.Result?["request_id"]?.GetValue<string>();
            var counted = used[index]?["request_id"]?.GetValue<string>();
            if (stored is not null && counted != stored)
            {
                violations.Add(new($"chord {chord.Group} counted header task {header}'s request {counted}, but its stored result is request {stored}", [header, chord.Callback]));
            }
        }
    }

    private static void CheckChordError(
        Observations seen, Chord chord, StoredResult result, SummaryRow? summary, Dictionary<string, List<DeadLetterRecord>> deadLettered, List<Violation> violations)
    {
        var error = result.Result as JsonObject;
        var message = error?["exc_message"]?.ToJsonString() ?? string.Empty;
        var named = chord.Headers.FirstOrDefault(h => message.Contains($"Dependency {h} raised", StringComparison.Ordinal));
        if (error?["exc_type"]?.GetValue<string>() != "ChordError" || named is null)
        {
            violations.Add(new($"callback {chord.Callback} is FAILURE but not a ChordError naming a header task: {error?.ToJsonString()}", [chord.Callback]));
            return;
        }

        if (seen.Results.GetValueOrDefault(named) is not { Status: "FAILURE" or "REVOKED" } && !deadLettered.ContainsKey(named))
        {
            violations.Add(new($"chord {chord.Group}'s ChordError names {named}, whose result is {seen.Results.GetValueOrDefault(named)?.Status ?? "missing"}", [named, chord.Callback]));
        }

        if (summary is not null)
        {
            violations.Add(new($"callback {chord.Callback} ran, yet its stored result is a ChordError", [chord.Callback]));
        }
    }

    private static (InvariantResult, int) CheckTasks(
        Observations seen, List<Chord> chords, Dictionary<string, List<DeadLetterRecord>> deadLettered, Func<DateTimeOffset, DateTimeOffset, bool> exposed)
    {
        var violations = new List<Violation>();
        var checkedTasks = 0;
        var lostToCrash = 0;
        foreach (var chord in chords.Where(c => c.Submitted))
        {
            foreach (var header in chord.Headers.Where(h => h != chord.Poisoned))
            {
                checkedTasks++;
                if (seen.Results.GetValueOrDefault(header) is { } result && Ready.Contains(result.Status) || deadLettered.ContainsKey(header))
                {
                    continue;
                }

                var row = seen.Tasks.GetValueOrDefault(header);
                var written = seen.History.Where(e => e.Op == HistoryEvent.Result && e.Value["id"]?.GetValue<string>() == header).Select(e => e.At).ToList();
                var from = written.Count > 0 ? written.Min() : row?.EndedAt;
                if (from is { } at && exposed(at, written.Count > 0 ? written.Max() : at + StoreLatency))
                {
                    lostToCrash++;
                    continue;
                }

                violations.Add(new(row is null
                    ? $"header task {header} of chord {chord.Group} never ran and has no result"
                    : $"header task {header} of chord {chord.Group} ran (runs {row.Runs}, ended {row.EndedAt:O}) but has no final result", [header]));
            }
        }

        return (new InvariantResult(NoTaskLost, checkedTasks, violations, lostToCrash, lostToCrash > 0 ? "results written within seconds of a Redis crash" : null), lostToCrash);
    }

    private static (InvariantResult, int) CheckOverwrites(Observations seen, Func<DateTimeOffset, DateTimeOffset, bool> exposed)
    {
        var violations = new List<Violation>();
        var excused = 0;
        var writes = seen.History.Where(e => e.Op == HistoryEvent.Result).GroupBy(e => e.Value["id"]!.GetValue<string>());
        var checkedTasks = 0;
        foreach (var task in writes)
        {
            var ordered = task.OrderBy(e => e.At).ToList();
            var success = ordered.FirstOrDefault(e => e.Value["status"]?.GetValue<string>() == "SUCCESS");
            if (success is null)
            {
                continue;
            }

            checkedTasks++;
            var hash = success.Value["hash"]!.GetValue<string>();
            var later = ordered.Where(e => e.At > success.At && e.Value["hash"]!.GetValue<string>() != hash).ToList();
            var final = seen.Results.GetValueOrDefault(task.Key);
            var replaced = later.Count > 0 || (final is not null && final.Hash != hash);
            if (!replaced)
            {
                continue;
            }

            if (exposed(success.At, success.At))
            {
                // The SUCCESS was lost with Redis's last second, and the task ran again.
                excused++;
                continue;
            }

            var by = later.Count > 0 ? later[0].Value["status"]?.GetValue<string>() : final!.Status;
            violations.Add(new($"task {task.Key}'s SUCCESS of {success.Value["date_done"]} was replaced by {by}", [task.Key]));
        }

        return (new InvariantResult(NoSuccessOverwritten, checkedTasks, violations, excused, excused > 0 ? "a SUCCESS written within seconds of a Redis crash, lost with it" : null), violations.Count);
    }

    private static (InvariantResult, (int Published, int DeadLettered)) CheckPoison(Observations seen, Dictionary<string, List<DeadLetterRecord>> deadLettered)
    {
        var violations = new List<Violation>();
        var published = seen.History.Where(e => e is { Op: HistoryEvent.Poison, Type: HistoryEvent.Ok }).ToList();
        var found = 0;
        foreach (var poison in published)
        {
            var id = poison.Value["id"]!.GetValue<string>();
            var expected = poison.Value["expected"]!.GetValue<string>();
            var letters = deadLettered.GetValueOrDefault(id) ?? [];
            if (letters.Any(letter => letter.ErrorType == expected && !string.IsNullOrWhiteSpace(letter.Reason)))
            {
                found++;
            }
            else
            {
                violations.Add(new(
                    $"poison message {id} ({poison.Value["kind"]}) is not in the dead-letter queue as {expected}" +
                    (letters.Count > 0 ? $"; it is there as {string.Join(", ", letters.Select(l => l.ErrorType))}" : string.Empty), [id]));
            }
        }

        return (new InvariantResult(PoisonDeadLettered, published.Count, violations), (published.Count, found));
    }

    private static InvariantResult CheckLeftovers(Observations seen, out int duplicates)
    {
        var violations = new List<Violation>();
        duplicates = 0;
        foreach (var message in seen.Leftovers)
        {
            if (message.Id is not null && seen.Results.GetValueOrDefault(message.Id) is { } result && Ready.Contains(result.Status))
            {
                duplicates++;
                continue;
            }

            violations.Add(new($"a message for task {message.Id ?? "(no id)"} is still in queue {message.Queue}, its task without a result", message.Id is null ? [] : [message.Id]));
        }

        return new InvariantResult(QueuesDrained, seen.Leftovers.Count, violations);
    }

    private static InvariantResult CheckApiRequests(Observations seen)
    {
        var missing = seen.Tasks.Values.Where(t => !seen.ApiRequests.Contains(t.RequestId)).Select(t => t.TaskId).ToList();
        var violations = missing.Count == 0 ? [] : new List<Violation> { new($"{missing.Count} recorded tasks name an Api request the Api never recorded", missing) };
        return new InvariantResult(ApiCalled, seen.Tasks.Count, violations);
    }

    private static string? Kind(HistoryEvent e) => e.Value["kind"]?.GetValue<string>();
}
