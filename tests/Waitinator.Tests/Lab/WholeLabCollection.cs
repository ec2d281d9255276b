namespace Waitinator.Tests.Lab;

/// <summary>
/// Tests that start the whole lab through the AppHost (servers, dashboard, DCP and a dozen processes): xunit runs them
/// one after another, so that two labs never compete for the 2 cores, and their figures stay each lab's own.
/// </summary>
[CollectionDefinition(Name)]
public sealed class WholeLabCollection
{
    public const string Name = "whole lab";
}
