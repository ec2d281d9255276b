using System.Globalization;

namespace Waitinator.Benchmarks;

/// <summary>Samples another process's thread count and resident memory from /proc while a benchmark runs.</summary>
internal sealed class ProcessSampler(int pid) : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _loop;

    public int PeakThreads { get; private set; }

    public long PeakResidentBytes { get; private set; }

    public void Start() => _loop = Task.Run(async () =>
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        do
        {
            Sample();
        }
        while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false));
    });

    private void Sample()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("Threads:", StringComparison.Ordinal))
                {
                    PeakThreads = Math.Max(PeakThreads, int.Parse(line[8..].Trim(), CultureInfo.InvariantCulture));
                }
                else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kilobytes = long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                    PeakResidentBytes = Math.Max(PeakResidentBytes, kilobytes * 1024);
                }
            }
        }
        catch (IOException)
        {
            // The process has exited; the peaks so far stand.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        _stop.Dispose();
    }
}
