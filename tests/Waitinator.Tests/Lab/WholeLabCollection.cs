namespace Waitinator.Tests.Lab;

/// <summary>
/// Tests that start the whole lab through the AppHost (servers, dashboard, DCP and a dozen processes): xunit runs them
/// one after another, so that two labs never compete for the cores, and their figures stay each lab's own. They also
/// run after the other collections, not beside them: an AppHost starved of both cores by the benchmark and fault tests
/// could take minutes to start its hosted services.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WholeLabCollection
{
    public const string Name = "whole lab";
}
