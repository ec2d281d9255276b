using System.Globalization;

namespace Waitinator.TaskQueue.Protocol;

/// <summary>
/// The ISO 8601 times Celery puts in its eta and expires headers (datetime.isoformat(), with or without an offset; a
/// time without one is UTC, Celery's default enable_utc).
/// </summary>
public static class CeleryTime
{
    public static bool TryParse(string? text, out DateTimeOffset time) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time);

    public static string Format(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture);
}
