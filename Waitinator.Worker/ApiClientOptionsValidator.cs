using Microsoft.Extensions.Options;

namespace Waitinator.Worker;

/// <summary>Refuses Api client settings that cannot work, naming the setting.</summary>
internal sealed class ApiClientOptionsValidator : IValidateOptions<ApiClientOptions>
{
    public ValidateOptionsResult Validate(string? name, ApiClientOptions options)
    {
        var failures = new List<string>();
        const string prefix = ApiClientOptions.SectionName + ":";
        if (!Uri.TryCreate(options.ApiBaseAddress, UriKind.Absolute, out _))
        {
            failures.Add($"{prefix}ApiBaseAddress must be an absolute address (got '{options.ApiBaseAddress}').");
        }

        if (!Enum.IsDefined(options.ApiProtocol))
        {
            failures.Add($"{prefix}ApiProtocol must be Http1 or Http2.");
        }

        if (options.ApiTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}ApiTimeout must be positive.");
        }

        if (options.ApiRetries is < 0 or > 100)
        {
            failures.Add($"{prefix}ApiRetries must be between 0 and 100.");
        }

        if (options.ApiRetryDelay <= TimeSpan.Zero || options.ApiRetryMaxDelay < options.ApiRetryDelay)
        {
            failures.Add($"{prefix}ApiRetryDelay must be positive and at most {prefix}ApiRetryMaxDelay.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
