namespace Waitinator.Tests.Lab;

/// <summary>
/// Tests that start the whole lab through the AppHost (servers, dashboard, DCP and a dozen processes): xunit runs them
/// one after another, so that two labs never compete for the 2 cores, and their figures stay each lab's own. They also
/// run after the other collections, not beside them: twice this week an AppHost never finished starting (no hosted
/// service ran for 4 and 10 minutes) while the benchmark and fault tests held both cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WholeLabCollection
{
    public const string Name = "whole lab";
}
