namespace Waitinator.Tests.Lab;

/// <summary>Celery's prefork 2 and gevent 4 beside the .NET async model of 4, once, through the AppHost.</summary>
public sealed class CeleryEnginesExperiment() : HeadlessExperiment(Repository.TestExperiment("celery-engines"), "waitinator-engines-");
