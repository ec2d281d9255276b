namespace Waitinator.Reporter.Input;

/// <summary>One waitinate task as the worker recorded it in waitinate_tasks.</summary>
public sealed record TaskRow(string TaskId, double SleepSeconds, DateTimeOffset StartedAt, DateTimeOffset EndedAt)
{
    public double Seconds => (EndedAt - StartedAt).TotalSeconds;
}
