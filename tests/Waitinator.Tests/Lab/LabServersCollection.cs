namespace Waitinator.Tests.Lab;

/// <summary>Tests that share one RabbitMQ and one Redis; xunit runs them one after another.</summary>
[CollectionDefinition(Name)]
public sealed class LabServersCollection : ICollectionFixture<LabServers>
{
    public const string Name = "lab servers";
}
