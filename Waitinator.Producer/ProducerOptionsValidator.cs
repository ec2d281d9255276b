using Microsoft.Extensions.Options;

namespace Waitinator.Producer;

internal sealed class ProducerOptionsValidator : IValidateOptions<ProducerOptions>
{
    public ValidateOptionsResult Validate(string? name, ProducerOptions options)
    {
        var failures = new List<string>();
        const string prefix = ProducerOptions.SectionName + ":";
        if (options.ChordSizes is not { Length: > 0 } || options.ChordSizes.Any(size => size < 1))
        {
            failures.Add($"{prefix}ChordSizes must list at least one chord, each of 1 or more tasks (got [{string.Join(", ", options.ChordSizes ?? [])}]).");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}Timeout must be positive (got {options.Timeout}).");
        }

        if (string.IsNullOrWhiteSpace(options.ReportPath))
        {
            failures.Add($"{prefix}ReportPath must name the JSON file to write.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
