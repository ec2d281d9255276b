using Waitinator.LocalLab;
using Waitinator.Tests.Lab;

namespace Waitinator.Tests;

/// <summary>
/// scripts/prerequisites.sh installs Debian's servers without leaving a system broker, Redis or port mapper running:
/// run here with apt-get and systemctl standing in (this machine's packages are installed, and it has no systemd), the
/// stand-ins record what a real install would meet.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class PrerequisitesTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Installing_the_servers_starts_no_service_and_stops_any_systemd_started(bool systemd)
    {
        var folder = Directory.CreateTempSubdirectory("waitinator-prerequisites-").FullName;
        var log = Path.Combine(folder, "calls.log");
        var policy = Path.Combine(folder, "policy-rc.d");
        var bin = Directory.CreateDirectory(Path.Combine(folder, "bin")).FullName;
        // apt-get asks policy-rc.d, as invoke-rc.d does before it starts a package's service, and records the answer.
        await Shim(bin, "apt-get", $"""
            echo "apt-get $*" >> "{log}"
            if [ "$1" = install ]; then
              if [ -x "{policy}" ]; then "{policy}" rabbitmq-server start; echo "policy-rc.d said $?" >> "{log}"; else echo "no policy-rc.d" >> "{log}"; fi
            fi
            """);
        await Shim(bin, "systemctl", $"""echo "systemctl $*" >> "{log}" """);
        var systemdFolder = systemd ? Directory.CreateDirectory(Path.Combine(folder, "systemd")).FullName : Path.Combine(folder, "no-systemd");

        await using var install = ChildProcess.Start(
            "bash",
            ["-c", $"source '{Path.Combine(Repository.Root, "scripts", "prerequisites.sh")}' && waitinator_apt_install '' rabbitmq-server redis-server"],
            new Dictionary<string, string>
            {
                ["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}",
                ["WAITINATOR_POLICY_RC_D"] = policy,
                ["WAITINATOR_SYSTEMD_DIR"] = systemdFolder,
            });
        Assert.Equal(0, await install.WaitForExitAsync(TimeSpan.FromMinutes(1)));

        var calls = await File.ReadAllLinesAsync(log);
        Assert.Contains("apt-get install -y -qq rabbitmq-server redis-server", calls);
        // 101: "action forbidden by policy", so the package installs without starting its service.
        Assert.Contains("policy-rc.d said 101", calls);
        Assert.False(File.Exists(policy), "The install left its policy-rc.d behind: no service would start on this machine again.");
        var disabled = calls.Where(call => call.StartsWith("systemctl disable --now ", StringComparison.Ordinal)).Select(call => call["systemctl disable --now ".Length..]).ToList();
        if (systemd)
        {
            Assert.Equal(["rabbitmq-server.service", "redis-server.service", "epmd.service", "epmd.socket"], disabled);
        }
        else
        {
            Assert.Empty(disabled);
        }

        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_policy_rc_d_already_there_is_kept()
    {
        var folder = Directory.CreateTempSubdirectory("waitinator-prerequisites-").FullName;
        var policy = Path.Combine(folder, "policy-rc.d");
        await File.WriteAllTextAsync(policy, "#!/bin/sh\nexit 101\n");
        var bin = Directory.CreateDirectory(Path.Combine(folder, "bin")).FullName;
        await Shim(bin, "apt-get", "true");

        await using var install = ChildProcess.Start(
            "bash",
            ["-c", $"source '{Path.Combine(Repository.Root, "scripts", "prerequisites.sh")}' && waitinator_apt_install '' redis-server"],
            new Dictionary<string, string>
            {
                ["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}",
                ["WAITINATOR_POLICY_RC_D"] = policy,
                ["WAITINATOR_SYSTEMD_DIR"] = Path.Combine(folder, "no-systemd"),
            });
        Assert.Equal(0, await install.WaitForExitAsync(TimeSpan.FromMinutes(1)));

        Assert.Equal("#!/bin/sh\nexit 101\n", await File.ReadAllTextAsync(policy));
        Directory.Delete(folder, recursive: true);
    }

    private static async Task Shim(string bin, string name, string script)
    {
        var path = Path.Combine(bin, name);
        await File.WriteAllTextAsync(path, $"#!/bin/sh\n{script}\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
