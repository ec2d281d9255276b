namespace Waitinator.Reporter.Input;

/// <summary>One waitinate task as the worker recorded it in waitinate_tasks; Runs above 1 means it was redelivered and ran again (its last run's times).</summary>
public sealed record TaskRow(string TaskId, double SleepSeconds, DateTimeOffset StartedAt, DateTimeOffset EndedAt, long Runs)
{
    public double Seconds => (EndedAt - StartedAt).TotalSeconds;
}
