using Microsoft.Extensions.Options;

namespace Waitinator.Tests;

public sealed class ApiOptionsTests
{
    [Theory]
    [InlineData("10", "5", "1", "Api:MinSleepSeconds (10) must not be greater than Api:MaxSleepSeconds (5)")]
    [InlineData("1", "2", "-0.5", "Api:TimeScale must be a number >= 0")]
    [InlineData("-1", "2", "1", "Api:MinSleepSeconds must be a number of seconds >= 0")]
    public async Task Bad_settings_stop_the_api_at_start_with_a_message_naming_the_setting(string min, string max, string scale, string expected)
    {
        await using var app = ApiServer.Build(new Dictionary<string, string?>
        {
            ["Api:MinSleepSeconds"] = min,
            ["Api:MaxSleepSeconds"] = max,
            ["Api:TimeScale"] = scale,
            ["Api:DatabasePath"] = Path.Combine(Path.GetTempPath(), $"waitinator-never-{Guid.NewGuid():N}.db"),
        });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_setting_that_is_not_a_number_is_refused_at_start()
    {
        await using var app = ApiServer.Build(new Dictionary<string, string?> { ["Api:TimeScale"] = "fast" });

        var failure = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => app.StartAsync());
        Assert.Contains("TimeScale", failure.ToString(), StringComparison.Ordinal);
    }
}
