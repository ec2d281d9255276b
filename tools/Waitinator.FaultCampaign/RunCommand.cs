using System.CommandLine;
using System.Globalization;

namespace Waitinator.FaultCampaign;

/// <summary>`run`: a fault campaign, its options checked before anything starts.</summary>
internal static class RunCommand
{
    public static Command Command()
    {
        var duration = new Option<TimeSpan>("--duration") { Description = "How long faults are injected into the running chords (hh:mm:ss).", DefaultValueFactory = _ => TimeSpan.FromMinutes(30) };
        var seed = new Option<int?>("--seed") { Description = "Draws the faults, the chords and the poison messages; printed, so that a run can be replayed. Default: random." };
        var maxOutage = new Option<double>("--max-outage") { Description = "The longest RabbitMQ or Redis stays down, in seconds; over 20 (the workers' outage tolerance) some operations give up and are retried.", DefaultValueFactory = _ => 25 };
        var quiesce = new Option<TimeSpan>("--quiesce") { Description = "How long to wait, once the faults stop, for the work to settle.", DefaultValueFactory = _ => TimeSpan.FromMinutes(3) };
        var output = new Option<string>("--output") { Description = "The campaign's folder.", DefaultValueFactory = _ => Path.Combine("results", "fault-campaign", DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)) };
        var worker = new Option<string>("--worker") { Description = "The Waitinator.Worker.dll to run (another build, to check its code).", DefaultValueFactory = _ => Path.Combine(AppContext.BaseDirectory, "Waitinator.Worker.dll") };
        var command = new Command("run", "Chords under a seeded random schedule of faults, then a check of the lab's promises; exits 1 on a violation.")
        {
            duration, seed, maxOutage, quiesce, output, worker,
        };
        duration.Validators.Add(result => Check(result, result.GetValueOrDefault<TimeSpan>() >= TimeSpan.FromSeconds(30), "--duration must be at least 00:00:30."));
        maxOutage.Validators.Add(result => Check(result, result.GetValueOrDefault<double>() is >= 1 and <= 300, "--max-outage must be between 1 and 300 seconds."));
        quiesce.Validators.Add(result => Check(result, result.GetValueOrDefault<TimeSpan>() >= TimeSpan.FromSeconds(10), "--quiesce must be at least 00:00:10."));
        worker.Validators.Add(result => Check(result, File.Exists(result.GetValueOrDefault<string>()), $"--worker names no file: {result.GetValueOrDefault<string>()}."));
        command.SetAction((parse, cancellationToken) => Campaign.RunAsync(
            new CampaignSettings(
                parse.GetValue(duration), parse.GetValue(seed) ?? Random.Shared.Next(1, 1_000_000), TimeSpan.FromSeconds(parse.GetValue(maxOutage)),
                parse.GetValue(quiesce), Path.GetFullPath(parse.GetValue(output)!), Path.GetFullPath(parse.GetValue(worker)!)),
            cancellationToken));
        return command;
    }

    private static void Check(System.CommandLine.Parsing.SymbolResult result, bool valid, string error)
    {
        if (!valid)
        {
            result.AddError(error);
        }
    }
}
