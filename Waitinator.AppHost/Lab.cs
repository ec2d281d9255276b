namespace Waitinator.AppHost;

/// <summary>What one start of the lab decided before modelling resources: its settings, how servers run, and its folder.</summary>
public sealed record Lab(LabSettings Settings, InfrastructureMode Mode, RunFolder Run);
