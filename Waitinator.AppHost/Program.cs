using Waitinator.AppHost;
using Waitinator.AppHost.Experiments;

var builder = DistributedApplication.CreateBuilder(args);
var lab = builder.LoadLab();

var broker = builder.AddBroker(lab.Settings, lab.Mode, lab.Run);
var backend = builder.AddBackend(lab.Settings, lab.Mode, lab.Run);
builder.AddMonitor(broker, backend);
if (lab.Experiment is { } experiment)
{
    builder.AddExperiment(lab, experiment, broker, backend);
}
else
{
    builder.AddSingleRun(lab, broker, backend);
}

builder.Build().Run();
