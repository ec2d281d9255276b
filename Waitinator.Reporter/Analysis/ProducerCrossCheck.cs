using Waitinator.Contracts;
using System.Globalization;

namespace Waitinator.Reporter.Analysis;

/// <summary>The producer measured the same tasks from their results: a disagreement beyond 1 ms says one of the two is off.</summary>
public static class ProducerCrossCheck
{
    public const double ToleranceSeconds = 0.001;

    public static void Compare(TaskFigures tasks, ExperimentReport producer, string producerPath, ReportWarnings warnings)
    {
        if (producer.TaskCount != tasks.TaskCount)
        {
            warnings.Add(producerPath, $"counts {producer.TaskCount} tasks, the worker database {tasks.TaskCount}");
        }

        Seconds("total", producer.TotalSeconds, tasks.TotalSeconds, producerPath, warnings);
        Seconds("mean task", producer.MeanTaskSeconds, tasks.MeanTaskSeconds, producerPath, warnings);
    }

    private static void Seconds(string what, double reported, double measured, string producerPath, ReportWarnings warnings)
    {
        if (reported is var value && Math.Abs(value - measured) > ToleranceSeconds)
        {
            warnings.Add(producerPath, string.Create(CultureInfo.InvariantCulture,
                $"says {what} {value:F4} s, the worker database {measured:F4} s (off by {Math.Abs(value - measured) * 1000:F1} ms)"));
        }
    }
}
