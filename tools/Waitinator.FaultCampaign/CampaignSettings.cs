namespace Waitinator.FaultCampaign;

/// <summary>One campaign's settings, all on its command line so that its report can print the command that replays it.</summary>
/// <param name="Duration">How long faults are injected into the running chords.</param>
/// <param name="Seed">Draws the fault schedule, the chords and the poison messages.</param>
/// <param name="MaxOutage">The longest RabbitMQ or Redis stays down; over the workers' outage tolerance (20 s), some operations give up.</param>
/// <param name="Quiesce">How long the campaign waits, once the faults stop, for the work to settle before it checks.</param>
/// <param name="Output">The campaign's folder: history, databases, logs, report.</param>
/// <param name="WorkerAssembly">The Waitinator.Worker.dll to run (by default the one built beside the campaign).</param>
public sealed record CampaignSettings(TimeSpan Duration, int Seed, TimeSpan MaxOutage, TimeSpan Quiesce, string Output, string WorkerAssembly);
