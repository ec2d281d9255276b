using Microsoft.Extensions.Options;
using Waitinator.TaskQueue.Concurrency;

namespace Waitinator.TaskQueue.Hosting;

/// <summary>Refuses worker settings that cannot run, with the setting's name and what to use instead.</summary>
public sealed class WorkerOptionsValidator : IValidateOptions<WorkerOptions>
{
    public const int MaxConcurrency = 100_000;

    public ValidateOptionsResult Validate(string? name, WorkerOptions options)
    {
        var failures = new List<string>();
        const string prefix = WorkerOptions.SectionName + ":";
        if (!Enum.IsDefined(options.ExecutionModel))
        {
            failures.Add($"{prefix}ExecutionModel must be one of {string.Join(", ", Enum.GetNames<ExecutionModel>())}.");
        }

        if (options.Concurrency is < 1 or > MaxConcurrency)
        {
            failures.Add($"{prefix}Concurrency must be between 1 and {MaxConcurrency} (got {options.Concurrency}).");
        }
        else if (options.ExecutionModel == ExecutionModel.Solo && options.Concurrency != 1)
        {
            failures.Add($"{prefix}Concurrency must be 1 with the Solo model, which runs one task at a time (got {options.Concurrency}); use Threads or Async for more.");
        }

        if (options.PrefetchMultiplier < 0)
        {
            failures.Add($"{prefix}PrefetchMultiplier must be 0 (no limit) or more (got {options.PrefetchMultiplier}).");
        }
        else if ((long)options.SlotsInThisProcess * options.PrefetchMultiplier > ushort.MaxValue)
        {
            failures.Add($"{prefix}Concurrency x {prefix}PrefetchMultiplier must not exceed {ushort.MaxValue}, RabbitMQ's largest prefetch count; use 0 for no limit.");
        }

        if (!Enum.IsDefined(options.Acks))
        {
            failures.Add($"{prefix}Acks must be Early or Late.");
        }

        if (options.Queues is { } queues && queues.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{prefix}Queues must not name an empty queue.");
        }

        if (options.ResultExpires < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{prefix}ResultExpires must be at least one second.");
        }

        if (options.MaxMessageBytes < 1024)
        {
            failures.Add($"{prefix}MaxMessageBytes must be at least 1024 (got {options.MaxMessageBytes}).");
        }

        if (options.ShutdownGrace <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}ShutdownGrace must be positive (got {options.ShutdownGrace}).");
        }

        if (options.OutageTolerance <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}OutageTolerance must be positive (got {options.OutageTolerance}).");
        }

        if (options.HandBackWhenBusy < TimeSpan.Zero)
        {
            failures.Add($"{prefix}HandBackWhenBusy must be 0 (keep prefetched messages while every slot is busy) or positive (got {options.HandBackWhenBusy}).");
        }

        if (options.DeliveryLimit is < 1 or > 1000)
        {
            failures.Add($"{prefix}DeliveryLimit must be between 1 and 1000 (got {options.DeliveryLimit}).");
        }

        if (options.PrefetchHoldLimit < TimeSpan.Zero)
        {
            failures.Add($"{prefix}PrefetchHoldLimit must be 0 (keep prefetched messages) or positive (got {options.PrefetchHoldLimit}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
