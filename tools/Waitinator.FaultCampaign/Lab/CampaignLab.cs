using Waitinator.LocalLab;

namespace Waitinator.FaultCampaign.Lab;

/// <summary>
/// The lab the campaign runs in, all of its own, in one folder: RabbitMQ and Redis as local processes configured as the
/// AppHost configures them, the Api behind a fault proxy, and the paths of the worker and Api databases and the logs.
/// </summary>
public sealed class CampaignLab : IAsyncDisposable
{
    /// <summary>The workers' Worker:OutageTolerance: some of the nemesis's outages last longer.</summary>
    public static readonly TimeSpan OutageTolerance = TimeSpan.FromSeconds(20);

    /// <summary>The workers' Worker:MaxMessageBytes, under which the poison "too_large" is.</summary>
    public const int MaxMessageBytes = 64 * 1024;

    private CampaignLab(string folder, LocalServers servers, ApiProcess api, ApiFaultProxy proxy)
    {
        Folder = folder;
        Servers = servers;
        Api = api;
        Proxy = proxy;
    }

    public string Folder { get; }

    public LocalServers Servers { get; }

    public ApiProcess Api { get; }

    public ApiFaultProxy Proxy { get; }

    public string WorkerDatabase => Path.Combine(Folder, "worker.db");

    public string HistoryFolder => Path.Combine(Folder, "history");

    /// <summary>Starts the servers and the Api (sleeping 0.3-1.2 s a call) behind its proxy.</summary>
    public static async Task<CampaignLab> StartAsync(string folder)
    {
        Directory.CreateDirectory(Path.Combine(folder, "logs", "producers"));
        Directory.CreateDirectory(Path.Combine(folder, "history"));
        var servers = new LocalServers(Path.Combine(folder, "servers"), logToFiles: true);
        await servers.StartAsync();
        var api = await ApiProcess.StartAsync(0.3, 1.2, Path.Combine(folder, "api.db"), CancellationToken.None);
        var proxy = await ApiFaultProxy.StartAsync(api.Address);
        return new CampaignLab(folder, servers, api, proxy);
    }

    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        await Api.DisposeAsync();
        await Servers.StopAllAsync();
    }
}
