using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Waitinator.AppHost.Services;

/// <summary>A dashboard command on each worker instance: kill it now, as a crash would, to watch the others recover its tasks.</summary>
public static class KillCommandExtensions
{
    public const string CommandName = "kill";

    /// <summary>The snapshot property in which the orchestrator gives an executable's or a project's process id.</summary>
    private const string ProcessIdProperty = "executable.pid";

    public static IResourceBuilder<T> WithKillCommand<T>(this IResourceBuilder<T> worker)
        where T : IResource
    {
        worker.ApplicationBuilder.Services.TryAddSingleton<KilledInstances>();
        return worker.WithCommand(
            CommandName,
            "Kill now",
            context => Task.FromResult(Kill(context)),
            new CommandOptions
            {
                // The dashboard shows the description as the button's tooltip: it starts with the command's name.
                Description = "Kill now: SIGKILL this process and its children, as a crash or an out-of-memory kill would. "
                    + "With late acks its unfinished tasks go back to the queue for the other workers.",
                IconName = "Flash",
                IsHighlighted = true,
                UpdateState = context => context.ResourceSnapshot.State?.Text == KnownResourceStates.Running
                    ? ResourceCommandState.Enabled
                    : ResourceCommandState.Disabled,
            });
    }

    private static ExecuteCommandResult Kill(ExecuteCommandContext context)
    {
        var notifications = context.Services.GetRequiredService<ResourceNotificationService>();
        if (!notifications.TryGetCurrentState(context.ResourceName, out var current)
            || current.Snapshot.Properties.FirstOrDefault(p => p.Name == ProcessIdProperty)?.Value is not { } value
            || !int.TryParse(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture), out var pid))
        {
            return CommandResults.Failure($"{context.ResourceName} has no running process to kill.");
        }

        // Recorded first: the lab must read the exit that follows as the user's doing.
        context.Services.GetRequiredService<KilledInstances>().Add(context.ResourceName);
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill(entireProcessTree: true);
            return CommandResults.Success();
        }
        catch (Exception exception) when (exception is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return CommandResults.Failure($"Killing {context.ResourceName} (process {pid}) failed: {exception.Message}");
        }
    }
}
