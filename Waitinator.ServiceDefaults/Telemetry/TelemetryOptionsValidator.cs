using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>Refuses a telemetry setting that cannot work, naming it.</summary>
internal sealed class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryOptions options)
    {
        var failures = new List<string>();
        if (options.MetricsInterval < TimeSpan.FromMilliseconds(100))
        {
            failures.Add($"{TelemetryOptions.SectionName}:MetricsInterval must be at least 100 ms.");
        }

        if (options.OtlpEndpoint is { } endpoint && (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https")))
        {
            failures.Add($"{TelemetryOptions.SectionName}:OtlpEndpoint must be an absolute http:// or https:// address, such as http://127.0.0.1:4318.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
