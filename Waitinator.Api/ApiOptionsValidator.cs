using Microsoft.Extensions.Options;
using Waitinator.Contracts.Settings;

namespace Waitinator.Api;

/// <summary>Refuses settings that would make the sleeps meaningless, before the Api accepts a request.</summary>
internal sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        var failures = new List<string>();
        var prefix = ApiOptions.SectionName + ":";

        if (!double.IsFinite(options.MinSleepSeconds) || options.MinSleepSeconds < 0)
        {
            failures.Add($"{prefix}MinSleepSeconds must be a number of seconds >= 0 (got {options.MinSleepSeconds}).");
        }

        if (!double.IsFinite(options.MaxSleepSeconds) || options.MaxSleepSeconds < 0)
        {
            failures.Add($"{prefix}MaxSleepSeconds must be a number of seconds >= 0 (got {options.MaxSleepSeconds}).");
        }
        else if (options.MaxSleepSeconds < options.MinSleepSeconds)
        {
            failures.Add(
                $"{prefix}MinSleepSeconds ({options.MinSleepSeconds}) must not be greater than {prefix}MaxSleepSeconds ({options.MaxSleepSeconds}).");
        }

        if (!double.IsFinite(options.TimeScale) || options.TimeScale < 0)
        {
            failures.Add($"{prefix}TimeScale must be a number >= 0 (got {options.TimeScale}); 1 is real time, 0.01 is a hundred times faster.");
        }

        if (!double.IsFinite(options.FailureRate) || options.FailureRate is < 0 or > 1)
        {
            failures.Add($"{prefix}FailureRate must be between 0 and 1 (got {options.FailureRate}).");
        }

        if (string.IsNullOrWhiteSpace(options.DatabasePath))
        {
            failures.Add($"{prefix}DatabasePath must name the SQLite file that records the requests.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
