using Microsoft.Extensions.Options;
using Waitinator.Contracts.Settings;

namespace Waitinator.Producer;

internal sealed class ProducerOptionsValidator : IValidateOptions<ProducerOptions>
{
    public ValidateOptionsResult Validate(string? name, ProducerOptions options)
    {
        var failures = new List<string>();
        const string prefix = ProducerOptions.SectionName + ":";
        if (options.EffectiveChordSizes.Any(size => size < 1))
        {
            failures.Add($"{prefix}ChordSizes must list chords of 1 or more tasks each (got [{string.Join(", ", options.EffectiveChordSizes)}]).");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}Timeout must be positive (got {options.Timeout}).");
        }

        if (options.ExpectedConsumers < 0)
        {
            failures.Add($"{prefix}ExpectedConsumers must be 0 (do not wait) or more (got {options.ExpectedConsumers}).");
        }

        if (options.ConsumerWaitTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}ConsumerWaitTimeout must be positive (got {options.ConsumerWaitTimeout}).");
        }

        if (string.IsNullOrWhiteSpace(options.ReportPath))
        {
            failures.Add($"{prefix}ReportPath must name the JSON file to write.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
