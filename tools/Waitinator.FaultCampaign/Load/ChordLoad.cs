using System.Globalization;
using Waitinator.FaultCampaign.Lab;
using Waitinator.LocalLab;

namespace Waitinator.FaultCampaign.Load;

/// <summary>
/// The campaign's steady load: a producer process every few seconds, each submitting two to four chords of one to six
/// tasks, sizes and pauses drawn from the campaign's seed. The nemesis may kill the one running (producer-kill).
/// </summary>
public sealed class ChordLoad(CampaignLab lab, Random random) : IAsyncDisposable
{
    private readonly List<ChildProcess> _producers = [];
    private readonly Lock _gate = new();
    private int _started;

    /// <summary>Producers started so far.</summary>
    public int Started => _started;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                StartProducer();
                await Task.Delay(TimeSpan.FromSeconds(2 + (random.NextDouble() * 3)), cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Starts a producer and returns it.</summary>
    public ChildProcess StartProducer()
    {
        int[] sizes;
        lock (random)
        {
            sizes = [.. Enumerable.Range(0, random.Next(2, 5)).Select(_ => random.Next(1, 7))];
        }

        var name = $"producer-{Interlocked.Increment(ref _started)}";
        var campaign = typeof(ChordLoad).Assembly.Location;
        var producer = ChildProcess.Start(
            "dotnet",
            [campaign, "submit", "--name", name, "--history", Path.Combine(lab.HistoryFolder, name + ".jsonl"), "--sizes", .. sizes.Select(s => s.ToString(CultureInfo.InvariantCulture))],
            new Dictionary<string, string>
            {
                ["ConnectionStrings__broker"] = lab.Servers.BrokerConnectionString,
                ["ConnectionStrings__backend"] = lab.Servers.BackendConnectionString,
            },
            logFile: Path.Combine(lab.Folder, "logs", "producers", name + ".log"));
        lock (_gate)
        {
            _producers.RemoveAll(p => p.HasExited);
            _producers.Add(producer);
        }

        return producer;
    }

    /// <summary>The producer started last, if it still runs.</summary>
    public ChildProcess? Latest()
    {
        lock (_gate)
        {
            return _producers.LastOrDefault(p => !p.HasExited);
        }
    }

    /// <summary>Waits for the producers still running to finish.</summary>
    public async Task DrainAsync()
    {
        List<ChildProcess> running;
        lock (_gate)
        {
            running = [.. _producers];
        }

        foreach (var producer in running)
        {
            try
            {
                await producer.WaitForExitAsync(TimeSpan.FromMinutes(2));
            }
            catch (TimeoutException)
            {
                producer.KillHard();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<ChildProcess> producers;
        lock (_gate)
        {
            producers = [.. _producers];
        }

        foreach (var producer in producers)
        {
            await producer.DisposeAsync();
        }
    }
}
