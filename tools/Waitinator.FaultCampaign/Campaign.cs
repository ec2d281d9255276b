using System.Text.Json.Nodes;
using RabbitMQ.Client;
using Spectre.Console;
using StackExchange.Redis;
using Waitinator.FaultCampaign.Checking;
using Waitinator.FaultCampaign.History;
using Waitinator.FaultCampaign.Lab;
using Waitinator.FaultCampaign.Load;
using Waitinator.FaultCampaign.Faults;
using Waitinator.TaskQueue.Backend;

namespace Waitinator.FaultCampaign;

/// <summary>
/// One campaign: the lab started, chords submitted steadily while the nemesis injects the seeded schedule's faults for
/// the duration, the faults healed and the work let settle, the workers stopped, then the checker run over the history
/// and every store. Returns 0 when every invariant holds, 1 on a violation.
/// </summary>
internal static class Campaign
{
    public static async Task<int> RunAsync(CampaignSettings settings, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(settings.Output);
        AnsiConsole.MarkupLineInterpolated($"[bold]Fault campaign[/]: seed {settings.Seed}, faults for {settings.Duration}, output {settings.Output}");
        AnsiConsole.WriteLine($"Replay: {ReplayCommand(settings)}");

        await using var lab = await CampaignLab.StartAsync(settings.Output);
        using var history = new HistoryLog(Path.Combine(lab.HistoryFolder, "campaign.jsonl"), "campaign");
        await using var observing = await ConnectionMultiplexer.ConnectAsync(lab.Servers.BackendConnectionString);
        await new ResultObserver(observing, history).StartAsync();
        await using var fleet = new Fleet(lab, settings.WorkerAssembly, WorkerSpec.Fleet);
        await fleet.StartAllAsync();
        AnsiConsole.WriteLine($"Lab up: RabbitMQ, Redis, the Api behind its fault proxy, workers {string.Join(", ", fleet.Specs.Select(s => $"{s.Name} ({s.Model} {s.Concurrency})"))}, all acknowledging late.");

        await using var load = new ChordLoad(lab, new Random(settings.Seed + 1));
        var nemesis = new Nemesis(lab, fleet, load, new PoisonMessages(lab, history), history, new Random(settings.Seed + 2));
        using (var faulting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            faulting.CancelAfter(settings.Duration);
            var started = DateTime.UtcNow;
            var loading = load.RunAsync(faulting.Token);
            var injecting = Task.WhenAll(
                nemesis.RunAsync(FaultSchedule.Draw(settings.Seed, FaultKind.Infrastructure, fleet.Specs.Count, PoisonMessages.Kinds.Count, settings.MaxOutage), faulting.Token),
                nemesis.RunAsync(FaultSchedule.Draw(settings.Seed + 3, FaultKind.Clients, fleet.Specs.Count, PoisonMessages.Kinds.Count, settings.MaxOutage), faulting.Token));
            while (!injecting.IsCompleted)
            {
                await Task.WhenAny(injecting, Task.Delay(TimeSpan.FromSeconds(30), CancellationToken.None));
                AnsiConsole.WriteLine($"{(DateTime.UtcNow - started).TotalMinutes:F1} min: {nemesis.Injected.Values.Sum()} faults, {load.Started} producers");
            }

            await injecting;
            await loading;
        }

        await load.DrainAsync();
        await HealAsync(lab, fleet);
        var settled = await SettleAsync(lab, settings.Quiesce);
        AnsiConsole.WriteLine(settled ? "Work settled; stopping the workers." : $"Work still moving after {settings.Quiesce}; stopping the workers and checking what there is.");
        await fleet.StopAllAsync();

        var report = Checker.Check(await ObservationReader.ReadAsync(lab));
        CampaignReport.Print(settings, nemesis.Injected, report);
        await CampaignReport.WriteAsync(settings, nemesis.Injected, report);
        return report.Holds ? 0 : 1;
    }

    public static string ReplayCommand(CampaignSettings settings) =>
        $"dotnet run -c Release --project tools/Waitinator.FaultCampaign -- run --duration {settings.Duration:c} --seed {settings.Seed} --max-outage {settings.MaxOutage.TotalSeconds:F0} --quiesce {settings.Quiesce:c}";

    /// <summary>Every server up, the Api passing calls through, every worker running: the nemesis heals each fault, this makes sure.</summary>
    private static async Task HealAsync(CampaignLab lab, Fleet fleet)
    {
        lab.Proxy.Fault = ApiFault.None;
        if (lab.Servers.BrokerProcessId is null)
        {
            await lab.Servers.StartBrokerAsync();
        }

        if (lab.Servers.BackendProcessId is null)
        {
            await lab.Servers.StartBackendAsync();
        }

        foreach (var spec in fleet.Specs.Where(spec => fleet.Running(spec) is null))
        {
            await fleet.StartAsync(spec);
        }
    }

    /// <summary>
    /// Waits until every submitted chord's callback has a final result and the task queues are empty, or until nothing
    /// has changed for half a minute (a chord lost to a Redis crash never completes), within <paramref name="limit"/>.
    /// </summary>
    private static async Task<bool> SettleAsync(CampaignLab lab, TimeSpan limit)
    {
        var callbacks = HistoryLog.ReadAll(lab.HistoryFolder)
            .Where(e => e.Type == HistoryEvent.Ok && e.Op is HistoryEvent.Submit or HistoryEvent.Poison && e.Value["callback"] is not null)
            .Select(e => (RedisKey)RedisResultBackend.TaskKey(e.Value["callback"]!.GetValue<string>()))
            .ToArray();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(lab.Servers.BackendConnectionString);
        await using var broker = await new ConnectionFactory { Uri = new Uri(lab.Servers.BrokerConnectionString) }.CreateConnectionAsync();
        await using var channel = await broker.CreateChannelAsync();
        var deadline = DateTime.UtcNow + limit;
        var (last, lastChange) = (-1L, DateTime.UtcNow);
        while (DateTime.UtcNow < deadline)
        {
            var ready = (await redis.GetDatabase().StringGetAsync(callbacks)).Count(value => !value.IsNull && IsReady(value!));
            var queued = (await channel.QueueDeclarePassiveAsync("waitinate")).MessageCount + (await channel.QueueDeclarePassiveAsync("summarize")).MessageCount;
            if (ready == callbacks.Length && queued == 0)
            {
                return true;
            }

            var progress = ready * 100_000L + queued;
            if (progress != last)
            {
                (last, lastChange) = (progress, DateTime.UtcNow);
            }
            else if (queued == 0 && DateTime.UtcNow - lastChange > TimeSpan.FromSeconds(30))
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromSeconds(2));
        }

        return false;
    }

    private static bool IsReady(byte[] stored) => JsonNode.Parse(stored)?["status"]?.GetValue<string>() is "SUCCESS" or "FAILURE" or "REVOKED";
}
