using System.Net;
using Waitinator.LocalLab;

namespace Waitinator.FaultCampaign.Lab;

/// <summary>
/// A proxy between the workers and the Api that fails, slows or refuses their calls while the nemesis says so: the Api
/// failing as a user's service fails, without a change to the Api. Health probes (/alive) always go through. An
/// HttpListener, not Kestrel: the campaign stays off ASP.NET's shared framework, so that the workers run beside it.
/// </summary>
public sealed class ApiFaultProxy : IAsyncDisposable
{
    private readonly HttpListener _listener;
    private readonly HttpClient _api;
    private readonly Task _serving;
    private volatile ApiFault _fault = ApiFault.None;
    private volatile bool _closed;
    private long _faulted;

    private ApiFaultProxy(HttpListener listener, HttpClient api, Uri address)
    {
        _listener = listener;
        _api = api;
        Address = address;
        _serving = Task.Run(ServeAsync);
    }

    public Uri Address { get; }

    /// <summary>How long a slow call waits before it is passed on: longer than the workers' Api timeout (5 s).</summary>
    public TimeSpan SlowBy { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>Calls failed or slowed so far.</summary>
    public long Faulted => Interlocked.Read(ref _faulted);

    /// <summary>What the proxy does now; refusing stops its listener, so that a call meets a closed port, as when the Api is down.</summary>
    public ApiFault Fault
    {
        get => _fault;
        set
        {
            lock (_listener)
            {
                if (value == ApiFault.Refuse && _listener.IsListening)
                {
                    _listener.Stop();
                }
                else if (value != ApiFault.Refuse && !_listener.IsListening)
                {
                    _listener.Start();
                }

                _fault = value;
            }
        }
    }

    public static Task<ApiFaultProxy> StartAsync(Uri api)
    {
        var address = new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}/");
        var listener = new HttpListener();
        listener.Prefixes.Add(address.ToString());
        listener.Start();
        var client = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromMinutes(2) };
        return Task.FromResult(new ApiFaultProxy(listener, client, address));
    }

    private async Task ServeAsync()
    {
        while (!_closed)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                // Stopped while it refuses calls, or closed for good.
                await Task.Delay(100);
                continue;
            }

            _ = HandleAsync(context);
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        try
        {
            var path = context.Request.Url?.PathAndQuery ?? "/";
            if (path.StartsWith("/waitinate", StringComparison.Ordinal))
            {
                switch (_fault)
                {
                    case ApiFault.Fail when Random.Shared.Next(2) == 0:
                        Interlocked.Increment(ref _faulted);
                        context.Response.StatusCode = 500;
                        context.Response.Close();
                        return;
                    case ApiFault.Slow:
                        Interlocked.Increment(ref _faulted);
                        await Task.Delay(SlowBy);
                        break;
                }
            }

            using var answer = await _api.GetAsync(path, HttpCompletionOption.ResponseContentRead);
            var body = await answer.Content.ReadAsByteArrayAsync();
            context.Response.StatusCode = (int)answer.StatusCode;
            context.Response.ContentType = answer.Content.Headers.ContentType?.ToString();
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
        catch (Exception exception) when (exception is HttpRequestException or HttpListenerException or IOException or ObjectDisposedException or TaskCanceledException)
        {
            // The worker gave up on the call, or the Api is gone: the connection is cut, as a failing service's would be.
            context.Response.Abort();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _closed = true;
        _listener.Stop();
        _listener.Close();
        await _serving;
        _api.Dispose();
    }
}
