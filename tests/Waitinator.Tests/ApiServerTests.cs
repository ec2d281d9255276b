using System.Net.Http.Json;

namespace Waitinator.Tests;

public sealed class ApiServerTests
{
    [Fact]
    public async Task A_thousand_concurrent_requests_are_all_answered_within_the_scaled_range_and_recorded()
    {
        // 180-210 s at scale 0.005 is 0.9-1.05 s: a thousand requests sleeping at once finish in about a second
        // only if no request holds a thread.
        await using var api = await ApiServer.StartAsync(new Dictionary<string, string?>
        {
            ["Api:MinSleepSeconds"] = "180",
            ["Api:MaxSleepSeconds"] = "210",
            ["Api:TimeScale"] = "0.005",
        });

        var responses = await Task.WhenAll(Enumerable.Range(0, 1000)
            .Select(_ => api.Client.GetFromJsonAsync<WaitinateResponse>("/waitinate")));

        Assert.All(responses, response =>
        {
            Assert.NotNull(response);
            Assert.InRange(response.SleepSeconds, 0.9, 1.05);
            Assert.True(response.TotalSeconds >= response.SleepSeconds, $"total {response.TotalSeconds} < sleep {response.SleepSeconds}");
            Assert.True(response.EndedAt > response.StartedAt);
        });
        var rows = RequestRows.Read(api.DatabasePath);
        Assert.Equal(1000, rows.Count);
        Assert.All(responses, response =>
        {
            Assert.True(rows.TryGetValue(response!.Id, out var row), $"request {response.Id} has no row");
            Assert.Equal(response.SleepSeconds, row.Sleep, 6);
            Assert.Equal(response.TotalSeconds, row.Total, 6);
        });
    }

    [Fact]
    public async Task The_same_seed_gives_the_same_sleeps_and_no_seed_does_not()
    {
        static async Task<double[]> SleepsAsync(string? seed)
        {
            await using var api = await ApiServer.StartAsync(new Dictionary<string, string?>
            {
                ["Api:MinSleepSeconds"] = "0",
                ["Api:MaxSleepSeconds"] = "10",
                ["Api:TimeScale"] = "0.001",
                ["Api:Seed"] = seed,
            });
            var sleeps = new double[5];
            for (var i = 0; i < sleeps.Length; i++)
            {
                sleeps[i] = (await api.Client.GetFromJsonAsync<WaitinateResponse>("/waitinate"))!.SleepSeconds;
            }

            return sleeps;
        }

        Assert.Equal(await SleepsAsync("42"), await SleepsAsync("42"));
        Assert.NotEqual(await SleepsAsync("42"), await SleepsAsync("43"));
        Assert.NotEqual(await SleepsAsync(null), await SleepsAsync(null));
    }

    [Fact]
    public async Task A_request_that_names_its_sleep_sleeps_that_long_scaled_and_a_bad_one_is_refused_and_not_recorded()
    {
        await using var api = await ApiServer.StartAsync(new Dictionary<string, string?>
        {
            ["Api:MinSleepSeconds"] = "180",
            ["Api:MaxSleepSeconds"] = "210",
            ["Api:TimeScale"] = "0.01",
        });

        var asked = await api.Client.GetFromJsonAsync<WaitinateResponse>("/waitinate?sleep_seconds=30");
        using var notANumber = await api.Client.GetAsync(new Uri("/waitinate?sleep_seconds=soon", UriKind.Relative));
        using var negative = await api.Client.GetAsync(new Uri("/waitinate?sleep_seconds=-1", UriKind.Relative));

        // 30 s at time scale 0.01, outside the random range's 1.8-2.1 s.
        Assert.Equal(0.3, asked!.SleepSeconds, 9);
        Assert.True(asked.TotalSeconds >= 0.3, $"slept {asked.TotalSeconds} s");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, notANumber.StatusCode);
        Assert.Contains("sleep_seconds", await notANumber.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, negative.StatusCode);
        Assert.Equal([asked.Id], RequestRows.Read(api.DatabasePath).Keys);
    }
}
