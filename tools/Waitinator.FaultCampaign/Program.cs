using System.CommandLine;
using Waitinator.FaultCampaign;
using Waitinator.FaultCampaign.Load;

// Spectre wraps tables at 80 columns when output is redirected; campaign logs are read as files.
if (Console.IsOutputRedirected)
{
    Spectre.Console.AnsiConsole.Profile.Width = 200;
}

var root = new RootCommand("Waitinator's fault campaign: the lab's promises checked under random faults.") { RunCommand.Command(), SubmitCommand.Command() };
return await root.Parse(args).InvokeAsync();
