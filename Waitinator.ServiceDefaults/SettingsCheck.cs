using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Checks every setting a host validates at start before anything connects, and turns a bad one into a plain message:
/// one line per problem on stderr and exit code 2, instead of a stack trace after a failed connection attempt.
/// </summary>
public static class SettingsCheck
{
    public const int BadSettingsExitCode = 2;

    /// <summary>Runs the host once its settings are known good; exits with <see cref="BadSettingsExitCode"/> otherwise.</summary>
    public static void RunWithCheckedSettings(this IHost host)
    {
        if (Problems(host.Services) is { Count: > 0 } problems)
        {
            foreach (var problem in problems)
            {
                Console.Error.WriteLine($"Invalid setting: {problem}");
            }

            Environment.Exit(BadSettingsExitCode);
        }

        host.Run();
    }

    /// <summary>What is wrong with the settings, in words a user acts on; empty when nothing is.</summary>
    public static IReadOnlyList<string> Problems(IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return [];
        }
        catch (OptionsValidationException exception)
        {
            return exception.Failures.ToList();
        }
        catch (AggregateException exception) when (exception.InnerExceptions.All(e => e is OptionsValidationException))
        {
            return exception.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures).ToList();
        }
        catch (InvalidOperationException exception) when (exception.InnerException is FormatException or ArgumentException or OverflowException)
        {
            // The configuration binder's "Failed to convert configuration value 'x' at 'Section:Key' to type 'T'."
            return [$"{exception.Message} {exception.InnerException.Message}"];
        }
    }
}
