using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>Refuses a telemetry-file setting that cannot work, naming it.</summary>
internal sealed class TelemetryFileOptionsValidator : IValidateOptions<TelemetryFileOptions>
{
    public ValidateOptionsResult Validate(string? name, TelemetryFileOptions options) =>
        options.MetricsInterval < TimeSpan.FromMilliseconds(100)
            ? ValidateOptionsResult.Fail($"{TelemetryFileOptions.SectionName}:MetricsInterval must be at least 100 ms.")
            : ValidateOptionsResult.Success;
}
