using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Waitinator.Api;
using Waitinator.Contracts.Settings;

namespace Waitinator.Tests;

/// <summary>The real Api on Kestrel, on a free loopback port, with its SQLite file in a folder of the test's own.</summary>
internal sealed class ApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly RequestCounter _requests;

    private ApiServer(WebApplication app, RequestCounter requests, string databasePath)
    {
        _app = app;
        _requests = requests;
        DatabasePath = databasePath;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(2) };
    }

    public HttpClient Client { get; }

    public string DatabasePath { get; }

    /// <summary>Requests the Api is serving right now: tasks that are mid-call.</summary>
    public int InFlight => Volatile.Read(ref _requests.InFlight);

    public static WebApplication Build(IDictionary<string, string?> settings, RequestCounter? requests = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = typeof(ApiOptions).Assembly.GetName().Name });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddWaitinateApi();
        builder.AddDefaultHealthChecks(); // Workers warm up on /alive, as they do against the lab's Api.
        var app = builder.Build();
        if (requests is not null)
        {
            app.Use(async (context, next) =>
            {
                Interlocked.Increment(ref requests.InFlight);
                try
                {
                    await next(context);
                }
                finally
                {
                    Interlocked.Decrement(ref requests.InFlight);
                }
            });
        }

        app.MapDefaultEndpoints();
        app.MapWaitinateApi();
        return app;
    }

    public static async Task<ApiServer> StartAsync(IDictionary<string, string?> settings)
    {
        var folder = Directory.CreateTempSubdirectory("waitinator-api-");
        var databasePath = Path.Combine(folder.FullName, "api.db");
        settings["Api:DatabasePath"] = databasePath;
        var requests = new RequestCounter();
        var app = Build(settings, requests);
        await app.StartAsync();
        return new ApiServer(app, requests, databasePath);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Counts the Api's requests in flight, for tests that must act while tasks are mid-call.</summary>
internal sealed class RequestCounter
{
    public int InFlight;
}
