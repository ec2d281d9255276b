using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using Waitinator.Tests.Lab;

namespace Waitinator.Tests;

/// <summary>The whole lab through its AppHost, with rabbitmq-server and redis-server as local executables.</summary>
[Collection(WholeLabCollection.Name)]
public sealed class AppHostTests
{
    // Generous: the other test collection may hold both cores with its own servers while this lab starts.
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task The_lab_starts_with_real_servers_and_the_api_records_what_it_answers()
    {
        await LabLeftovers.WaitUntilGoneAsync();
        var runs = Directory.CreateTempSubdirectory("waitinator-runs-");
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Waitinator_AppHost>(
        [
            "--Lab:Infrastructure=Executable",
            $"--Lab:RunsDirectory={runs.FullName}",
            "--Api:MinSleepSeconds=180",
            "--Api:MaxSleepSeconds=210",
            "--Api:TimeScale=0.005",
        ]);
        await using var app = await appHost.BuildAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        await app.WithinAsync("Starting the lab", timeout, app.StartAsync);

        foreach (var resource in new[] { "broker", "backend", "api" })
        {
            await app.WithinAsync($"Waiting for {resource} to be healthy", timeout, token =>
                app.ResourceNotifications.WaitForResourceHealthyAsync(resource, token));
        }

        foreach (var resource in new[] { "worker", "producer" })
        {
            await app.WithinAsync($"Waiting for {resource} to run", timeout, token =>
                app.ResourceNotifications.WaitForResourceAsync(resource, KnownResourceStates.Running, token));
        }

        using var client = app.CreateHttpClient("api");
        var response = await client.GetFromJsonAsync<WaitinateResponse>("/waitinate", timeout.Token);

        Assert.NotNull(response);
        Assert.InRange(response.SleepSeconds, 0.9, 1.05);
        var run = Assert.Single(runs.GetDirectories());
        var database = Path.Combine(run.FullName, "api", "waitinator-api.db");
        // The producer's experiment runs beside this request, so the log holds its tasks' requests too.
        var rows = RequestRows.Read(database);
        Assert.Equal(response.SleepSeconds, rows[response.Id].Sleep, 6);

        // The reporter reads the same run folder a user would hand it.
        var summary = ApiRequestSummary.Read(database);
        Assert.InRange(summary.Requests, rows.Count, rows.Count + 10);

        await AssertBrokerRefusesGuestAsync(app, timeout.Token);
    }

    private static async Task AssertBrokerRefusesGuestAsync(DistributedApplication app, CancellationToken cancellationToken)
    {
        var connectionString = await app.GetConnectionStringAsync("broker", cancellationToken);
        Assert.NotNull(connectionString);
        var uri = new Uri(connectionString);
        Assert.Equal("127.0.0.1", uri.Host);
        Assert.DoesNotContain("guest", uri.UserInfo, StringComparison.Ordinal);

        // The password handed out works; the default guest/guest does not exist.
        await using (await new ConnectionFactory { Uri = uri }.CreateConnectionAsync(cancellationToken))
        {
        }

        var guest = new ConnectionFactory { HostName = uri.Host, Port = uri.Port, UserName = "guest", Password = "guest" };
        await Assert.ThrowsAsync<BrokerUnreachableException>(() => guest.CreateConnectionAsync(cancellationToken));
    }
}
