using Waitinator.AppHost;
using Waitinator.AppHost.Experiments;
using Waitinator.Tests.Lab;

namespace Waitinator.Tests;

/// <summary>Experiment files: the shipped ones load, and a mistake in one stops the lab with a message naming it.</summary>
public sealed class ExperimentDefinitionTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("waitinator-experiments-");

    private static string Shipped => Path.Combine(Repository.Root, "experiments");

    [Theory]
    [InlineData("quick", 3)]
    [InlineData("investigation", 11)]
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
    public void The_investigation_starts_from_the_original_baseline()
    {
        var baseline = ExperimentDefinition.Load("investigation", Shipped).Configurations[0];
        Assert.Equal((TaskQueue.Concurrency.ExecutionModel.Solo, 1, 1), (baseline.ExecutionModel, baseline.Concurrency, baseline.PrefetchMultiplier));
    }

    [Fact]
    public void An_unknown_experiment_names_the_ones_there_are()
    {
        var error = Assert.Throws<LabSettingsException>(() => ExperimentDefinition.Load("nosuch", Shipped));
        Assert.Contains("nosuch", error.Message, StringComparison.Ordinal);
        Assert.Contains("investigation, prefetch, quick, replicas, scale, wide", error.Message, StringComparison.Ordinal);
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
