using Microsoft.Extensions.Options;
using Waitinator.Contracts.Settings;

namespace Waitinator.Worker;

/// <summary>Refuses Api client settings that cannot work, naming the setting.</summary>
internal sealed class ApiClientOptionsValidator : IValidateOptions<ApiClientOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiClientOptions options)
    {
        var failures = new List<string>();
        const string prefix = ApiClientOptions.SectionName + ":";
        if (!Uri.TryCreate(options.BaseAddress, UriKind.Absolute, out _))
        {
            failures.Add($"{prefix}BaseAddress must be an absolute address (got '{options.BaseAddress}').");
        }

        if (!Enum.IsDefined(options.Protocol))
        {
            failures.Add($"{prefix}Protocol must be Http1 or Http2.");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}Timeout must be positive.");
        }

        if (options.Retries is < 0 or > 100)
        {
            failures.Add($"{prefix}Retries must be between 0 and 100.");
        }

        if (options.RetryDelay <= TimeSpan.Zero || options.RetryMaxDelay < options.RetryDelay)
        {
            failures.Add($"{prefix}RetryDelay must be positive and at most {prefix}RetryMaxDelay.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
