namespace Waitinator.Tests.Lab;

/// <summary>Polls a condition of a running lab (tasks in flight at the Api, say) until it holds or the time is up.</summary>
internal static class Eventually
{
    public static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> context)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Timed out waiting. Output:\n{context()}");
            await Task.Delay(50);
        }
    }
}
