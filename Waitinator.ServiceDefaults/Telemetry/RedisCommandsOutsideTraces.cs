using System.Diagnostics;
using OpenTelemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Leaves the Redis commands that belong to no trace out of the exported spans. The lab's own Redis work (a result
/// stored, a chord part counted) runs inside a task's span; a command outside every trace is a poll or a wait (the
/// producer's progress, its wait for a callback, a warm-up), and each would be a one-span trace of its own.
/// </summary>
internal sealed class RedisCommandsOutsideTraces : BaseProcessor<Activity>
{
    private const string RedisInstrumentation = "OpenTelemetry.Instrumentation.StackExchangeRedis";

    public override void OnEnd(Activity data)
    {
        if (data.ParentSpanId == default && data.Source.Name == RedisInstrumentation)
        {
            // The export processors, added after this one, skip a span that is not recorded.
            data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
    }
}
