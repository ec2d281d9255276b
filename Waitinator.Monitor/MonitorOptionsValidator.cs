using Microsoft.Extensions.Options;
using Waitinator.Contracts.Settings;

namespace Waitinator.Monitor;

internal sealed class MonitorOptionsValidator : IValidateOptions<MonitorOptions>
{
    public ValidateOptionsResult Validate(string? name, MonitorOptions options)
    {
        var failures = new List<string>();
        const string prefix = MonitorOptions.SectionName + ":";
        if (options.BrokerManagementUrl is not { IsAbsoluteUri: true } url || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"{prefix}BrokerManagementUrl must be the http(s) address of RabbitMQ's management API (got '{options.BrokerManagementUrl}').");
        }

        if (options.Interval < TimeSpan.FromMilliseconds(100))
        {
            failures.Add($"{prefix}Interval must be at least 100 ms (got {options.Interval}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
