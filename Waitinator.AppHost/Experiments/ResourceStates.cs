using System.Collections.Concurrent;

namespace Waitinator.AppHost.Experiments;

/// <summary>The latest snapshot of every resource instance (each replica has its own), kept from the notification stream.</summary>
internal sealed class ResourceStates(ResourceNotificationService notifications)
{
    private readonly ConcurrentDictionary<string, ResourceEvent> _latest = new();

    public async Task WatchAsync(CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var change in notifications.WatchAsync(cancellationToken))
            {
                _latest[change.ResourceId] = change;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public IReadOnlyList<CustomResourceSnapshot> InstancesOf(IResource resource) =>
        [.. _latest.Values.Where(e => ReferenceEquals(e.Resource, resource)).Select(e => e.Snapshot)];

    /// <summary>Every instance of the resource with its id, as the log service and the commands name it.</summary>
    public IReadOnlyList<(string Id, CustomResourceSnapshot Snapshot)> IdentifiedInstancesOf(IResource resource) =>
        [.. _latest.Values.Where(e => ReferenceEquals(e.Resource, resource)).Select(e => (e.ResourceId, e.Snapshot))];

    /// <summary>The ids of the resource's instances (one per replica), as the log service names them.</summary>
    public IReadOnlyList<string> InstanceIdsOf(IResource resource) =>
        [.. _latest.Values.Where(e => ReferenceEquals(e.Resource, resource)).Select(e => e.ResourceId)];
}
