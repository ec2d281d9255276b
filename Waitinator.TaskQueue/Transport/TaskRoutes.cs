namespace Waitinator.TaskQueue.Transport;

/// <summary>Which queue a task goes to (Celery's task_routes); a task without a route goes to the queue named like it.</summary>
public sealed class TaskRoutes(IReadOnlyDictionary<string, string> routes)
{
    public string QueueFor(string task) => routes.TryGetValue(task, out var queue) ? queue : task;
}
