using Waitinator.AppHost;
using Waitinator.AppHost.Benchmark;
using Waitinator.AppHost.Experiments;
using Waitinator.AppHost.Infrastructure.RabbitMQ;
using Waitinator.AppHost.Infrastructure.Redis;
using Waitinator.AppHost.Services;
using Waitinator.AppHost.SingleRun;

var builder = DistributedApplication.CreateBuilder(args);
var lab = builder.LoadLab();
builder.ServePlainHttp();

var broker = builder.AddBroker(lab);
var backend = builder.AddBackend(lab);

if (lab.Settings.Benchmark is not null)
{
    // The benchmark starts the workers it compares itself, to sample each one's process tree.
    builder.AddBenchmark(lab, broker, backend);
}
else
{
    builder.AddMonitor(broker, backend);
    if (lab.Experiment is { } experiment)
    {
        builder.AddExperiment(lab, experiment, broker, backend);
    }
    else
    {
        builder.AddSingleRun(lab, broker, backend);
    }
}

builder.Build().Run();
