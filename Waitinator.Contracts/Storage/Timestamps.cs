using System.Globalization;

namespace Waitinator.Contracts.Storage;

/// <summary>The one text form of a time in the lab's SQLite files: UTC, microseconds, readable by SQLite's julianday().</summary>
public static class Timestamps
{
    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
}
