using Waitinator.AppHost;
using Waitinator.AppHost.Experiments;

var builder = DistributedApplication.CreateBuilder(args);
var lab = builder.LoadLab();

var broker = builder.AddBroker(lab.Settings, lab.Mode, lab.Run);
var backend = builder.AddBackend(lab.Settings, lab.Mode, lab.Run);
if (lab.Settings.Benchmark is not null)
{
    builder.AddBenchmark(lab, broker, backend);
}
else if (lab.Experiment is { } experiment)
{
    builder.AddMonitor(broker, backend);
    builder.AddExperiment(lab, experiment, broker, backend);
}
else
{
    builder.AddMonitor(broker, backend);
    builder.AddSingleRun(lab, broker, backend);
}

builder.Build().Run();
