using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Waitinator.Tests.Lab;

/// <summary>
/// What each AppHost resource was doing when a test gave up waiting on it: a bare TaskCanceledException out of
/// StartAsync says nothing about which server or process held the lab back.
/// </summary>
internal static class ResourceStates
{
    public static string Describe(DistributedApplication app)
    {
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        var lines = model.Resources.Select(resource =>
            app.ResourceNotifications.TryGetCurrentState(resource.Name, out var current)
                ? $"{resource.Name}: {current.Snapshot.State?.Text ?? "no state"}"
                  + $", health {current.Snapshot.HealthStatus?.ToString() ?? "none"}"
                  + (current.Snapshot.ExitCode is { } code ? $", exit code {code}" : "")
                  + (current.Snapshot.StartTimeStamp is { } started ? $", started {started:HH:mm:ss.fff}" : "")
                : $"{resource.Name}: no state reported");
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>Runs <paramref name="step"/>; when <paramref name="timeout"/> fires first, fails with every resource's state.</summary>
    public static async Task<T> WithinAsync<T>(
        this DistributedApplication app, string what, CancellationTokenSource timeout, Func<CancellationToken, Task<T>> step)
    {
        var started = DateTimeOffset.UtcNow;
        try
        {
            return await step(timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException(
                $"{what} did not finish at {DateTimeOffset.UtcNow:HH:mm:ss.fff} "
                + $"({(DateTimeOffset.UtcNow - started).TotalSeconds:F0} s after it began). Resources:{Environment.NewLine}{Describe(app)}");
        }
    }

    public static Task WithinAsync(this DistributedApplication app, string what, CancellationTokenSource timeout, Func<CancellationToken, Task> step) =>
        app.WithinAsync(what, timeout, async token =>
        {
            await step(token);
            return true;
        });
}
