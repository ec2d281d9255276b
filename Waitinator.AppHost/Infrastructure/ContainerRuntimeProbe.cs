using System.Diagnostics;

namespace Waitinator.AppHost.Infrastructure;

/// <summary>
/// Aspire has no public way to ask for a container runtime before Build(), and one container resource without a
/// runtime stalls the whole model, so Auto asks the runtime's own client whether an engine answers.
/// </summary>
public static class ContainerRuntimeProbe
{
    public static InfrastructureMode Resolve(InfrastructureMode mode) =>
        mode != InfrastructureMode.Auto ? mode
        : EngineAnswers(Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME") ?? "docker") ? InfrastructureMode.Container
        : InfrastructureMode.Executable;

    private static bool EngineAnswers(string client)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(client, ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
            {
                return false;
            }

            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // No client installed.
        }
    }
}
