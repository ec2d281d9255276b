using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Serilog;

namespace Waitinator.AppHost.Experiments;

/// <summary>Where an experiment's AppHost log lines go: all of them to apphost.log in its results folder, the terminal's share by its kind.</summary>
public static class ExperimentLoggingExtensions
{
    public const string LogFileName = "apphost.log";

    /// <summary>
    /// Every line to RESULTS/apphost.log. In an interactive terminal, unless Lab:ConsoleLogs, the console keeps only
    /// warnings and errors (and the dashboard's login link), so that the live progress view is not buried.
    /// </summary>
    public static void AddExperimentLogging(this IDistributedApplicationBuilder builder, Lab lab, string resultsFolder)
    {
        var file = new LoggerConfiguration()
            .MinimumLevel.Information()
            .WriteTo.File(Path.Combine(resultsFolder, LogFileName))
            .CreateLogger();
        builder.Services.AddLogging(logging =>
        {
            logging.AddSerilog(file, dispose: true);
            if (ExperimentTerminal.IsInteractive && !lab.Settings.ConsoleLogs)
            {
                logging.AddFilter<ConsoleLoggerProvider>(category: null, LogLevel.Warning);
                logging.AddFilter<ConsoleLoggerProvider>("Aspire.Hosting.DistributedApplication", LogLevel.Information);
            }
        });
    }
}
