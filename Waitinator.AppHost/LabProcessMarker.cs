namespace Waitinator.AppHost;

/// <summary>
/// Gives every resource the lab starts the lab's id and its own name in its environment (WAITINATOR_LAB,
/// WAITINATOR_RESOURCE): children inherit both, so the monitor finds every process of this lab, Celery's forked
/// children and the servers' helpers included, and knows which resource each belongs to.
/// </summary>
public static class LabProcessMarker
{
    public const string LabVariable = "WAITINATOR_LAB";
    public const string ResourceVariable = "WAITINATOR_RESOURCE";

    public static void MarkLabProcesses(this IDistributedApplicationBuilder builder, string labId) =>
        builder.Eventing.Subscribe<BeforeStartEvent>((start, _) =>
        {
            foreach (var resource in start.Model.Resources.OfType<IResourceWithEnvironment>())
            {
                resource.Annotations.Add(new EnvironmentCallbackAnnotation(context =>
                {
                    context.EnvironmentVariables[LabVariable] = labId;
                    // A resource may report as another (a Celery replica as its worker set): its own setting wins.
                    context.EnvironmentVariables.TryAdd(ResourceVariable, resource.Name);
                }));
            }

            return Task.CompletedTask;
        });
}
