using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Waitinator.FaultCampaign.History;
using Waitinator.FaultCampaign.Lab;
using Waitinator.FaultCampaign.Load;

namespace Waitinator.FaultCampaign.Faults;

/// <summary>
/// Injects a schedule's faults one after another into the running lab, each healed before the next (a server started
/// again, a worker restarted, the Api proxy back to normal), recording each in the history when it starts and when it is
/// healed. The campaign runs two schedules at once: the servers' and workers', and the Api's and clients'.
/// </summary>
public sealed class Nemesis(CampaignLab lab, Fleet fleet, ChordLoad load, PoisonMessages poison, HistoryLog history, Random random)
{
    private readonly ConcurrentDictionary<string, int> _injected = new(FaultKind.All.ToDictionary(kind => kind, _ => 0));

    /// <summary>Faults injected so far, by kind, in the order of <see cref="FaultKind.All"/>.</summary>
    public IReadOnlyDictionary<string, int> Injected => FaultKind.All.ToDictionary(kind => kind, kind => _injected[kind]);

    public async Task RunAsync(IEnumerable<Fault> schedule, CancellationToken cancellationToken)
    {
        foreach (var fault in schedule)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            await InjectAsync(fault);
            try
            {
                await Task.Delay(fault.PauseAfter, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task InjectAsync(Fault fault)
    {
        var worker = fleet.Specs[fault.Target % fleet.Specs.Count];
        var value = new JsonObject { ["kind"] = fault.Kind, ["seconds"] = Math.Round(fault.Lasting.TotalSeconds, 2) };
        switch (fault.Kind)
        {
            case FaultKind.WorkerKill or FaultKind.WorkerTerm:
                value["target"] = worker.Name;
                break;
            case FaultKind.ChildKill:
                value["target"] = fleet.Specs.First(spec => spec.Model == "Process").Name;
                break;
            case FaultKind.Poison:
                value["target"] = PoisonMessages.Kinds[fault.Target].Kind;
                break;
        }

        history.Write(HistoryEvent.Invoke, HistoryEvent.Fault, value);
        try
        {
            await InjectAsync(fault, worker, value);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // Healing failed (a worker that would not start, say): told in the history; the campaign heals again at the end.
            value["error"] = $"{exception.GetType().Name}: {exception.Message.Split('\n')[0]}";
            history.Write(HistoryEvent.Fail, HistoryEvent.Fault, value);
            return;
        }

        _injected.AddOrUpdate(fault.Kind, 1, (_, count) => count + 1);
        history.Write(HistoryEvent.Ok, HistoryEvent.Fault, value);
    }

    private async Task InjectAsync(Fault fault, WorkerSpec worker, JsonObject value)
    {
        switch (fault.Kind)
        {
            case FaultKind.WorkerKill:
                await fleet.KillAsync(worker);
                await Task.Delay(fault.Lasting);
                await fleet.StartAsync(worker);
                break;
            case FaultKind.WorkerTerm:
                await fleet.TerminateAsync(worker);
                await Task.Delay(fault.Lasting);
                await fleet.StartAsync(worker);
                break;
            case FaultKind.ChildKill:
                lock (random)
                {
                    value["pid"] = fleet.KillChild(fleet.Specs.First(spec => spec.Model == "Process"), random);
                }

                break;
            case FaultKind.RabbitKill:
                await lab.Servers.KillBrokerAsync();
                await Task.Delay(fault.Lasting);
                await lab.Servers.StartBrokerAsync();
                break;
            case FaultKind.RabbitTerm:
                await lab.Servers.StopBrokerAsync();
                await Task.Delay(fault.Lasting);
                await lab.Servers.StartBrokerAsync();
                break;
            case FaultKind.RedisKill:
                await lab.Servers.KillBackendAsync();
                await Task.Delay(fault.Lasting);
                await lab.Servers.StartBackendAsync();
                break;
            case FaultKind.RedisTerm:
                await lab.Servers.StopBackendAsync();
                await Task.Delay(fault.Lasting);
                await lab.Servers.StartBackendAsync();
                break;
            case FaultKind.ApiFail or FaultKind.ApiSlow or FaultKind.ApiRefuse:
                lab.Proxy.Fault = fault.Kind switch
                {
                    FaultKind.ApiFail => ApiFault.Fail,
                    FaultKind.ApiSlow => ApiFault.Slow,
                    _ => ApiFault.Refuse,
                };
                await Task.Delay(fault.Lasting);
                lab.Proxy.Fault = ApiFault.None;
                break;
            case FaultKind.ProducerKill:
                // One started now, killed a moment later: before, during or after its submits.
                var producer = load.StartProducer();
                await Task.Delay(fault.Lasting);
                value["killed_running"] = !producer.HasExited;
                producer.KillHard();
                break;
            case FaultKind.Poison:
                await poison.PublishAsync(PoisonMessages.Kinds[fault.Target].Kind);
                break;
        }
    }
}
