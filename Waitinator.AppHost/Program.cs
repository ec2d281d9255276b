using Waitinator.AppHost;
using Waitinator.AppHost.Benchmark;
using Waitinator.AppHost.CommandLine;
using Waitinator.AppHost.Experiments;
using Waitinator.AppHost.Infrastructure.RabbitMQ;
using Waitinator.AppHost.Infrastructure.Redis;
using Waitinator.AppHost.Services;
using Waitinator.AppHost.SingleRun;

// --help, --list and a mistyped option end here; everything else becomes configuration.
var commandLine = LabCommandLine.Parse(args);
if (commandLine.ExitCode is { } exitCode)
{
    return exitCode;
}

var builder = DistributedApplication.CreateBuilder(commandLine.ConfigurationArguments);
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
// The run, the experiment or the benchmark sets the code when it stops the lab.
return Environment.ExitCode;
