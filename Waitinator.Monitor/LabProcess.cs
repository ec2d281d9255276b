namespace Waitinator.Monitor;

/// <summary>A process the lab started (or one of its children): its id, parent, program, and the resource it belongs to.</summary>
public sealed record LabProcess(int Pid, int ParentPid, string Executable, string Resource, long StartTicks);
