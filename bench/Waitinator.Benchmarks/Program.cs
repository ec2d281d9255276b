using System.CommandLine;
using Waitinator.Benchmarks;
using Waitinator.Benchmarks.Engines;

// Spectre wraps tables at 80 columns when output is redirected; benchmark logs are read as files.
if (Console.IsOutputRedirected)
{
    Spectre.Console.AnsiConsole.Profile.Width = 200;
}

var root = new RootCommand("Waitinator benchmarks: each prints a table of figures.") { ApiConcurrencyBenchmark.Command(), EngineBenchmark.Command() };
return await root.Parse(args).InvokeAsync();
