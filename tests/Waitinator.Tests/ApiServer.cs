using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Waitinator.Api;

namespace Waitinator.Tests;

/// <summary>The real Api on Kestrel, on a free loopback port, with its SQLite file in a folder of the test's own.</summary>
internal sealed class ApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ApiServer(WebApplication app, string databasePath)
    {
        _app = app;
        DatabasePath = databasePath;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Client = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(2) };
    }

    public HttpClient Client { get; }

    public string DatabasePath { get; }

    public static WebApplication Build(IDictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ApplicationName = typeof(ApiOptions).Assembly.GetName().Name });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddWaitinateApi();
        var app = builder.Build();
        app.MapWaitinateApi();
        return app;
    }

    public static async Task<ApiServer> StartAsync(IDictionary<string, string?> settings)
    {
        var folder = Directory.CreateTempSubdirectory("waitinator-api-");
        var databasePath = Path.Combine(folder.FullName, "api.db");
        settings["Api:DatabasePath"] = databasePath;
        var app = Build(settings);
        await app.StartAsync();
        return new ApiServer(app, databasePath);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
