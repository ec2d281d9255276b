using Waitinator.AppHost.Settings;
using Waitinator.AppHost.Experiments;
using Waitinator.Tests.Lab;

namespace Waitinator.Tests;

/// <summary>Experiment files: the shipped ones load, and a mistake in one stops the lab with a message naming it.</summary>
public sealed class ExperimentDefinitionTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("waitinator-experiments-");

    private static string Shipped => Path.Combine(Repository.Root, "experiments");

    [Theory]
    [InlineData("quick", 4)]
    [InlineData("investigation", 24)]
    [InlineData("heartbeat", 5)]
    [InlineData("prefetch", 6)]
    [InlineData("replicas", 5)]
    public void The_shipped_experiments_of_the_original_investigation_load(string name, int configurations)
    {
        var experiment = ExperimentDefinition.Load(name, Shipped);
        Assert.Equal(name, experiment.Name);
        Assert.Equal(configurations, experiment.Configurations.Length);
        Assert.All(experiment.Configurations, c => Assert.Equal([7, 3], c.Chords!));
    }

    [Theory]
    [InlineData("wide", "async-1000", 1000, 1000)]
    [InlineData("scale", "n-10000", 10000, 10000)]
    public void The_shipped_benchmark_experiments_load(string name, string configuration, int tasks, int concurrency)
    {
        var experiment = ExperimentDefinition.Load(name, Shipped);
        var found = Assert.Single(experiment.Configurations, c => c.Name == configuration);
        Assert.Equal(tasks, found.Chords!.Sum());
        Assert.Equal(concurrency, found.Concurrency);
    }

    [Fact]
    public void The_investigation_starts_from_the_original_baseline_and_runs_both_engines()
    {
        var configurations = ExperimentDefinition.Load("investigation", Shipped).Configurations;
        var baseline = configurations[0];
        Assert.Equal((WorkerEngine.Celery, CeleryPool.Prefork, 1, 1), (baseline.Engine, baseline.Pool, baseline.Concurrency, baseline.PrefetchMultiplier));
        foreach (var pool in new[] { CeleryPool.Prefork, CeleryPool.Gevent, CeleryPool.Eventlet })
        {
            Assert.Equal([2, 4, 8, 16], configurations.Where(c => c.Pool == pool && c.Concurrency > 1).Select(c => c.Concurrency));
        }

        var dotnet = configurations.Where(c => c.Engine == WorkerEngine.Dotnet).ToList();
        Assert.Equal((TaskQueue.Concurrency.ExecutionModel.Solo, 1), (dotnet[0].ExecutionModel, dotnet[0].Concurrency));
        Assert.Equal(11, dotnet.Count);
    }

    [Fact]
    public void A_configuration_expects_one_consumer_per_replica_whatever_its_pool_or_model()
    {
        var json = """{ "configurations": [ { "name": "p", "engine": "celery", "pool": "prefork", "concurrency": 8, "replicas": 3 }, { "name": "d", "execution_model": "Process", "concurrency": 8, "replicas": 3 } ] }""";
        var path = Path.Combine(_folder.FullName, "engines.json");
        File.WriteAllText(path, json);
        var configurations = ExperimentDefinition.Load(path, Shipped).Configurations;
        Assert.Equal(3, configurations[0].ExpectedConsumers);
        // A process-model supervisor consumes for its children, as Celery's prefork parent does.
        Assert.Equal(3, configurations[1].ExpectedConsumers);
    }

    [Fact]
    public void An_unknown_experiment_names_the_ones_there_are()
    {
        var error = Assert.Throws<LabSettingsException>(() => ExperimentDefinition.Load("nosuch", Shipped));
        Assert.Contains("nosuch", error.Message, StringComparison.Ordinal);
        Assert.Contains("heartbeat, investigation, prefetch, quick, replicas, scale, wide", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "configurations": [ { "name": "a", "concurency": 4 } ] }""", "concurency")]
    [InlineData("""{ "configurations": [ { "name": "a", "execution_model": "Gevent" } ] }""", "execution_model")]
    [InlineData("""{ "configurations": [ { "name": "a", "concurrency": 0 } ] }""", "configuration 'a'")]
    [InlineData("""{ "configurations": [ { "name": "a" }, { "name": "a" } ] }""", "'a' appears 2 times")]
    [InlineData("""{ "configurations": [ { "name": "A b" } ] }""", "lower-case")]
    [InlineData("""{ "time_scale": 0, "configurations": [ { "name": "a" } ] }""", "time_scale")]
    [InlineData("""{ "configurations": [] }""", "configurations is empty")]
    [InlineData("""{ "configurations": null }""", "configurations is empty")]
    [InlineData("""{ "configurations": [ { "name": "a", "chords": [0] } ] }""", "chords")]
    [InlineData("""{ not json""", "is not a valid experiment")]
    [InlineData("""{ "configurations": [ { "name": "a", "engine": "sidekiq" } ] }""", "engine must be one of dotnet, celery")]
    [InlineData("""{ "configurations": [ { "name": "a", "engine": "celery", "pool": "tornado" } ] }""", "pool must be one of prefork, gevent, eventlet, threads, solo")]
    [InlineData("""{ "configurations": [ { "name": "a", "engine": "celery" } ] }""", "configuration 'a': pool is required")]
    [InlineData("""{ "configurations": [ { "name": "a", "engine": "celery", "pool": "solo", "concurrency": 4 } ] }""", "concurrency must be 1 for the solo pool")]
    [InlineData("""{ "configurations": [ { "name": "a", "engine": "celery", "pool": "gevent", "broker_heartbeat": -1 } ] }""", "broker_heartbeat")]
    [InlineData("""{ "configurations": [ { "name": "a", "pool": "gevent" } ] }""", "pool is Celery's setting")]
    public void A_bad_experiment_file_is_rejected_with_what_is_wrong(string json, string expected)
    {
        var path = Path.Combine(_folder.FullName, "bad.json");
        File.WriteAllText(path, json);
        var error = Assert.Throws<LabSettingsException>(() => ExperimentDefinition.Load(path, Shipped));
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
